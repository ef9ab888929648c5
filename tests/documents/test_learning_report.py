"""The regional themes report: ranking and counts read back from the PDF, labels only,
the publication gate over every included review's register, and the refusals."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from dhrdesk.core import model as m
from dhrdesk.core.errors import PublicationBlockedError, ValidationError
from dhrdesk.documents import learning_report as lr
from dhrdesk.store import Store
from tests.documents.learning_fixture import EXPECTED_RANKING, REFS, seed_learning

TODAY = dt.date(2026, 5, 1)


@pytest.fixture
def seeded(store: Store) -> dict[str, int]:
    return seed_learning(store)


def _pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _review_ids(seeded: dict[str, int]) -> list[int]:
    return [seeded[k] for k in ("r1", "r2", "r3", "r4")]


def test_report_ranks_themes_with_counts_and_uses_labels_only(
    store: Store, seeded, tmp_path: Path
) -> None:
    out = tmp_path / "themes.pdf"
    written = lr.write_learning_report(store, _review_ids(seeded), out, today=TODAY)
    assert written.path == out and out.exists()
    text = _pdf_text(out)
    flat = " ".join(text.split())
    # the ranked table: "1. <theme> <reviews> <lessons> <findings> <good practice> <recs>"
    ranked = re.findall(r"(\d)\. ([A-Z][a-z ,]+?) (\d) (\d) (\d) (\d) (\d)", flat)
    assert [(name.strip(), int(n)) for _, name, n, *_ in ranked] == EXPECTED_RANKING
    assert ranked[0][2:] == ("3", "2", "0", "0", "3")  # risk: 3 reviews, 2 lessons, 3 recs
    assert ranked[2][2:] == ("2", "1", "1", "0", "1")  # housing
    assert "Figure 1: Themes by number of reviews (of 4)" in flat
    for label in ("Review A", "Review B", "Review C", "Review D"):
        assert label in flat
    # the lesson with its source review label, substituted from that review's register
    assert "Review A (lesson): Risk was not reassessed after Anna reported threats." in flat
    assert "it was seen on March 2023" in flat or "it was seen in March 2023" in flat
    for secret in ("Kowalczyk", "Marta", "14 March 2023", "Northvale Police"):
        assert secret not in flat
    for ref in REFS.values():
        assert ref not in flat
    assert not re.search(r"DHR \d{4}/\d\d", flat)
    # regional/national recommendations and good practice
    policy = flat[flat.rindex("Recommendations for regional or national policy change") :]
    assert "National guidance on sharing risk with GPs." in flat
    assert "Regional risk training for housing staff." in policy
    assert "Police to reassess risk at every report." not in policy  # local scope
    assert "Review B: The crisis team visited within a day." in flat


def test_docx_carries_the_chart_data_table(store: Store, seeded, tmp_path: Path) -> None:
    out = tmp_path / "themes.docx"
    lr.write_learning_report(store, _review_ids(seeded), out, today=TODAY)
    word = docx.Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in word.paragraphs)
    assert "Figure 1: Themes by number of reviews (of 4) (chart data)" in text
    cells = [c.text for t in word.tables for row in t.rows for c in row.cells]
    assert "Coercive control, economic abuse and stalking" in cells
    assert not any(ref in " ".join(cells) for ref in REFS.values())


def test_single_review_and_too_small_selection_are_refused(store: Store, seeded, tmp_path):
    with pytest.raises(ValidationError, match="single review would identify it"):
        lr.build_learning_report(store, [seeded["r1"]])
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(ValidationError, match="Only 1 of the chosen reviews fall in the period"):
        lr.write_learning_report(store, _review_ids(seeded), folder / "x.pdf", date_from="2023-06")
    assert not list(folder.iterdir())
    # a period that keeps two reviews is fine and says so
    document = lr.build_learning_report(store, _review_ids(seeded), "2023", "2023-12")
    assert document.reference == "2023 to December 2023"
    assert "2 domestic homicide reviews" in document.all_text()


def test_gate_substitutes_figure_labels_and_blocks_a_leak(
    store: Store, seeded, tmp_path: Path
) -> None:
    # Each review's text is substituted with its own register (issue 10, class 12): r1's
    # lesson names its victim and reads "Anna"; r3's lesson uses the first name of r2's
    # victim for someone else and is neither rewritten nor blocked by r2's register.
    lesson = store.repos.records.list(m.LearningPoint, seeded["r3"])[0]
    lesson.text = "Derek, a neighbour, saw the separation coming; it was seen in March 2023."
    store.repos.records.save(lesson)
    document = lr.build_learning_report(
        store,
        _review_ids(seeded),
        today=TODAY,
        rewrite=lr.review_rewriter(store, lr.select(store, _review_ids(seeded))),
    )
    selection = lr.select(store, _review_ids(seeded))
    anon = lr.combined_anonymiser(store, selection)
    published = lr.publication_report(anon, document)
    text = published.all_text()
    assert "after Anna reported threats" in text
    assert "Kowalczyk" not in text
    assert "Derek, a neighbour" in text and "Bill, a neighbour" not in text
    # ... but the scan reads with every register: the bare first name of r2's victim is
    # reported for the chair, never silently passed
    assert any(f.matched == "Derek" for f in published.report.findings)
    # the figure scan sees what the gate's own scan skips
    assert any("figure" in u.where for u in lr.figure_units(published))
    # A theme renamed with a register name is in no review's text: it is not substituted
    # with some review's register, it blocks (and the chart label is scanned too).
    lesson.text = "Separation raised the risk; it was seen in March 2023."
    store.repos.records.save(lesson)
    store.repos.learning.rename_theme("housing", "Housing after Derek Hollins")
    document = lr.build_learning_report(store, _review_ids(seeded), today=TODAY)
    published = lr.publication_report(anon, document)
    assert not published.report.ok
    assert any("figure" in f.where and "Derek" in f.matched for f in published.report.findings)
    store.repos.learning.rename_theme("housing", "Housing")
    # something the register cannot substitute (a postcode) blocks: nothing is written
    lesson = store.repos.records.list(m.LearningPoint, seeded["r4"])[0]
    lesson.text = "Housing officers at NV3 4QT were not asked about abuse."
    store.repos.records.save(lesson)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "blocked.pdf"
    with pytest.raises(PublicationBlockedError) as caught:
        lr.write_learning_report(store, _review_ids(seeded), out, today=TODAY)
    assert caught.value.exit_code == 5
    assert any(f.category == "postcode" for f in caught.value.findings)
    assert not list(out.parent.iterdir())  # not even a temporary file


def test_cli_learning_report(store: Store, seeded, tmp_path: Path, capsys) -> None:
    """`dhrdesk learning-report`: --reviews and --all, single-review refusal, exit 5."""
    import os

    from dhrdesk import cli
    from tests.conftest import PASSPHRASE

    path = store.path
    store.close()
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n", encoding="utf-8")
    secret.chmod(0o600)
    (tmp_path / "out").mkdir()
    umask = os.umask(0o022)
    os.umask(umask)

    def run(*args: str) -> int:
        try:
            return cli.main(["--store", str(path), "--passphrase-file", str(secret), *args])
        finally:
            os.umask(umask)

    out = tmp_path / "out" / "themes.pdf"
    assert run("learning-report", "--reviews", f"{REFS['r1']},{REFS['r3']}", "--out", str(out)) == 0
    assert "regional themes report" in capsys.readouterr().out and out.exists()
    assert "2 domestic homicide reviews" in " ".join(_pdf_text(out).split())
    assert run("learning-report", "--reviews", REFS["r2"], "--out", str(out)) == 1
    assert "single review would identify it" in capsys.readouterr().err
    assert run("learning-report", "--all", "--reviews", REFS["r2"], "--out", str(out)) == 2
    capsys.readouterr()
    reopened = Store.open(path, PASSPHRASE)
    try:
        lesson = reopened.repos.records.list(m.LearningPoint, 2)[0]
        lesson.text = "Call 07700 900123 was missed."
        reopened.repos.records.save(lesson)
    finally:
        reopened.close()
    blocked = tmp_path / "out" / "blocked.docx"
    assert run("learning-report", "--all", "--out", str(blocked)) == 5
    printed = capsys.readouterr()
    assert "07700 900123" in printed.out and "Publication blocked" in printed.err
    assert not blocked.exists()
