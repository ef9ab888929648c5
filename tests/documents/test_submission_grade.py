"""Issue 11: submission-grade documents, proved by reading the written files back.

Every assertion reads a written PDF (pdftotext) or DOCX (python-docx) and compares
it with the records: counts against the table rows beside them, every body paragraph
numbered, every acronym in the glossary, no page ending with a heading, merged action
plan cells, the stand-alone executive summary, the chronology's columns, the IMR's
front sheet; then the pre-flight, the QA Board readiness check and the submission pack.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from dhrdesk import cli
from dhrdesk.core import model as m
from dhrdesk.documents import generated as g
from dhrdesk.documents.builders import build_document, facts_for
from dhrdesk.documents.docx import write_docx
from dhrdesk.documents.glossary import acronyms
from dhrdesk.documents.model import Heading, Paragraph, Table, plain
from dhrdesk.documents.pdf import fit_widths, write_pdf
from dhrdesk.documents.readiness import assess
from dhrdesk.documents.submission import SubmissionBlockedError, submission_pack
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents import fixture_review as fx
from tests.documents.helpers import docx_numbers, pages_text

KINDS = ("overview", "executive-summary", "action-plan", "chronology", "imr")
FURNITURE = re.compile(r"^\s*(OFFICIAL-SENSITIVE|.*Page \d+ of \d+)\s*$")


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("grade")
    path = folder / "s.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    rid = fx.populate(store)
    out = {"folder": folder, "store_path": path, "rid": rid}
    for kind in KINDS:
        agency = fx.POLICE if kind == "imr" else None
        document = build_document(store, fx.REF, kind, agency=agency)
        pdf = write_pdf(document, folder / f"{kind}.pdf")
        docx_path = write_docx(document, folder / f"{kind}.docx")
        out[kind] = (document, pdf, docx_path)
    out["facts"] = facts_for(store, fx.REF)
    out["counts"] = g.contribution_counts(out["facts"])
    out["store"] = store
    yield out
    store.close()


def _flat(path: Path) -> str:
    return " ".join(" ".join(pages_text(path, layout=False)).split())


def _docx_text(path: Path) -> str:
    word = docx.Document(str(path))
    parts = [p.text for p in word.paragraphs]
    for table in word.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    return " ".join(" ".join(parts).split())


# ------------------------------------------------------------------ counts and tables
def test_contributor_counts_equal_the_table_rows_in_both_formats(written):
    document, pdf, docx_path = written["overview"]
    counts = written["counts"]
    section = document.section("contributors")
    table = next(b for b in section.blocks if isinstance(b, Table))
    asked = [row for row in table.rows if plain(row[1]) != "Not requested"]
    received = [row for row in asked if plain(row[3]) or plain(row[4])]
    assert counts.in_scope == len(table.rows)
    assert counts.requested == len(asked)
    assert counts.received == len(received)
    assert counts.accepted == len([row for row in asked if plain(row[4])])
    sentence = " ".join(g.contributors_sentences(written["facts"], counts))
    word = g.number_word
    for text in (_flat(pdf), _docx_text(docx_path)):
        assert " ".join(sentence.split()) in text
        assert f"{word(len(table.rows)).capitalize()} agencies were in scope" in text
        assert f"{word(len(asked))} were asked for a report" in text
    # the DOCX table has the same rows as the sentence counts
    word_doc = docx.Document(str(docx_path))
    grid = next(t for t in word_doc.tables if t.rows[0].cells[0].text == "Agency")
    assert len(grid.rows) - 1 == counts.in_scope


def test_an_excluded_agency_carries_its_reason_and_a_missing_one_stops_the_preflight(written):
    store = written["store"]
    facts = written["facts"]
    excluded = facts.excluded[0].agency
    assert excluded.exclusion_reason.strip()
    _, pdf, _ = written["overview"]
    assert f"{excluded.name} was not asked to contribute. Reason:" in _flat(pdf)
    # the form refuses an exclusion without a reason, but an imported review may hold one
    with store.write("test.import", "agency") as cur:
        cur.execute("UPDATE agency SET exclusion_reason = '' WHERE id = ?", (excluded.id,))
    try:
        assessment = assess(store, fx.REF)
        check = next(c for c in assessment.preflight.checks if c.id == "exclusion_reasons")
        assert not check.passed
        assert f"No reason recorded: {excluded.name}" in check.evidence
        with pytest.raises(SubmissionBlockedError):
            submission_pack(store, fx.REF, written["folder"], justification="x" * 80)
    finally:
        with store.write("test.import", "agency") as cur:
            cur.execute(
                "UPDATE agency SET exclusion_reason = ? WHERE id = ?",
                (excluded.exclusion_reason, excluded.id),
            )


# ----------------------------------------------------------------- numbered paragraphs
def test_every_body_paragraph_carries_a_number_in_both_formats(written):
    for kind in ("overview", "executive-summary"):
        document, pdf, docx_path = written[kind]
        for part in document.parts():
            if part.number is None:
                continue
            for number, block in part.numbered_blocks():
                if isinstance(block, Paragraph):
                    assert number is not None, f"{part.heading}: an unnumbered paragraph"
        text = _flat(pdf)
        for part in document.parts():
            for number, block in part.numbered_blocks():
                if number is None:
                    continue
                first = " ".join(plain(block.text).split()[:3])
                assert f"{number} {first}" in text, f"{kind}: {number} {first}"
        listed = docx_numbers(docx_path)
        numbered = [n for n, style, _ in listed if style == "DHRNumbered"]
        assert numbered == document.paragraph_numbers()
        # no body paragraph in the DOCX goes without a number (placeholders included)
        assert not [t for n, style, t in listed if style == "DHRBody" and t.strip()]
        assert "This section has not been written yet." in [
            t for n, style, t in listed if n and style == "DHRNumbered"
        ]


def test_every_acronym_used_is_in_the_glossary(written):
    known = acronyms()
    for kind in ("overview", "executive-summary"):
        document, pdf, docx_path = written[kind]
        pages = pages_text(pdf, layout=False)
        glossary_at = max(i for i, page in enumerate(pages) if "Glossary" in page)
        body = " ".join(pages[1:glossary_at])  # after the cover, before the glossary
        body = body.replace("OFFICIAL-SENSITIVE", "")
        used = {w for w in re.findall(r"\b[A-Z]{2,6}\b", body) if w in known}
        glossary = " ".join(pages[glossary_at:])
        for word in used:
            assert re.search(rf"\b{word}\b", glossary), f"{kind}: {word} not in the glossary"
        assert used  # the generated text's own acronyms count too
        unknown = {
            w
            for w in re.findall(r"\b[A-Z][A-Z0-9]{1,5}\b", body)
            if w not in known and not re.fullmatch(r"[A-Z]\d*", w)
        }
        assert unknown <= {"DHR"}, unknown


def test_bibliography_starts_with_the_guidance_cited_in_section_one(written):
    document, pdf, _ = written["overview"]
    guidance = written["facts"].profile.source
    bibliography = document.section("appendix_bibliography")
    entries = [plain(b.text) for b in bibliography.blocks if isinstance(b, Paragraph)]
    assert entries[0].startswith(guidance)
    # then what the endnotes cite, once each
    assert fx.NOTE_1 in entries and fx.NOTE_2 in entries
    assert len(entries) == len(set(entries))
    assert fx.NOTE_1 in _flat(pdf)
    assert guidance in plain(document.section("introduction").blocks[0].text)


# ------------------------------------------------------------------------- pagination
def _headings(document) -> set[str]:
    out = set()
    for part in document.parts():
        out.add(" ".join(part.title.split()))
        out |= {" ".join(b.text.split()) for b in part.blocks if isinstance(b, Heading)}
    return out


def test_no_page_ends_with_a_heading(written):
    for kind in KINDS:
        document, pdf, _ = written[kind]
        headings = _headings(document)
        pages = pages_text(pdf)
        for number, page in enumerate(pages[:-1], start=1):
            lines = [ln.strip() for ln in page.splitlines() if ln.strip()]
            lines = [ln for ln in lines if not FURNITURE.match(ln)]
            if not lines:
                pytest.fail(f"{kind}: page {number} is blank")
            last = re.sub(r"^[0-9A-Z]{1,2}(\.\d+)?\s+", "", " ".join(lines[-1].split()))
            assert last not in headings, f"{kind}: page {number} ends with the heading {last!r}"


def test_a_sentence_introducing_a_table_stays_with_its_first_rows(written):
    document, pdf, _ = written["overview"]
    pages = pages_text(pdf)
    for number, page in enumerate(pages[:-1], start=1):
        lines = [ln for ln in page.splitlines() if ln.strip() and not FURNITURE.match(ln)]
        if lines:
            assert not lines[-1].rstrip().endswith(":"), f"page {number}: {lines[-1].strip()}"


def test_docx_renders_without_blank_pages_section_breaks_in_paragraphs(written):
    _, _, docx_path = written["overview"]
    word = docx.Document(str(docx_path))
    body = word.element.body
    # no separate page-break paragraphs: breaks are "page break before" on headings
    assert not body.xpath(".//w:br[@w:type='page']")
    for paragraph in body.iter(qn("w:p")):
        ppr = paragraph.find(qn("w:pPr"))
        if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
            # a section break sits in a paragraph that carries content or ends a table
            previous = paragraph.getprevious()
            text = "".join(paragraph.itertext()).strip()
            assert text or (previous is not None and previous.tag == qn("w:tbl"))


# ------------------------------------------------------------------------ action plan
def test_action_plan_merges_a_recommendation_over_its_actions(written):
    document, pdf, docx_path = written["action-plan"]
    table = next(b for b in document.sections[0].blocks if isinstance(b, Table))
    assert "Status" in table.header and table.row_spans
    text = _flat(pdf)
    assert "(continued)" not in text
    assert "Not started" in text or "In progress" in text or "Completed" in text
    word = docx.Document(str(docx_path))
    grid = next(t for t in word.tables if t.rows[0].cells[0].text == "Recommendation")
    xml = grid._tbl.xml
    assert 'w:vMerge w:val="restart"' in xml and "<w:vMerge/>" in xml
    header = [c.text for c in grid.rows[0].cells]
    assert header[header.index("Status") - 1] == "Target date"
    # denser than six rows a page
    pages = pages_text(pdf)[1:]
    rows = len(table.rows)
    assert rows / max(1, len(pages)) > 6


def test_action_plan_without_recommendations_reads_as_a_sentence(tmp_path):
    store = Store.create(tmp_path / "e.dhrdesk", PASSPHRASE, DISPLAY_NAME)
    try:
        store.repos.reviews.create("DHR 2030/01", title="Empty", csp="Test CSP")
        document = build_document(store, "DHR 2030/01", "action-plan")
        text = _flat(write_pdf(document, tmp_path / "ap.pdf"))
    finally:
        store.close()
    assert "has made no recommendations yet, so the action plan has no rows" in text
    assert "the no recommendations" not in text


def test_numbers_never_overflow_their_indent():
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dhrdesk.documents import fonts
    from dhrdesk.documents.pdf import NUMBER_INDENT, _styles

    body = _styles()["body"]
    widest = stringWidth("19.39", fonts.FAMILY, body.fontSize)
    assert widest + 6 < NUMBER_INDENT
    heading = _styles()["h1_numbered"]
    assert stringWidth("19", fonts.BOLD, heading.fontSize) + 6 < NUMBER_INDENT


def test_table_headers_are_never_broken_inside_a_word():
    table = Table(["Review", "Total", "Overdue", "% done"], [["a", "1", "2", "3"]], [6, 1, 1, 1])
    widths = fit_widths(table, 300)
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from dhrdesk.documents import fonts

    assert widths[2] >= stringWidth("Overdue", fonts.BOLD, 9.5)
    assert abs(sum(widths) - 300) < 0.5


# ------------------------------------------------------------- summary and chronology
def test_executive_summary_stands_alone(written):
    document, pdf, _ = written["executive-summary"]
    text = _flat(pdf)
    assert f"{fx.VICTIM} (victim)" in text  # the people by pseudonym and role
    assert "The combined chronology draws together" in text
    for row in written["facts"].key_events:
        assert row.agency in text
    assert "The combined chronology holds" not in text
    # condensed: no copy of the overview's contributor and panel tables
    tables = [b for s in document.parts() for b in s.blocks if isinstance(b, Table)]
    headers = [t.header for t in tables]
    assert ["Agency", "Asked for", "Requested", "Received", "Accepted", "Author"] not in headers
    assert ["Name", "Role", "Agency"] not in headers
    assert "section 7 of the overview report" in text


def test_overview_chronology_section_summarises_and_refers_to_the_chronology(written):
    document, _, _ = written["overview"]
    section = document.section("chronology")
    assert not any(isinstance(b, Table) for b in section.blocks)
    first = plain(section.blocks[0].text)
    assert "submitted with this report as a separate document" in first


def test_chronology_document_has_the_columns_the_model_holds(written):
    document, pdf, _ = written["chronology"]
    table = next(b for b in document.sections[0].blocks if isinstance(b, Table))
    for column in ("Date and time", "Agency comment", "Notes"):
        assert column in table.header
    text = _flat(pdf)
    assert "Key event" in text
    assert "3 April 2024, 21:40" in text  # the time with the date
    assert "The force's own review found the call was graded correctly." in text
    assert table.align[table.header.index("Days since previous")] == "right"


def test_imr_cover_is_the_agency_front_sheet_with_its_author(written):
    document, pdf, docx_path = written["imr"]
    first = pages_text(pdf)[0]
    assert "Agency" in first and fx.POLICE in first and "Author" in first
    assert "Independent chair and author" not in first
    word = docx.Document(str(docx_path))
    assert word.tables[0].rows[0].cells[0].text == "Agency"
    assert "Key line of enquiry 1:" in _flat(pdf)


# ------------------------------------------------------------------- fonts and fields
def test_docx_font_fields_and_mode(written):
    _, pdf, docx_path = written["overview"]
    with zipfile.ZipFile(docx_path) as archive:
        settings = archive.read("word/settings.xml").decode()
        table = archive.read("word/fontTable.xml").decode()
        names = archive.namelist()
    assert '<w:updateFields w:val="true"/>' in settings
    assert "Liberation Sans" in table and "word/fonts/font1.odttf" in names
    assert b"LiberationSans" in pdf.read_bytes()


# ------------------------------------------------- pre-flight, readiness, submission pack
def test_readiness_lists_the_boards_tests_with_evidence(written):
    assessment = assess(written["store"], fx.REF)
    ids = [c.id for c in assessment.readiness.checks]
    assert ids == [
        "timescales",
        "equality_diversity",
        "consistency",
        "agencies",
        "family",
        "learning",
        "recommendations",
    ]
    for check in assessment.readiness.checks:
        assert check.test.startswith("Test ") and check.source and check.evidence
    unwritten = next(c for c in assessment.preflight.checks if c.id == "sections_written")
    assert not unwritten.passed
    assert any("Equality and diversity" in line for line in unwritten.evidence)


def test_the_pack_refuses_a_preflight_gap_and_writes_nothing(written, tmp_path):
    with pytest.raises(SubmissionBlockedError) as caught:
        submission_pack(written["store"], fx.REF, tmp_path, justification="x" * 80)
    assert "gaps" in caught.value.message
    assert list(tmp_path.iterdir()) == []


def _complete_review(store: Store, rid: int) -> None:
    """Write every section of both documents and an acronym-free glossary, so only the
    readiness checks can stop the pack."""
    from dhrdesk.core.profiles import get_profile

    profile = get_profile("dhr-2016")
    text = (
        "Age, sex, race, religion, disability and pregnancy were each considered, with "
        "marriage and sexual orientation; the panel found no barrier."
    )
    for document, specs in (
        ("overview", profile.overview_sections),
        ("executive_summary", profile.executive_summary_sections),
    ):
        for spec in specs:
            section = store.repos.drafting.section(rid, document, spec.id)
            if not section.content:
                section.content = [fx.para(text)]
                store.repos.drafting.save_section(section)


def test_the_pack_refuses_a_failing_check_without_justification_then_prints_it(tmp_path):
    store = Store.create(tmp_path / "p.dhrdesk", PASSPHRASE, DISPLAY_NAME)
    try:
        rid = fx.populate(store)
        _complete_review(store, rid)
        assessment = assess(store, fx.REF)
        assert assessment.preflight.ok, assessment.preflight.text()
        assert not assessment.readiness.ok
        out = tmp_path / "pack"
        out.mkdir()
        with pytest.raises(SubmissionBlockedError, match="readiness check"):
            submission_pack(store, fx.REF, out)
        assert list(out.iterdir()) == []
        reason = (
            "The family asked the panel to submit before the inquest; the chair will send "
            "the outstanding IMR with the Board's feedback."
        )
        pack = submission_pack(store, fx.REF, out, justification=reason)
        audited = [e for e in store.audit_entries(20) if e.kind == "submission.pack"]
        assert len(audited) == 1  # the operation records the pack once, the refusal not at all
    finally:
        store.close()
    assert [p.name for p in out.iterdir()] == ["DHR-2024-07 submission pack"]
    assert pack.folder == out / "DHR-2024-07 submission pack"
    names = sorted(p.name for p in pack.folder.iterdir())
    assert names == sorted(f.path.name for f in pack.files)
    for kind in ("overview", "executive-summary", "action-plan", "chronology"):
        for fmt in ("pdf", "docx"):
            assert f"DHR-2024-07-{kind}.{fmt}" in names
    cover = pack.folder / "DHR-2024-07-submission-cover-note.pdf"
    text = _flat(cover)
    assert reason in text and "The chair's justification" in text
    for check in pack.assessment.readiness.checks:
        assert " ".join(check.title.split()) in text
    assert "Not met" in text and "Met" in text
    assert not [n for n in names if n.startswith(".")]  # the staging folder is gone


def test_cli_submission_check_exits_5_and_prints_the_checks(written, capsys):
    store_path = written["store_path"]
    secret = written["folder"] / "secret.txt"
    secret.write_text(PASSPHRASE + "\n")
    written["store"].close()
    try:
        code = cli.main(
            [
                "--store",
                str(store_path),
                "--passphrase-file",
                str(secret),
                "submission-check",
                fx.REF,
            ]
        )
    finally:
        written["store"] = Store.open(store_path, PASSPHRASE)
        written["facts"] = facts_for(written["store"], fx.REF)
    out = capsys.readouterr().out
    assert code == 5
    assert "QA Board readiness" in out and "Test 1" in out and "[FAIL]" in out


def test_learning_points_and_recommendations_read_as_numbered_paragraphs(written):
    document, _, _ = written["overview"]
    lessons = document.section("lessons")
    assert all(isinstance(b, Paragraph) for b in lessons.blocks)


def test_family_member_fixture_has_contacts():  # guards the readiness fixture data
    assert hasattr(m, "FamilyContact")
