"""Wrap the Linux one-folder bundle in a Debian package: dist/dhrdesk_<version>_<arch>.deb.

    python packaging/make_deb.py dist/dhrdesk --out dist [--compress xz|gzip|zstd|none]

Layout: the bundle in /opt/dhrdesk, /usr/bin/dhrdesk (a symlink), the desktop
entry in /usr/share/applications and the icon in the hicolor theme. No
maintainer scripts: dpkg's triggers refresh the menu and icon caches.

The bundle leaves the desktop stack (X11/xcb, fontconfig, GLib, D-Bus, the C++
runtime, GL) to the system, so the package must name those libraries as
dependencies. They are read from the bundle itself: every shared library an ELF
file in it needs (`NEEDED`) and that the bundle does not carry is looked up with
`ldconfig -p` and `dpkg -S` on the build machine. Libraries needed only by the
Wayland plugins become `Recommends` (without them Qt uses X11/XWayland). A
library the build machine cannot place in a package stops the build, naming it,
because a .deb that installs but cannot start is worse than none.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import stat
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "dhrdesk"
INSTALL_DIR = Path("opt") / PACKAGE
MAINTAINER = "DHR Desk maintainers <dhrdesk@localhost>"
DESCRIPTION = (
    "Offline, encrypted workspace for Domestic Homicide Reviews\n"
    " DHR Desk helps Domestic Homicide Review chairs and panels run a review:\n"
    " chronology, agency input, drafting, publication and monitoring, in an\n"
    " encrypted SQLCipher store on the chair's own computer. It never uses the\n"
    " network."
)


class DebError(RuntimeError):
    """A message for whoever builds the package."""


def _run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, **kwargs)


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"\x7fELF"
    except OSError:
        return False


def needed_by(files: list[Path]) -> dict[str, set[Path]]:
    """soname -> the ELF files in `files` that need it (readelf -d, in batches)."""
    needs: dict[str, set[Path]] = {}
    for start in range(0, len(files), 200):
        batch = files[start : start + 200]
        out = _run(["readelf", "-W", "-d", *map(str, batch)]).stdout
        current: Path | None = batch[0] if len(batch) == 1 else None
        for line in out.splitlines():
            header = re.match(r"^File: (.+)$", line)
            if header:
                current = Path(header.group(1))
                continue
            match = re.search(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", line)
            if match and current is not None:
                needs.setdefault(match.group(1), set()).add(current)
    return needs


def system_library_paths() -> dict[str, list[str]]:
    """soname -> paths, from the dynamic loader's cache (this machine's architecture)."""
    out = _run(["ldconfig", "-p"]).stdout
    machine = os.uname().machine
    wanted_tag = {"x86_64": "x86-64", "aarch64": "AArch64"}.get(machine)
    paths: dict[str, list[str]] = {}
    for line in out.splitlines():
        match = re.match(r"\s*(\S+) \(([^)]*)\) => (\S+)", line)
        if not match:
            continue
        soname, tags, path = match.groups()
        if wanted_tag and wanted_tag not in tags:
            continue
        paths.setdefault(soname, []).append(path)
    return paths


def owning_package(paths: list[str]) -> str | None:
    """The Debian package that installed one of these files (tries /usr-merged variants)."""
    candidates: list[str] = []
    for path in paths:
        real = os.path.realpath(path)
        for variant in (path, real):
            candidates.append(variant)
            if variant.startswith("/usr/"):
                candidates.append(variant[4:])
            else:
                candidates.append("/usr" + variant)
    out = _run(["dpkg", "-S", *dict.fromkeys(candidates)]).stdout
    for line in out.splitlines():
        match = re.match(r"^([^:,\s]+)(?::[a-z0-9]+)?(?:, [^:]+)*: (.+)$", line)
        if match:
            return match.group(1)
    return None


def _glibc_version() -> str:
    out = _run(["dpkg-query", "-W", "-f=${Version}", "libc6"]).stdout.strip()
    match = re.match(r"(\d+\.\d+)", out)
    if not match:
        raise DebError("cannot read the libc6 version (is this a Debian or Ubuntu system?)")
    return match.group(1)


def dependencies(bundle: Path) -> tuple[list[str], list[str]]:
    """(Depends, Recommends) for the bundle, from the libraries it needs but does not carry."""
    elves = [
        p for p in sorted(bundle.rglob("*")) if p.is_file() and not p.is_symlink() and is_elf(p)
    ]
    carried = {p.name for p in bundle.rglob("*")}
    needs = needed_by(elves)
    system = system_library_paths()
    depends = {f"libc6 (>= {_glibc_version()})"}
    recommends: set[str] = set()
    unknown = []
    for soname, users in sorted(needs.items()):
        if soname in carried:
            continue
        if re.match(r"^(libc|libm|libdl|libpthread|librt|libutil|ld-linux[-\w]*)\.so", soname):
            continue  # glibc: covered by libc6 above
        optional = all("wayland" in str(user.relative_to(bundle)).lower() for user in users)
        package = owning_package(system.get(soname, []))
        if package is None:
            if optional:
                print(f"make_deb: {soname} (Wayland only) not found here; not recommended")
                continue
            unknown.append(f"{soname} (needed by {sorted(u.name for u in users)[0]})")
            continue
        (recommends if optional else depends).add(package)
    if unknown:
        raise DebError(
            "cannot tell which Debian package provides: "
            + ", ".join(unknown)
            + ". Install those libraries on the build machine and build again."
        )
    return sorted(depends), sorted(recommends - depends)


def _version() -> str:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["version"]


def _architecture() -> str:
    return _run(["dpkg", "--print-architecture"], check=True).stdout.strip()


def _tree_size_kib(path: Path) -> int:
    total = sum(p.lstat().st_size for p in path.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def build_deb(bundle: Path, out_dir: Path, compress: str = "xz") -> Path:
    """Build the .deb from a one-folder bundle; returns its path."""
    if not (bundle / PACKAGE).is_file():
        raise DebError(f"{bundle} is not a DHR Desk bundle (no {PACKAGE} executable in it)")
    for tool in ("dpkg-deb", "dpkg", "readelf", "ldconfig"):
        if shutil.which(tool) is None and not Path("/sbin", tool).exists():
            raise DebError(f"{tool} is needed to build the .deb (Debian/Ubuntu: dpkg, binutils)")
    version, arch = _version(), _architecture()
    depends, recommends = dependencies(bundle)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    with tempfile.TemporaryDirectory(prefix="dhrdesk-deb-", dir=out_dir) as tmp:
        root = Path(tmp, "root")
        shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
        (root / "usr" / "bin").mkdir(parents=True)
        os.symlink(f"/{INSTALL_DIR}/{PACKAGE}", root / "usr" / "bin" / PACKAGE)
        apps = root / "usr" / "share" / "applications"
        apps.mkdir(parents=True)
        shutil.copy2(ROOT / "packaging" / "dhrdesk.desktop", apps / "dhrdesk.desktop")
        icons = root / "usr" / "share" / "icons" / "hicolor" / "scalable" / "apps"
        icons.mkdir(parents=True)
        shutil.copy2(ROOT / "packaging" / "dhrdesk.svg", icons / "dhrdesk.svg")
        for path in root.rglob("*"):
            if path.is_symlink():
                continue
            mode = path.stat().st_mode
            executable = path.is_dir() or mode & stat.S_IXUSR
            path.chmod(0o755 if executable else 0o644)
        control_dir = root / "DEBIAN"
        control_dir.mkdir()
        fields = [
            ("Package", PACKAGE),
            ("Version", version),
            ("Architecture", arch),
            ("Maintainer", MAINTAINER),
            ("Installed-Size", str(_tree_size_kib(root))),
            ("Depends", ", ".join(depends)),
            ("Recommends", ", ".join(recommends)),
            ("Section", "misc"),
            ("Priority", "optional"),
            ("Homepage", "https://github.com/dhrdesk/dhrdesk"),
            ("Description", DESCRIPTION),
        ]
        control = "".join(f"{k}: {v}\n" for k, v in fields if v)
        (control_dir / "control").write_text(control, encoding="utf-8")
        # dpkg-deb wants 0755 on the control folder and readable files, whatever the
        # umask of the calling process (the app and its tests run with umask 077)
        root.chmod(0o755)
        control_dir.chmod(0o755)
        (control_dir / "control").chmod(0o644)
        cmd = ["dpkg-deb", "--root-owner-group", f"-Z{compress}", "--build", str(root), str(target)]
        proc = _run(cmd)
        if proc.returncode != 0:
            raise DebError(f"dpkg-deb failed: {proc.stderr.strip() or proc.stdout.strip()}")
    print(f"make_deb: {target} ({target.stat().st_size / 2**20:.0f} MiB)")
    print(f"make_deb: Depends: {', '.join(depends)}")
    if recommends:
        print(f"make_deb: Recommends: {', '.join(recommends)}")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path, help="the one-folder bundle (dist/dhrdesk)")
    parser.add_argument("--out", type=Path, default=Path("dist"), help="output folder")
    parser.add_argument(
        "--compress", default="xz", choices=["xz", "gzip", "zstd", "none"], help="dpkg-deb -Z"
    )
    args = parser.parse_args(argv)
    try:
        build_deb(args.bundle, args.out, args.compress)
    except DebError as err:
        print(f"make_deb: error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
