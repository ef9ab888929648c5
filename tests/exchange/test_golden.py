"""The exporter's bytes do not change: files written before the record declarations
(tests/fixtures/interchange-v2-rich.json, the rich test review; interchange-v1-as-v2.json,
the version-1 fixture once imported) are written again, byte for byte, after an import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from dhrdesk import __version__
from dhrdesk.exchange import dumps, export_review, import_review

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TODAY = dt.date(2026, 12, 1)


def _expected(name: str) -> str:
    """The captured bytes, with the app version of this build (the only field that may
    differ between two builds)."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return text.replace('"app_version": "0.1.0"', f'"app_version": {json.dumps(__version__)}', 1)


@pytest.mark.parametrize(
    ("source", "golden"),
    [
        ("interchange-v2-rich.json", "interchange-v2-rich.json"),
        ("interchange-v1.json", "interchange-v1-as-v2.json"),
    ],
)
def test_export_is_byte_identical_to_the_captured_file(other_store, source, golden) -> None:
    reference = import_review(other_store, FIXTURES / source, today=TODAY)
    exported = dumps(export_review(other_store, reference, timestamp=False))
    assert exported == _expected(golden)
