"""Kill DHR Desk with SIGKILL at random moments and check that nothing is lost.

- ``writes``: a forked child streams writes through the real write path (records,
  chronology batches, drafting autosave, deletes, renames, reopening the store) and
  acknowledges each one to the parent after it returned; the parent kills the child at
  a random moment, reopens the store, verifies it (cipher and structure integrity,
  audit chain, record hashes) and checks that every acknowledged write is there and
  that no batch is half there.
- ``op``: the real CLI (`python main.py ...`) running backup, change-passphrase,
  restore, import-review, package import or publication-pack is killed at a random
  moment; afterwards the store opens (old or new passphrase), verifies, holds either the
  old or the new content and no temporary is left beside it; a publication pack's
  folder is complete or absent.
- ``syscall``: the same operations under ``strace --inject=...:signal=SIGKILL:when=N``,
  killed exactly at the N-th fsync or rename, for every N the operation makes.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.reliability.common import PASSPHRASE, REPO, Tally, peak_mb

NEW_PASSPHRASE = "a different passphrase 42"
BATCH = 25


# ------------------------------------------------------------------ streaming writes
def _child(store_path: Path, fd: int, seed: int, start: int) -> None:
    """Runs in the forked child: write, acknowledge, repeat until killed."""
    from dhrdesk.core import model as m
    from dhrdesk.store import Store

    rng = random.Random(seed)
    out = os.fdopen(fd, "w", buffering=1)

    def ack(**record: Any) -> None:
        out.write(json.dumps(record) + "\n")

    store = Store.open(store_path, PASSPHRASE)
    review = store.repos.reviews.get("DHR 2026/99").id
    agency = store.repos.agency_input.agency_by_name(review, "Fictional Agency").id
    ack(op="ready")
    n = start
    mine: list[int] = []
    while True:
        n += 1
        roll = rng.random()
        if roll < 0.35:
            subject = m.Subject(review, "other", f"S{n}")
            store.repos.records.save(subject)
            mine.append(subject.id)
            ack(op="subject", id=subject.id, name=f"S{n}")
        elif roll < 0.55:
            ack(op="batch-begin", batch=n)
            rows = [
                m.ChronologyEntry(
                    review, agency, "2024-03-04", f"batch {n}", f"row {i}", external_key=f"{n}:{i}"
                )
                for i in range(BATCH)
            ]
            store.repos.agency_input.add_entries(rows)
            ack(op="batch", batch=n)
        elif roll < 0.75:
            text = f"autosave {n}"
            ack(op="section-begin", text=text)
            store.repos.drafting.save_section(
                m.ReportSection(
                    review,
                    "overview",
                    "analysis",
                    [{"type": "paragraph", "runs": [{"text": text}]}],
                )
            )
            ack(op="section", text=text)
        elif roll < 0.85 and mine:
            victim = mine.pop(rng.randrange(len(mine)))
            ack(op="delete-begin", id=victim)
            store.repos.records.delete(m.Subject, victim)
            ack(op="deleted", id=victim)
        elif roll < 0.95 and mine:
            target = rng.choice(mine)
            subject = store.repos.records.get(m.Subject, target)
            subject.pseudonym = f"R{n}"
            ack(op="rename-begin", id=target, name=f"R{n}")
            store.repos.records.save(subject)
            ack(op="renamed", id=target, name=f"R{n}")
        else:
            store.close()
            store = Store.open(store_path, PASSPHRASE)
            ack(op="reopened")


def prepare_write_store(folder: Path) -> Path:
    from dhrdesk.core import model as m
    from dhrdesk.store import Store

    path = folder / "crash.dhrdesk"
    with Store.create(path, PASSPHRASE, "Crash Chair") as store:
        review = store.repos.reviews.create("DHR 2026/99", "Fictional crash review")
        store.repos.records.save(m.Agency(review, "Fictional Agency"))
    return path


class Expected:
    """What the acknowledged writes say the store must hold."""

    def __init__(self) -> None:
        self.subjects: dict[int, str] = {}
        self.maybe_deleted: set[int] = set()
        self.maybe_renamed: dict[int, str] = {}
        self.batches: set[int] = set()
        self.attempted_batches: set[int] = set()
        self.section: str | None = None
        self.section_in_flight: str | None = None
        self.acknowledged = 0

    def take(self, record: dict[str, Any]) -> None:
        op = record["op"]
        if op == "subject":
            self.subjects[record["id"]] = record["name"]
        elif op == "batch-begin":
            self.attempted_batches.add(record["batch"])
        elif op == "batch":
            self.batches.add(record["batch"])
        elif op == "section-begin":
            self.section_in_flight = record["text"]
        elif op == "section":
            self.section, self.section_in_flight = record["text"], None
        elif op == "delete-begin":
            self.maybe_deleted.add(record["id"])
        elif op == "deleted":
            self.maybe_deleted.discard(record["id"])
            self.subjects.pop(record["id"], None)
        elif op == "rename-begin":
            self.maybe_renamed[record["id"]] = record["name"]
        elif op == "renamed":
            self.maybe_renamed.pop(record["id"], None)
            self.subjects[record["id"]] = record["name"]
        if op in ("subject", "batch", "section", "deleted", "renamed"):
            self.acknowledged += 1


def settle(store: Any, expected: Expected) -> None:
    """After a check: what was in flight when the kill came is now known (it committed or
    it did not); fold it in so the next trial expects the state the store really has."""
    from dhrdesk.core import model as m

    review = store.repos.reviews.get("DHR 2026/99").id
    subjects = {s.id: s.pseudonym for s in store.repos.records.list(m.Subject, review)}
    for sid in expected.maybe_deleted:
        if sid not in subjects:
            expected.subjects.pop(sid, None)
    expected.maybe_deleted.clear()
    for sid, name in expected.maybe_renamed.items():
        if subjects.get(sid) == name:
            expected.subjects[sid] = name
    expected.maybe_renamed.clear()
    if expected.section_in_flight is not None:
        text = json.dumps(store.repos.drafting.section(review, "overview", "analysis").content)
        if expected.section_in_flight in text:
            expected.section = expected.section_in_flight
        expected.section_in_flight = None


def check_writes(store: Any, expected: Expected) -> list[str]:
    """Every acknowledged write present, no half batch; returns the problems found."""
    from dhrdesk.core import model as m

    problems = []
    review = store.repos.reviews.get("DHR 2026/99").id
    subjects = {s.id: s.pseudonym for s in store.repos.records.list(m.Subject, review)}
    for sid, name in expected.subjects.items():
        if sid in expected.maybe_deleted:
            continue  # a delete was in flight when the kill came: either is fine
        if subjects.get(sid) not in (name, expected.maybe_renamed.get(sid)):
            problems.append(f"subject {sid} ({name}) lost or wrong: {subjects.get(sid)!r}")
    counts: dict[str, int] = {}
    for entry in store.repos.agency_input.entries(review):
        counts[entry.source] = counts.get(entry.source, 0) + 1
    for batch in expected.attempted_batches:
        have = counts.get(f"batch {batch}", 0)
        if have not in (0, BATCH):
            problems.append(f"batch {batch} is half there ({have} of {BATCH} rows)")
        if batch in expected.batches and have != BATCH:
            problems.append(f"acknowledged batch {batch} lost")
    if expected.section is not None:
        section = store.repos.drafting.section(review, "overview", "analysis")
        text = json.dumps(section.content)
        if expected.section not in text and (
            expected.section_in_flight is None or expected.section_in_flight not in text
        ):
            problems.append(f"autosave '{expected.section}' lost")
    return problems


def writes(trials: int, workdir: Path) -> Tally:
    from dhrdesk.store import Store

    tally = Tally("crash: writes (SIGKILL)")
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="crash-writes-", dir=workdir))
    path = prepare_write_store(folder)
    expected = Expected()
    rng = random.Random("crash-writes")
    try:
        for trial in range(trials):
            tally.trials += 1
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child
                os.close(read_fd)
                try:
                    _child(path, write_fd, rng.randrange(2**31), trial * 100_000)
                finally:
                    os._exit(0)
            os.close(write_fd)
            reader = os.fdopen(read_fd)
            first = reader.readline()  # "ready": the store is open in the child
            time.sleep(rng.uniform(0.0, 1.5))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            for line in [first, *reader]:
                if line.endswith("\n"):
                    expected.take(json.loads(line))
            reader.close()
            try:
                with Store.open(path, PASSPHRASE) as store:
                    report = store.verify()
                    if not report.ok:
                        tally.fail(f"trial {trial}: verify failed: {_failed(report)}")
                    problems = check_writes(store, expected)
                    settle(store, expected)
            except Exception as exc:  # noqa: BLE001 - counted
                tally.tracebacks += 1
                tally.fail(f"trial {trial}: {type(exc).__name__}: {exc}")
                continue
            if problems:
                tally.lost_writes += len(problems)
                tally.fail(f"trial {trial}: {problems[:2]}")
            tally.leftovers += _leftovers(folder, keep={path.name})
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    tally.notes.append(f"{expected.acknowledged:,} writes acknowledged")
    tally.seconds = time.perf_counter() - started
    tally.peak_mb = peak_mb()
    return tally


def _failed(report: Any) -> str:
    return "; ".join(line.strip() for line in report.lines() if not line.startswith("ok"))[:300]


def _leftovers(folder: Path, keep: set[str]) -> int:
    """Temporaries left beside the store after the next start (hidden or .tmp files)."""
    found = 0
    for name in os.listdir(folder):
        if name in keep or any(name == k + s for k in keep for s in ("-wal", "-shm")):
            continue
        if name.startswith(".") or ".tmp" in name or "restore-" in name:
            found += 1
    return found


# ------------------------------------------------------------------ operations
def signature(store: Any) -> tuple:
    """Row counts of every table but the audit log and its anchors (a content fingerprint
    that does not change when an operation only adds its own audit entry)."""
    rows = []
    for (name,) in store.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        if name.startswith(("audit", "anchor", "meta", "sqlite_")) or "_fts" in name:
            continue
        rows.append((name, store.query_one(f'SELECT count(*) FROM "{name}"')[0]))
    return tuple(rows)


class Operation:
    """One operation that can be killed: its CLI command and the states it may leave."""

    def __init__(self, name: str, folder: Path) -> None:
        self.name = name
        self.folder = folder
        self.store = folder / "case.dhrdesk"
        self.pass_file = folder / "pass.txt"
        self.new_pass_file = folder / "newpass.txt"
        self.pass_file.write_text(PASSPHRASE + "\n")
        self.new_pass_file.write_text(NEW_PASSPHRASE + "\n")
        for f in (self.pass_file, self.new_pass_file):
            f.chmod(0o600)
        self.template = folder / "template.dhrdesk"
        self.extra: dict[str, Path] = {}
        self.trial = 0
        self.after: list[tuple] = []  # the content after a complete run (measured)
        self._build()

    def _build(self) -> None:
        from dhrdesk import demo
        from dhrdesk.exchange import review_json
        from dhrdesk.store import Store

        with Store.create(self.template, PASSPHRASE, "Crash Chair") as store:
            demo.ensure_northmoor(store)
            self.before = signature(store)
            if self.name == "restore":
                self.extra["backup"] = self.folder / "source.bak"
                store.repos.reviews.create("DHR 2026/98", "Only in the backup")
                store.backup(self.extra["backup"], PASSPHRASE)
                self.backup_signature = signature(store)
                store.repos.reviews.delete(store.repos.reviews.get("DHR 2026/98").id)
                self.before = signature(store)
            elif self.name == "import-review":
                self.extra["json"] = self.folder / "review.json"
                data = review_json.export_review(store, demo.DEMO_REFERENCE)
                review_json.write_file(self.extra["json"], review_json.dumps(data))
            elif self.name == "package-import":
                self.extra["package"] = self._response_package(store)
                self.before = signature(store)

    def _response_package(self, store: Any) -> Path:
        from dhrdesk.exchange import package as pkg
        from dhrdesk.exchange import package_crypto as crypto
        from tests.exchange.test_package import (
            PACKAGE_PASS,
            build_chair_review,
            fill_workspace,
            make_workspace,
        )

        crypto.KDF_LOG2_N = crypto.MIN_LOG2_N
        build_chair_review(store)
        workspace = make_workspace(store, self.folder, "workspace.dhrdesk")
        try:
            fill_workspace(workspace)
            content = pkg.export_response(workspace, PACKAGE_PASS)
        finally:
            workspace.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.folder / 'workspace.dhrdesk'}{suffix}").unlink(missing_ok=True)
        path = self.folder / "response.dhrpkg"
        path.write_bytes(content)
        self.extra["package_pass"] = self.folder / "pkgpass.txt"
        self.extra["package_pass"].write_text(PACKAGE_PASS + "\n")
        self.extra["package_pass"].chmod(0o600)
        return path

    def reset(self) -> None:
        """A fresh copy of the store, and fresh settings: the chain-head anchor a previous
        trial left in the settings would (rightly) call the fresh copy an older store."""
        self.trial += 1
        data = self.folder / f"data-{self.trial}"
        data.mkdir(mode=0o700)
        os.environ["DHRDESK_DATA_DIR"] = str(data)
        for name in os.listdir(self.folder):
            if name.startswith((".", "case.dhrdesk", "out")):
                target = self.folder / name
                if target.is_dir():
                    shutil.rmtree(target)
                else:
                    target.unlink()
        shutil.copy(self.template, self.store)
        if self.name == "publication-pack":
            (self.folder / "out-pack").mkdir()

    def argv(self) -> list[str]:
        common = ["--store", str(self.store), "--passphrase-file", str(self.pass_file)]
        if self.name == "backup":
            return [
                "backup",
                "--out",
                str(self.folder / "out.bak"),
                "--backup-passphrase-file",
                str(self.pass_file),
                *common,
            ]
        if self.name == "change-passphrase":
            return ["change-passphrase", "--new-passphrase-file", str(self.new_pass_file), *common]
        if self.name == "restore":
            return [
                "restore",
                str(self.extra["backup"]),
                "--backup-passphrase-file",
                str(self.pass_file),
                *common,
            ]
        if self.name == "import-review":
            return ["import-review", str(self.extra["json"]), "--as-new", "DHR 2026/97", *common]
        if self.name == "package-import":
            return [
                "package",
                "import",
                str(self.extra["package"]),
                "--yes",
                "--package-passphrase-file",
                str(self.extra["package_pass"]),
                *common,
            ]
        if self.name == "publication-pack":
            from dhrdesk import demo

            return [
                "publication-pack",
                demo.DEMO_REFERENCE,
                "--out",
                str(self.folder / "out-pack"),
                *common,
            ]
        raise ValueError(self.name)

    def check(self) -> list[str]:
        """The state after a kill (and the next start): old or new, verified, no leftovers."""
        from dhrdesk.core.errors import WrongPassphraseError
        from dhrdesk.store import Store

        problems: list[str] = []
        store = None
        for passphrase in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                store = Store.open(self.store, passphrase)
                break
            except WrongPassphraseError:
                continue
        if store is None:
            return ["the store opens with neither the old nor the new passphrase"]
        try:
            report = store.verify()
            if not report.ok:
                problems.append("verify failed: " + _failed(report))
            now = signature(store)
        finally:
            store.close()
        allowed = [self.before, *self.after]
        if self.name == "restore":
            allowed.append(self.backup_signature)
        if now not in allowed:
            problems.append("the store holds neither the old nor the new content")
        if self.name == "backup":
            problems += self._backup_ok()
        if self.name == "publication-pack":
            problems += self._pack_ok()
        keep = {
            self.store.name,
            self.template.name,
            "pass.txt",
            "newpass.txt",
            "source.bak",
            "source.bak.manifest.json",
            "review.json",
            "response.dhrpkg",
            "pkgpass.txt",
            "out.bak",
            "out.bak.manifest.json",
            "out-pack",
        }
        left = _leftovers(self.folder, keep)
        if left:
            names = [n for n in os.listdir(self.folder) if n not in keep]
            problems.append(f"{left} temporary file(s) left: {names[:4]}")
        return problems

    def measure_after(self) -> None:
        from dhrdesk.store import Store

        for passphrase in (PASSPHRASE, NEW_PASSPHRASE):
            try:
                with Store.open(self.store, passphrase) as store:
                    self.after = [signature(store)]
                return
            except Exception:  # noqa: BLE001 - try the other passphrase
                continue

    def _backup_ok(self) -> list[str]:
        from dhrdesk.store import Store

        out = self.folder / "out.bak"
        if not out.exists():
            return []
        try:
            with Store.open(out, PASSPHRASE, migrate=False) as backup:
                if not backup.verify(baseline=False, settings=False).ok:
                    return ["the backup file is there but does not verify"]
        except Exception as exc:  # noqa: BLE001 - reported
            return [f"the backup file is there but does not open: {exc}"]
        return []

    def _pack_ok(self) -> list[str]:
        """All or nothing: either no pack folder, or one whole pack folder (every file
        its manifest lists, with that size and SHA-256); at most a hidden staging
        folder, which the next pack into the folder removes."""
        import hashlib
        import json

        from dhrdesk.documents.gate import _remove_stale_staging

        folder = self.folder / "out-pack"
        if not folder.exists():
            return []
        _remove_stale_staging(folder)  # what the next pack does first
        names = set(os.listdir(folder))
        hidden = sorted(n for n in names if n.startswith("."))
        packs = sorted(n for n in names - set(hidden))
        problems = []
        if hidden:
            problems.append(f"publication pack: temporary folder left {hidden[:2]}")
        for name in packs:
            pack = folder / name
            manifest = pack / "manifest.json"
            if not pack.is_dir() or not manifest.is_file():
                problems.append(f"publication pack: {name} without its manifest")
                continue
            try:
                listed = json.loads(manifest.read_text(encoding="utf-8"))["files"]
            except (OSError, ValueError, KeyError) as exc:
                problems.append(f"publication pack: {name}/manifest.json unreadable ({exc})")
                continue
            for entry in listed:
                path = pack / entry["file"]
                data = path.read_bytes() if path.is_file() else None
                if data is None or hashlib.sha256(data).hexdigest() != entry["sha256"]:
                    problems.append(f"publication pack: {name}/{entry['file']} missing or changed")
        return problems


def _cli(argv: list[str], *, strace: list[str] | None = None) -> subprocess.Popen:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    command = [sys.executable, "main.py", *argv]
    if strace:
        command = ["strace", "-f", "-qq", "-o", "/dev/null", *strace, *command]
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


class _Environment:
    """Puts DHRDESK_DATA_DIR/DHRDESK_CONFIG_DIR back as they were after the trials."""

    KEYS = ("DHRDESK_DATA_DIR", "DHRDESK_CONFIG_DIR")

    def __enter__(self) -> None:
        self.saved = {k: os.environ.get(k) for k in self.KEYS}
        os.environ.pop("DHRDESK_CONFIG_DIR", None)

    def __exit__(self, *exc: object) -> None:
        for key, value in self.saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def operations(names: list[str], trials: int, workdir: Path) -> list[Tally]:
    """Kill each operation at random moments (``trials`` each)."""
    with _Environment():
        return _operations(names, trials, workdir)


def _operations(names: list[str], trials: int, workdir: Path) -> list[Tally]:
    tallies = []
    for name in names:
        tally = Tally(f"crash: kill during {name}")
        started = time.perf_counter()
        folder = Path(tempfile.mkdtemp(prefix=f"crash-{name}-", dir=workdir))
        try:
            op = Operation(name, folder)
            op.reset()
            clock = time.perf_counter()
            finished = _cli(op.argv())
            _, err = finished.communicate(timeout=300)
            duration = time.perf_counter() - clock
            if finished.returncode != 0:
                tally.fail(f"the operation itself failed: {err.decode()[-200:]}")
            op.measure_after()
            rng = random.Random(f"crash-{name}")
            for trial in range(trials):
                op.reset()
                tally.trials += 1
                process = _cli(op.argv())
                time.sleep(rng.uniform(0.2 * duration, 1.1 * duration))
                with_kill(process)
                _judge(tally, trial, op)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        tally.seconds = time.perf_counter() - started
        tally.peak_mb = peak_mb()
        tallies.append(tally)
    return tallies


def with_kill(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def _judge(tally: Tally, trial: int, op: Operation) -> None:
    try:
        problems = op.check()
    except Exception as exc:  # noqa: BLE001 - counted
        tally.tracebacks += 1
        tally.fail(f"trial {trial}: {type(exc).__name__}: {exc}")
        return
    for problem in problems:
        if "temporar" in problem:
            tally.leftovers += 1
        elif "neither" in problem or "incomplete" in problem:
            tally.lost_writes += 1
    if problems:
        tally.fail(f"trial {trial}: {problems[0]}")


SYSCALLS = "fsync,fdatasync,rename,renameat,renameat2"


def syscalls(names: list[str], workdir: Path, limit: int | None = None) -> list[Tally]:
    """Kill each operation at its N-th fsync/rename, for every N (or ``limit`` of them)."""
    with _Environment():
        return _syscalls(names, workdir, limit)


def _syscalls(names: list[str], workdir: Path, limit: int | None) -> list[Tally]:
    tallies = []
    if shutil.which("strace") is None:
        tally = Tally("crash: kill at each fsync/rename")
        tally.notes.append("strace is not installed: skipped (apt-get install strace)")
        return [tally]
    for name in names:
        tally = Tally(f"crash: {name} at fsync/rename")
        started = time.perf_counter()
        folder = Path(tempfile.mkdtemp(prefix=f"syscall-{name}-", dir=workdir))
        try:
            op = Operation(name, folder)
            op.reset()
            count = _count_syscalls(op)
            op.measure_after()
            points = list(range(1, count + 1))
            if limit is not None and len(points) > limit:
                points = sorted(random.Random(f"syscall-{name}").sample(points, limit))
            for n in points:
                op.reset()
                tally.trials += 1
                process = _cli(op.argv(), strace=[f"--inject={SYSCALLS}:signal=SIGKILL:when={n}"])
                process.communicate(timeout=300)
                _judge(tally, n, op)
            tally.notes.append(f"{count} fsync/rename calls, {len(points)} kill points")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        tally.seconds = time.perf_counter() - started
        tally.peak_mb = peak_mb()
        tallies.append(tally)
    return tallies


def _count_syscalls(op: Operation) -> int:
    """How many fsync/rename calls one complete run makes (strace -f, every thread)."""
    log = op.folder / "strace.log"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-o",
            str(log),
            "-e",
            f"trace={SYSCALLS}",
            sys.executable,
            "main.py",
            *op.argv(),
        ],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=300,
    )
    lines = log.read_text(errors="replace").splitlines()
    log.unlink()
    return sum(1 for line in lines if re.search(r"\b(fsync|fdatasync|rename\w*)\(", line))
