"""Secrets at rest and network: a full workflow through the real CLI, in a sandbox.

A unique marker goes into every kind of text (review title, subjects, the identity
register, chronology rows, IMR text, drafted sections, recommendations, actions,
people, an imported CSV). Then every file the app wrote (the store, its WAL and SHM,
backups and their manifests, temporaries, settings, caches, the platform's config,
data and cache folders, Qt's, and anything new in the temporary folder) is searched for
the marker in UTF-8 and UTF-16. Only files the user explicitly exported (the PDF
report, the plaintext interchange JSON) may hold it; they are listed as allowed.

With strace available, every CLI step runs under ``strace -f -e trace=network``; any
``connect`` to something other than an AF_UNIX socket is a network attempt.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tests.reliability.common import PASSPHRASE, REPO, Tally, peak_mb

POPULATE = r"""
import sys
from pathlib import Path
from dhrdesk.core import model as m
from dhrdesk.store import Store

path, passphrase, marker = sys.argv[1], sys.argv[2], sys.argv[3]
with Store.open(Path(path), passphrase) as store:
    save = store.repos.records.save
    rid = store.repos.reviews.create("DHR 2026/77", f"Review {marker}-title")
    victim = m.Subject(rid, "victim", f"{marker}-pseudonym", description=f"{marker}-subject")
    save(victim)
    save(m.RegisterEntry(rid, "full_name", f"{marker}-register", "Adult A", victim.id))
    save(m.ReviewPerson(rid, "chair", f"{marker}-person"))
    agency = m.Agency(rid, "Fictional Police")
    save(agency)
    store.repos.agency_input.save_entry(
        m.ChronologyEntry(rid, agency.id, "2024-03-04", "Police log", f"{marker}-chronology",
                          action=f"{marker}-action-taken", agency_comment=f"{marker}-comment")
    )
    store.repos.agency_input.save_imr_section(agency.id, "summary_of_involvement", f"{marker}-imr")
    store.repos.drafting.save_section(m.ReportSection(
        rid, "overview", "analysis",
        [{"type": "paragraph", "runs": [{"text": f"{marker}-autosave"}]}]))
    recommendation = m.Recommendation(rid, 1, f"{marker}-recommendation", lead_agency="Fictional Police")
    save(recommendation)
    save(m.Action(recommendation.id, f"{marker}-action-plan", lead_agency="Fictional Police"))
