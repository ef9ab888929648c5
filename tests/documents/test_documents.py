"""The Home Office documents built from a fictional review and read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from dhrdesk import cli
from dhrdesk.core import model as m
from dhrdesk.core.drafts import compare
from dhrdesk.core.errors import PublicationBlockedError, UsageError
from dhrdesk.core.profiles import get_profile
from dhrdesk.core.richtext import paragraph
from dhrdesk.documents.builders import build_document
from dhrdesk.documents.consistency import check_consistency
from dhrdesk.documents.glossary import acronyms_used
from dhrdesk.documents.model import ORIGIN_CHAIR, ORIGIN_GENERATED, Paragraph, plain
from dhrdesk.documents.pdf import write_pdf
from dhrdesk.documents.snapshot import build_snapshot, freeze_draft
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents import fixture_review as fx
from tests.documents.helpers import nonblank_lines, pages_text

MARKING = "OFFICIAL-SENSITIVE"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory):
    """One store with the fictional review; every document built and written once."""
    folder = tmp_path_factory.mktemp("docs")
    path = folder / "s.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    rid = fx.populate(store)
    out = {}
    for kind in ("overview", "executive-summary", "action-plan", "chronology", "imr"):
        agency = fx.POLICE if kind == "imr" else None
        document = build_document(store, fx.REF, kind, agency=agency)
        out[kind] = (document, write_pdf(document, folder / f"{kind}.pdf"))
    themed = build_document(store, fx.REF, "action-plan", group_by_theme=True)
    out["themed"] = (themed, write_pdf(themed, folder / "themed.pdf"))
    store.close()
    return {"folder": folder, "store_path": path, "rid": rid, **out}


def _flat(path: Path) -> str:
    return " ".join(" ".join(pages_text(path, layout=False)).split())


def _words(text: str) -> str:
    """A title as a pattern that allows the line to wrap between words."""
    return r"\s+".join(re.escape(word) for word in text.split())


def _body_pages(pages: list[str]) -> int:
    """Index of the first page after the contents."""
    for index, page in enumerate(pages):
        if re.search(r"^\s*1\s+Introduction\s*$", page, re.M) and "Contents" not in page:
            return index
    raise AssertionError("no body page")


# ------------------------------------------------------------------------- overview
def test_sections_follow_the_profile_order(built):
    document, path = built["overview"]
    profile = get_profile("dhr-2016")
    expected = [s.heading for s in profile.overview_sections] + ["Endnotes"]
    expected += [s.heading for s in profile.overview_appendices]
    assert [p.heading for p in document.parts()] == expected
    pages = pages_text(path)
    body = "\n".join(pages[_body_pages(pages) :])
    positions = []
    for spec in profile.overview_sections:
        found = re.search(rf"^\s*{spec.number}\s+{_words(spec.title)}\s*$", body, re.M)
        assert found, spec.heading
        positions.append(found.start())
    assert positions == sorted(positions)


def test_paragraph_numbers_are_continuous_and_cross_generated_and_chair_text(built):
    document, path = built["overview"]
    pages = pages_text(path)
    found = []
    for page in pages[_body_pages(pages) :]:
        found += re.findall(r"^\s*(\d+\.\d+)\s+\S", page, re.M)
    expected = [n for n in document.paragraph_numbers() if re.fullmatch(r"\d+\.\d+", n)]
    assert found == expected
    for section in document.sections:
        if isinstance(section.number, int):
            mine = [n for n in expected if n.split(".")[0] == str(section.number)]
            assert mine == [f"{section.number}.{i}" for i in range(1, len(mine) + 1)]
    timescales = document.section("timescales")
    numbered = [(n, b) for n, b in timescales.numbered_blocks() if n]
    generated = [n for n, b in numbered if b.origin == ORIGIN_GENERATED]
    chair = [n for n, b in numbered if b.origin == ORIGIN_CHAIR]
    assert chair == [f"2.{len(generated) + 1}"]  # the chair's paragraph follows on


def test_marking_and_page_x_of_y_on_every_page_of_every_document(built):
    for kind in ("overview", "action-plan", "chronology", "executive-summary", "imr"):
        _, path = built[kind]
        pages = pages_text(path)
        total = len(PdfReader(path).pages)
        assert len(pages) == total
        for number, page in enumerate(pages, start=1):
            lines = nonblank_lines(page)
            assert MARKING in lines[0], f"{kind} page {number}: no header marking"
            assert any(MARKING in line for line in lines[-2:]), f"{kind} p{number}: no footer"
            assert re.findall(r"Page (\d+) of (\d+)", page) == [(str(number), str(total))]


def test_contents_page_numbers_are_where_the_headings_are(built):
    document, path = built["overview"]
    pages = pages_text(path)
    first_body = _body_pages(pages)
    entries = {}
    for page in pages[:first_body]:
        for line in page.splitlines():
            match = re.match(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", line)
            if match:
                entries[match.group(1)] = int(match.group(2))
    headings = [p.heading for p in document.parts()]
    assert len(entries) >= len(headings) - 2  # a wrapped title has its number on line 2
    for heading, listed in entries.items():
        if heading not in headings:
            continue
        number, _, title = heading.rpartition(" ") if heading == "Endnotes" else ("", "", "")
        if heading.startswith("Appendix") or heading == "Endnotes":
            pattern = re.compile(rf"^\s*{re.escape(heading)}\s*$", re.M)
        else:
            number, title = heading.split(" ", 1)
            words = r"\s+".join(re.escape(w) for w in title.split())
            pattern = re.compile(rf"^\s*{number}\s+{words}\s*$", re.M)
        where = [
            i + 1 for i, p in enumerate(pages[first_body:], start=first_body) if pattern.search(p)
        ]
        assert where == [listed], f"{heading}: contents says {listed}, found on {where}"
    reader = PdfReader(path)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert all(h in titles for h in headings)


def test_unicode_names_and_lead_agency_print_exactly(built):
    for kind in ("overview", "action-plan"):
        _, path = built[kind]
        text = _flat(path)
        assert fx.VICTIM in text or kind == "action-plan"
        assert fx.UNICODE_AGENCY in text
    reader_text = " ".join(p.extract_text() for p in PdfReader(built["overview"][1]).pages)
    assert "Zoë" in reader_text and "Łódź" in reader_text


def test_glossary_lists_only_the_acronyms_used(built):
    document, path = built["overview"]
    glossary = document.section("appendix_glossary")
    listed = [row[0] for row in glossary.blocks[0].rows]
    assert {"DASH", "MARAC", "IDVA"} <= set(listed)
    assert "MAPPA" not in listed and "SARC" not in listed and "FGM" not in listed
    assert listed == [
        a
        for a, _ in acronyms_used(
            document.all_text(
                include_appendix_keys=(
                    "appendix_tor",
                    "appendix_action_plan",
                    "appendix_bibliography",
                )
            )
        )
    ]
    pages = pages_text(path)
    page = next(p for p in pages if re.search(r"^\s*Appendix C Glossary\s*$", p, re.M))
    assert "Multi-Agency Risk Assessment Conference" in page
    assert "Multi-Agency Public Protection" not in page


def test_endnotes_are_numbered_and_printed_before_the_appendices(built):
    document, path = built["overview"]
    notes = document.endnotes()
    assert [n.text for n in notes] == [fx.NOTE_1, fx.NOTE_2]
    headings = [p.heading for p in document.parts()]
    assert headings.index("Endnotes") == headings.index("19 Recommendations") + 1
    text = _flat(path)
    assert re.search(r"DASH risk assessment ?1 and referred Zoë to MARAC", text)
    assert f"1. {fx.NOTE_1} 2. {fx.NOTE_2}" in text


def test_chronology_reference_prints_date_and_agency_and_markup_is_escaped(built):
    text = _flat(built["overview"][1])
    assert "(chronology: 3 April 2024, Northmoor Police)" in text
    assert "Markup such as <b>this</b> & that prints as typed." in text
    assert "She was walking on eggshells." in text


# ---------------------------------------------------------------------- action plan
def test_action_plan_is_landscape_with_every_recommendation_and_header_on_every_page(built):
    document, path = built["action-plan"]
    reader = PdfReader(path)
    assert len(reader.pages) >= 4  # cover + at least three pages of rows
    for page in reader.pages:
        assert float(page.mediabox.width) > float(page.mediabox.height)
    pages = pages_text(path, layout=False)
    for number, page in enumerate(pages[1:], start=2):
        flat = " ".join(page.split())
        for column in ("Recommendation", "Scope", "Lead agency", "Target date"):
            assert column in flat, f"page {number}: header row missing"
    text = _flat(path)
    for n in range(1, fx.RECOMMENDATIONS + 1):
        assert f"R{n:02d} All agencies" in text, f"recommendation {n} missing"
    assert "No action recorded yet." in text  # the recommendation without actions


def test_action_plan_grouped_by_theme(built):
    document, path = built["themed"]
    table = document.sections[0].blocks[1]
    groups = [table.rows[i][0] for i in table.group_rows]
    assert groups == ["Risk identification and assessment", "Other recommendations"]
    text = _flat(path)
    assert text.index("Risk identification and assessment") < text.index("Other recommendations")


def test_chronology_is_landscape_and_lists_every_row(built):
    document, path = built["chronology"]
    reader = PdfReader(path)
    assert all(float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages)
    text = _flat(path)
    for i in range(1, 31):
        assert f"Contact number {i} with Zoë." in text


def test_imr_has_front_sheet_analysis_and_only_its_agency_rows(built):
    document, path = built["imr"]
    titles = [s.title for s in document.sections]
    # the agency's front sheet is the cover, with the agency's author (not the chair)
    cover = dict(document.cover_details())
    assert list(cover)[:3] == ["Agency", "Author", "Author's independence"]
    assert "Independent chair and author" not in cover
    first_page = pages_text(path)[0]
    assert "Senior manager sign-off" in first_page and "Date records secured" in first_page
    assert "Key line of enquiry 1:" in _flat(path)
    assert "Agency chronology" in titles and "Analysis against the key lines of enquiry" in titles
    text = _flat(path)
    assert "How was risk identified and assessed?" in text
    assert "Call to Zoë's home." in text  # a Northmoor Police row
    assert "Contact number 2 with Zoë." not in text  # a GP practice row


def test_executive_summary_draws_the_same_facts(built):
    overview, _ = built["overview"]
    summary, path = built["executive-summary"]
    profile = get_profile("dhr-2016")
    assert [s.key for s in summary.sections if not s.appendix] == [
        s.id for s in profile.executive_summary_sections
    ]

    def texts(section):
        return [plain(b.text) for b in section.generated_blocks() if isinstance(b, Paragraph)]

    assert texts(summary.section("es_recommendations")) == texts(
        overview.section("recommendations")
    )
    # the summary's process section carries the overview's timescales, after the people
    # and the account of the death, so it stands alone
    process = texts(summary.section("es_process"))
    timescales = texts(overview.section("timescales"))
    assert process[-len(timescales) :] == timescales


# --------------------------------------------------------- chair text, drafts, checks
def test_chair_prose_survives_a_change_of_generated_data(tmp_path: Path):
    store = Store.create(tmp_path / "c.dhrdesk", PASSPHRASE, DISPLAY_NAME)
    try:
        rid = fx.populate(store)
        before = build_document(store, fx.REF, "overview").section("contributors")
        store.repos.records.save(m.Agency(rid, "Newly Added Ambulance Service"))
        after = build_document(store, fx.REF, "overview").section("contributors")
        generated = [b for b in after.generated_blocks() if hasattr(b, "rows")][0]
        assert "Newly Added Ambulance Service" in [row[0] for row in generated.rows]
        assert after.chair_blocks() == before.chair_blocks()
        assert plain(after.chair_blocks()[0].text) == fx.CHAIR_CONTRIBUTORS
        stored = store.repos.drafting.section(rid, "overview", "contributors").content
        assert stored == [fx.para(fx.CHAIR_CONTRIBUTORS)]

        # consistency: clean first, then planted contradictions are found
        assert check_consistency(store, rid) == []
        store.repos.drafting.save_section(
            m.ReportSection(
                rid,
                "executive_summary",
                "es_conclusions",
                [
                    fx.para("Zoë died in February 2024."),
                    fx.para(f"{fx.EXCLUDED} contributed a summary."),
                ],
            )
        )
        store.repos.drafting.save_section(
            m.ReportSection(
                rid,
                "overview",
                "conclusions",
                [fx.para("The review makes twelve recommendations; Recommendation 30 is key.")],
            )
        )
        found = check_consistency(store, rid)
        fields = {(d.field, d.overview_value, d.summary_value) for d in found}
        assert ("month of death", "March 2024", "February 2024") in fields
        assert any(
            d.field == "contributing agencies" and d.summary_value == fx.EXCLUDED for d in found
        )
        assert any(
            d.field == "number of recommendations" and "twelve" in d.overview_value for d in found
        )
        assert any(d.field == "recommendation number" and "30" in d.overview_value for d in found)
        assert all("paragraph" in d.where for d in found)
        assert len(found) == 4

        # snapshots in the format compare() reads, and freezing
        first = build_snapshot(store, rid)
        assert set(first["documents"]) == {"overview", "executive_summary"}
        section = next(s for s in first["documents"]["overview"] if s["key"] == "timescales")
        assert section["heading"] == "2 Timescales"
        assert section["paragraphs"][0].startswith("2.1 ")
        assert any(p.endswith(fx.CHAIR_TIMESCALES) for p in section["paragraphs"])
        assert all(d.status == "unchanged" for d in compare(first, first))
        draft = freeze_draft(store, rid, "First draft for the panel")
        assert draft.version == "0.1" and draft.snapshot == first
        store.repos.drafting.save_section(
            m.ReportSection(rid, "overview", "timescales", [fx.para("Rewritten by the chair.")])
        )
        diffs = {d.key: d for d in compare(first, build_snapshot(store, rid))}
        assert diffs["timescales"].status == "changed"
        assert diffs["introduction"].status == "unchanged"
        document = build_document(store, fx.REF, "overview")
        assert [(r.version, r.change) for r in document.version_history] == [
            ("0.1", "First draft for the panel")
        ]
    finally:
        store.close()


# ----------------------------------------------------------------------- editions, CLI
def test_publication_edition_is_refused_in_the_builder(built):
    store = Store.open(built["store_path"], PASSPHRASE)
    try:
        published = build_document(store, fx.REF, "overview", edition="publication")
        assert published.marking is None and published.edition == "publication"
        with pytest.raises(PublicationBlockedError, match="never published"):
            build_document(store, fx.REF, "imr", edition="publication", agency=fx.POLICE)
        with pytest.raises(UsageError):
            build_document(store, fx.REF, "imr")
    finally:
        store.close()


def _cli(built, *args: str) -> int:
    secret = built["folder"] / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    base = ["--store", str(built["store_path"]), "--passphrase-file", str(secret), "report"]
    return cli.main([*base, fx.REF, *args])


def test_cli_report_writes_and_refuses(built, capsys):
    out = built["folder"] / "cli.pdf"
    assert _cli(built, "--document", "terms-of-reference", "--out", str(out)) == 0
    assert out.read_bytes().startswith(b"%PDF")
    text = _flat(out)
    assert "No contact in the period" in text and "Three years before the death" in text

    # A phone number in the chair's text blocks the publication edition: exit 5, nothing written.
    store = Store.open(built["store_path"], PASSPHRASE)
    try:
        review = store.repos.reviews.get(fx.REF)
        section = store.repos.drafting.section(review.id, "overview", "background")
        section.content = [*section.content, paragraph("Her mobile was 07700 900123.")]
        store.repos.drafting.save_section(section)
    finally:
        store.close()
    existing = built["folder"] / "existing.pdf"
    existing.write_bytes(b"yesterday's file")
    code = _cli(built, "--document", "overview", "--edition", "publication", "--out", str(existing))
    assert code == 5
    assert existing.read_bytes() == b"yesterday's file"
    captured = capsys.readouterr()
    assert "Publication blocked" in captured.err
    assert "07700 900123" in captured.out + captured.err
    fresh = built["folder"] / "never.pdf"
    assert (
        _cli(built, "--document", "overview", "--edition", "publication", "--out", str(fresh)) == 5
    )
    assert not fresh.exists()
    assert _cli(built, "--document", "imr", "--out", str(fresh)) == 2
    assert not fresh.exists()
    marked = built["folder"] / "marked.pdf"
    assert (
        _cli(
            built,
            "--document",
            "chronology",
            "--marking",
            "Restricted until publication",
            "--out",
            str(marked),
        )
        == 0
    )
    assert all(p.count("Restricted until publication") >= 2 for p in pages_text(marked))
