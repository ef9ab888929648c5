"""`python -m tests.reliability` (or `make reliability`): every trial kind, one table.

    python -m tests.reliability                 # full scale (the issue's counts)
    python -m tests.reliability --scale sample  # the quick sample the test suite runs
    python -m tests.reliability --only fuzz --only tamper

Exit code 0 when every trial passed, 1 otherwise. Failing fuzz cases are saved in
tests/reliability/failures/ (kind-seed.bin); rerun one with --only fuzz --kind K --from SEED.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.reliability import crash, fuzz, secrets, tamper
from tests.reliability.common import Tally, table

OPERATIONS = [
    "backup",
    "change-passphrase",
    "restore",
    "import-review",
    "package-import",
    "publication-pack",
]


@dataclass(frozen=True)
class Scale:
    name: str
    write_trials: int
    operation_trials: int
    syscall_points: int | None
    fuzz_cases: int
    fuzz_size: float
    tamper_limit: int | None


SCALES = {
    "full": Scale("full", 200, 25, 30, 1000, 1.0, None),
    "sample": Scale("sample", 4, 1, 0, 8, 0.02, 60),
}
PARTS = ("crash", "syscall", "fuzz", "secrets", "tamper")


def run(
    scale: Scale,
    only: list[str],
    kinds: list[str],
    start: int = 0,
    operations: list[str] | None = None,
) -> list[Tally]:
    workdir = Path(tempfile.mkdtemp(prefix="dhrdesk-reliability-"))
    tallies: list[Tally] = []
    try:
        if "crash" in only:
            if operations is None:
                tallies.append(crash.writes(scale.write_trials, workdir))
                _show(tallies[-1])
            for tally in crash.operations(
                operations or OPERATIONS, scale.operation_trials, workdir
            ):
                tallies.append(tally)
                _show(tally)
        if "syscall" in only and scale.syscall_points != 0:
            for tally in crash.syscalls(
                operations or OPERATIONS, workdir, limit=scale.syscall_points
            ):
                tallies.append(tally)
                _show(tally)
        if "fuzz" in only:
            for kind in kinds:
                tally = fuzz.fuzz(kind, scale.fuzz_cases, scale.fuzz_size, workdir, start=start)
                tallies.append(tally)
                _show(tally)
        if "secrets" in only:
            for tally in secrets.run(workdir):
                tallies.append(tally)
                _show(tally)
        if "tamper" in only:
            for tally in (
                tamper.packages(scale.tamper_limit, workdir),
                tamper.update_sheets(scale.tamper_limit, workdir),
                tamper.audit_row(workdir),
            ):
                tallies.append(tally)
                _show(tally)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return tallies


def _show(tally: Tally) -> None:
    """A progress line on stderr as each trial kind finishes (the table comes at the end)."""
    state = "ok" if tally.ok else f"{tally.failures} failure(s)"
    print(
        f"  {tally.name}: {tally.trials} trials, {state}, {tally.seconds:.0f} s",
        file=sys.stderr,
        flush=True,
    )
    for note in tally.notes:
        print(f"    {note}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.reliability",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--scale", choices=sorted(SCALES), default="full")
    parser.add_argument("--only", action="append", choices=PARTS)
    parser.add_argument("--kind", action="append", choices=fuzz.KINDS, help="fuzz kinds")
    parser.add_argument("--cases", type=int, help="fuzz cases per kind (overrides the scale)")
    parser.add_argument("--from", dest="start", type=int, default=0, help="first fuzz seed")
    parser.add_argument(
        "--operation",
        action="append",
        choices=OPERATIONS,
        help="crash and syscall trials of these operations only (no write stream)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scale = SCALES[args.scale]
    if args.cases is not None:
        scale = Scale(**{**scale.__dict__, "fuzz_cases": args.cases})
    started = time.perf_counter()
    tallies = run(
        scale, args.only or list(PARTS), args.kind or list(fuzz.KINDS), args.start, args.operation
    )
    print(table(tallies, time.perf_counter() - started, scale.name))
    return 0 if all(t.ok for t in tallies) else 1


if __name__ == "__main__":
    sys.exit(main())