"""


def _env(root: Path) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(root / "home"),
        "XDG_CONFIG_HOME": str(root / "home" / ".config"),
        "XDG_DATA_HOME": str(root / "home" / ".local" / "share"),
        "XDG_CACHE_HOME": str(root / "home" / ".cache"),
        "XDG_RUNTIME_DIR": str(root / "runtime"),
        "TMPDIR": str(root / "tmp"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }
    for name in ("home", "runtime", "tmp"):
        (root / name).mkdir(mode=0o700, exist_ok=True)
    return env


def workflow(
    root: Path, marker: str, *, trace: bool
) -> tuple[list[Path], list[Path], int, list[str]]:
    """Run the workflow; returns (allowed exports, input files, network attempts, problems)."""
    env = _env(root)
    work = root / "home" / "work"
    work.mkdir(parents=True)
    store = root / "home" / ".local" / "share" / "dhrdesk" / "store.dhrdesk"
    pass_file = work / "pass.txt"
    pass_file.write_text(PASSPHRASE + "\n")
    new_pass = work / "new.txt"
    new_pass.write_text("another long passphrase 77\n")
    for f in (pass_file, new_pass):
        f.chmod(0o600)
    chronology = work / "police.csv"
    chronology.write_text(
        f"sep=;\nDate;Source;Event\n04/03/2024;Police log;{marker}-csv-import\n", encoding="utf-8"
    )
    exports = [work / "review.json", work / "overview.pdf"]
    inputs = [chronology, pass_file, new_pass]
    g = ["--store", str(store), "--passphrase-file", str(pass_file)]
    g_new = ["--store", str(store), "--passphrase-file", str(new_pass)]
    steps = [
        ["init", "--name", "Secrets Chair", *g],
        ["__populate__"],
        [
            "import-chronology",
            "DHR 2026/77",
            str(chronology),
            "--agency",
            "Fictional Police",
            "--yes",
            *g,
        ],
        ["search", marker, *g],
        [
            "backup",
            "--out",
            str(work / "backup.dhrdesk"),
            "--backup-passphrase-file",
            str(pass_file),
            *g,
        ],
        ["verify", *g],
        ["info", *g],
        ["export-review", "DHR 2026/77", "--out", str(exports[0]), *g],
        ["report", "DHR 2026/77", "--document", "overview", "--out", str(exports[1]), *g],
        ["change-passphrase", "--new-passphrase-file", str(new_pass), *g],
        [
            "restore",
            str(work / "backup.dhrdesk"),
            "--backup-passphrase-file",
            str(pass_file),
            *g_new,
        ],
        ["verify", *g_new],
    ]
    attempts = 0
    problems: list[str] = []
    for step in steps:
        if step == ["__populate__"]:
            command = [sys.executable, "-c", POPULATE, str(store), PASSPHRASE, marker]
        else:
            command = [sys.executable, str(REPO / "main.py"), *step]
        log = root / "strace.log"
        if trace:
            command = ["strace", "-f", "-qq", "-e", "trace=network", "-o", str(log), *command]
        result = subprocess.run(
            command,
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if result.returncode != 0:
            problems.append(f"{step[0]} failed ({result.returncode}): {result.stderr[-200:]}")
        if trace and log.exists():
            for line in log.read_text(errors="replace").splitlines():
                if re.search(r"\bconnect\(", line) and "AF_UNIX" not in line:
                    attempts += 1
                    problems.append(f"network attempt in {step[0]}: {line[:120]}")
            log.unlink()
    return exports, inputs, attempts, problems


def _search(path: Path, needles: list[bytes]) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return any(n in data for n in needles)


def run(workdir: Path) -> list[Tally]:
    secrets = Tally("secrets at rest (marker search)")
    network = Tally("network (strace connect)")
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="secrets-", dir=workdir))
    marker = "QZX" + uuid.uuid4().hex[:12].upper()
    trace = shutil.which("strace") is not None
    since = time.time()
    try:
        exports, inputs, attempts, problems = workflow(root, marker, trace=trace)
        for problem in problems:
            if problem.startswith("network"):
                continue
            secrets.fail(problem)
        needles = [marker.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]
        candidates = [p for p in root.rglob("*") if p.is_file() and p.name != "strace.log"]
        # Anything new in the shared temporary folders (the app must not write there).
        for shared in (Path(tempfile.gettempdir()), Path("/dev/shm")):
            if shared.is_dir():
                for entry in shared.iterdir():
                    try:
                        if entry.is_file() and entry.stat().st_mtime >= since:
                            candidates.append(entry)
                    except OSError:
                        continue
        allowed = {p.resolve() for p in exports + inputs}
        for path in candidates:
            secrets.trials += 1
            if path.resolve() in allowed:
                continue
            if _search(path, needles):
                secrets.plaintext_hits += 1
                secrets.fail(
                    f"the marker is in {path.relative_to(root) if root in path.parents else path}"
                )
        for export in exports:
            if export.exists() and not _search(export, needles):
                secrets.notes.append(f"(the export {export.name} does not hold the marker)")
        secrets.notes.append(
            "allowed (explicit exports): " + ", ".join(p.name for p in exports if p.exists())
        )
        network.trials = 12 if trace else 0
        network.network = attempts
        if attempts:
            network.fail(f"{attempts} connect() call(s) to a network socket")
        if not trace:
            network.notes.append("strace is not installed: not measured (apt-get install strace)")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    secrets.seconds = network.seconds = time.perf_counter() - started
    secrets.peak_mb = network.peak_mb = peak_mb()
    return [secrets, network]
