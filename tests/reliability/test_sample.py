"""The reliability harness at sample scale, in the normal suite (about two minutes).

`make reliability` runs the same trials at full scale (docs/security.md, "Reliability").
Each part must come back with zero failures; a failure message names the trial and
the seed, and failing fuzz cases are saved in tests/reliability/failures/.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability import crash, fuzz, secrets, tamper
from tests.reliability.__main__ import OPERATIONS, SCALES
from tests.reliability.common import Tally

SAMPLE = SCALES["sample"]


def _assert_clean(tallies: list[Tally]) -> None:
    for tally in tallies:
        assert tally.trials > 0, tally.name
        assert tally.ok, f"{tally.name}: {tally.notes}"


def test_sigkill_during_streamed_writes_loses_nothing(tmp_path: Path) -> None:
    tally = crash.writes(SAMPLE.write_trials, tmp_path)
    _assert_clean([tally])
    assert tally.lost_writes == 0 and tally.leftovers == 0


@pytest.mark.parametrize("operation", ["backup", "restore", "change-passphrase"])
def test_sigkill_during_an_operation_leaves_old_or_new(tmp_path: Path, operation: str) -> None:
    assert operation in OPERATIONS
    _assert_clean(crash.operations([operation], SAMPLE.operation_trials, tmp_path))


def test_every_import_path_refuses_bad_input_cleanly(tmp_path: Path) -> None:
    tallies = [
        fuzz.fuzz(kind, SAMPLE.fuzz_cases, SAMPLE.fuzz_size, tmp_path) for kind in fuzz.KINDS
    ]
    _assert_clean(tallies)


def test_no_marker_at_rest_and_no_network(tmp_path: Path) -> None:
    _assert_clean(secrets.run(tmp_path))


def test_tampering_is_always_detected(tmp_path: Path) -> None:
    tallies = [
        tamper.packages(SAMPLE.tamper_limit, tmp_path),
        tamper.update_sheets(SAMPLE.tamper_limit, tmp_path),
        tamper.audit_row(tmp_path),
    ]
    _assert_clean(tallies)
    assert all(t.tamper_detected == t.tamper_total for t in tallies)
