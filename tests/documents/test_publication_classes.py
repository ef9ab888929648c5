"""Issue 10's failure classes through whole documents, in every text place and both formats.

Each hard case (tests/core/test_anonymise_classes.py has the matching rules one by
one) is written into a fictional review in several places a chair or an agency
writes text: section prose, a sub-heading, a bullet, a quote, a table cell, a
chronology row, a recommendation, an action and an action update. The publication
edition of the overview, executive summary, action plan and chronology is written
as PDF and DOCX through the gate, read back with tools that are not the gate's
(pdftotext, pypdf, python-docx, the raw XML), and:

* no registered identifier survives, in any spelling (folded, separators removed);
* no replacement is doubled and no possessive is broken;
* the ordinary text that only looks like a name is still there, unchanged;
* every paragraph without an identifier is the same in both editions (over-redaction).

All names, places and numbers are invented.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import fold
from dhrdesk.documents import gate
from dhrdesk.documents.builders import build_document
from dhrdesk.documents.model import Paragraph, plain
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents.test_publication_corpus import text_of

REF = "DHR 2099/31"
FORMATS = ("pdf", "docx")
KINDS = ("overview", "executive-summary", "action-plan", "chronology")

# kind, value, replacement, variants, subject role
REGISTER = [
    ("full_name", "Zoë Ní Bhriain-Okafor", "Adult A", ["Zo"], "victim"),
    ("date_of_birth", "17/06/1989", "", [], "victim"),
    ("date_of_death", "03/02/2025", "", [], "victim"),
    ("full_name", "Declan Mason", "Adult B", [], "perpetrator"),
    ("full_name", "Hope Turner", "Child A", [], "child"),
    ("professional", "PC Jane Baker", "Police Officer 1", [], None),
    ("professional", "Dr Kerensa Lyons", "GP 1", [], None),
    ("full_name", "Abdirahman Mohamed Farah", "Adult C", [], None),
    ("address", "22 Larkspur Close, Westmere WM4 7QT", "", [], "victim"),
    ("phone", "07700 900123", "", [], "victim"),
    ("nhs_number", "943 476 5919", "", [], "victim"),
    ("ni_number", "AB 12 34 56 C", "", [], "perpetrator"),
]
# What a reader must never find, folded, separators removed.
FORMS = [
    "zoe",
    "bhriain",
    "okafor",
    "declan",
    "kerensa",
    "lyons",
    "abdirahman",
    "mohamedfarah",
    "larkspurclose",
    "wm47qt",
    "07700900123",
    "9434765919",
    "ab123456c",
    "1989",
]

# The hard cases: (text, phrases that must survive unchanged)
CASES: list[tuple[str, list[str]]] = [
    # 1 Unicode forms
    ("Zoe\u0308 Ni\u0301 Bhriain-Okafor called the police at night.", []),
    ("Zoë\u00a0Ní\u00a0Bhriain\u2011Okafor had moved twice.", []),
    ("Zo\u200bë Ní Bhri\u00adain-Okafor saw the GP.", []),
    ("Her mobile was ０７７００ ９００１２３ on the referral.", []),
    # 2 dates without a year
    ("Every year on 17/06 the family lights a candle.", ["the family lights a candle"]),
    ("On June 17th her sister visits the grave.", ["her sister visits the grave"]),
    # 3 structured identifiers in another grouping
    ("His NI number ab123456c was on the charge sheet.", ["was on the charge sheet"]),
    ("She rang from +44 7700 900123 twice that week.", ["twice that week"]),
    ("The referral gave NHS number 943-476-5919 only.", ["only"]),
    ("The tenancy was at wm4-7qt until the move.", ["until the move"]),
    # 4 partial identifiers
    ("A neighbour at 24 Larkspur Close heard shouting.", ["heard shouting"]),
    ("Dr K. Lyons did not ask about abuse.", ["did not ask about abuse"]),
    # 6 titles and ranks
    ("PC Amrit Sandhu and PC Baker attended together.", ["PC Amrit Sandhu"]),
    # 8 ordinary words
    ("She bought bread at a baker's shop on the corner.", ["a baker's shop"]),
    ("He worked as a mason by trade.", ["a mason by trade"]),
    ("We hope that lessons are learned.", ["We hope that lessons are learned."]),
    # 9 doubled and broken replacements
    ("MASON, Declan was arrested at the scene.", ["was arrested at the scene"]),
    ("Zoë (Zo) Ní Bhriain-Okafor was 35.", []),
    ("The notes of Declan MASON'S visit were brief.", ["visit were brief"]),
    # 10 kind-appropriate replacements
    ("Her phone, 07700 900123, was never found.", ["Her phone was never found."]),
    ("Her date of birth was 17/06/1989.", []),
    # 11 generated-looking agency names
    ("Westgate Road Surgery saw her in 2023, Westgate Road Surgery again in 2024.", []),
]
PLAIN = [
    "The panel met six times and read every agency's records in full.",
    "Agencies’ records were read in full — including the GP’s notes.",
    "Two thirds of the actions are complete; 24/7 support was offered.",
]
AGENCIES = ("Northmoor Police", "Westgate Road Surgery", "Northmoor Homes")


def _p(text: str) -> dict:
    return {"type": "paragraph", "runs": [{"text": text}]}


def populate(store: Store) -> int:
    rid = store.repos.reviews.create(
        REF,
        title="Class corpus review (fictional)",
        csp="Westmere Community Safety Partnership",
        month_of_death="2025-02",
    )
    records = store.repos.records
    subjects = {}
    for role, pseudonym, sort in (
        ("victim", "Adult A", 1),
        ("perpetrator", "Adult B", 2),
        ("child", "Child A", 3),
    ):
        subject = m.Subject(rid, role, pseudonym, sort=sort)
        records.save(subject)
        subjects[role] = subject.id
    for kind, value, replacement, variants, role in REGISTER:
        records.save(m.RegisterEntry(rid, kind, value, replacement, subjects.get(role), variants))
    records.save(m.ReviewPerson(rid, "chair", "Chair Fictional"))
    agency_ids = []
    for name in AGENCIES:
        agency = m.Agency(rid, name)
        records.save(agency)
        agency_ids.append(agency.id)
    texts = [c[0] for c in CASES]
    # chronology rows (the chronology document, section 14 of the overview)
    store.repos.agency_input.add_entries(
        [
            m.ChronologyEntry(
                rid,
                agency_ids[i % 3],
                f"2024-{1 + i % 12:02d}-{10 + i % 15:02d}",
                "Case record",
                event=text,
                key_event=True,
            )
            for i, text in enumerate(texts)
        ]
    )
    # prose, a sub-heading, bullets, a quote and a table in the analysis section
    blocks = [_p(t) for t in texts] + [_p(t) for t in PLAIN]
    blocks.append({"type": "heading", "text": "What PC Baker and MASON, Declan said"})
    blocks.append({"type": "bullets", "items": [[{"text": t}] for t in texts[:8]]})
    blocks.append({"type": "quote", "runs": [{"text": texts[8]}]})
    blocks.append(
        {
            "type": "table",
            "header": ["Who", "What"],
            "rows": [[t.split(" ", 1)[0], t] for t in texts[8:16]],
        }
    )
    drafting = store.repos.drafting
    drafting.save_section(m.ReportSection(rid, "overview", "background", [_p(t) for t in texts]))
    drafting.save_section(m.ReportSection(rid, "overview", "analysis", blocks))
    drafting.save_section(
        m.ReportSection(rid, "executive_summary", "es_process", [_p(t) for t in texts[:10]])
    )
    # recommendations, actions and action updates
    for number, text in enumerate(texts[:6], start=1):
        rec = m.Recommendation(rid, number, text, lead_agency=AGENCIES[number % 3])
        records.save(rec)
        action = m.Action(rec.id, texts[-number], target_date=dt.date(2026, 6, 30))
        records.save(action)
        store.repos.monitoring.record_update(
            action.id,
            dt.date(2026, 1, 10),
            texts[(number + 7) % len(texts)],
            "in_progress",
            today=dt.date(2026, 12, 1),
        )
    return rid


@pytest.fixture(scope="module")
def class_store(tmp_path_factory: pytest.TempPathFactory):
    store = Store.create(
        tmp_path_factory.mktemp("classes") / "classes.dhrdesk", PASSPHRASE, DISPLAY_NAME
    )
    populate(store)
    yield store
    store.close()


@pytest.fixture(scope="module")
def written(class_store, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Every document in both formats, after the chair resolved what the gate asked."""
    review = class_store.repos.reviews.get(REF)
    reports = gate.check_publication(class_store, REF, KINDS)
    # The corpus is written so that the substitution decides everything itself, except
    # one person who is in no register (PC Amrit Sandhu): the name check must report
    # him, and the chair keeps him as written. Any other finding is a defect of the gate
    # (a leak it saw but could not mend, or noise).
    expected = [f for r in reports for f in r.unresolved if f.matched == "PC Amrit Sandhu"]
    assert expected and all(f.category == "possible_name" for f in expected)
    for finding in expected:
        class_store.repos.publication.accept(
            review.id, finding, "A police officer named in the court judgment; not identifying."
        )
    reports = gate.check_publication(class_store, REF, KINDS)
    unexpected = [f for r in reports for f in r.unresolved]
    assert unexpected == [], [f.describe() for f in unexpected]
    out = tmp_path_factory.mktemp("classes-out")
    files = {}
    for kind in KINDS:
        for fmt in FORMATS:
            files[(kind, fmt)] = gate.export_publication(
                class_store, REF, kind, out / f"{kind}.{fmt}", fmt
            )
    assert review.id
    return files


def squeeze(text: str) -> str:
    return re.sub(r"[\s\-.()/'’]", "", fold(text))


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("kind", KINDS)
def test_no_identifier_in_any_place_of_the_written_file(written, kind, fmt) -> None:
    text = text_of(written[(kind, fmt)].path, fmt)
    squeezed = squeeze(text)
    for form in FORMS:
        assert form not in squeezed, (kind, fmt, form)
    flat = " ".join(text.split())
    for doubled in ("Adult A Adult A", "Adult B Adult B", "Child A Child A", "Officer 1 Officer"):
        assert doubled not in flat, (kind, fmt, doubled)
    assert "'S " not in flat and "’S " not in flat


@pytest.mark.parametrize("fmt", FORMATS)
def test_ordinary_text_survives(written, fmt) -> None:
    text = " ".join(text_of(written[("overview", fmt)].path, fmt).split())
    for _case, keep in CASES:
        for phrase in keep:
            assert " ".join(phrase.split()) in text, (fmt, phrase)
    for sentence in PLAIN:
        assert sentence in text, (fmt, sentence)
    assert "Westgate Road Surgery" in text  # an agency name is not an address


def test_paragraphs_without_identifiers_are_identical(class_store) -> None:
    """Over-redaction: the publication edition changes nothing outside the identifiers."""
    review = class_store.repos.reviews.get(REF)
    anon = gate.anonymiser_for(class_store, review.id)
    restricted = build_document(class_store, REF, "overview", marking=None)
    published = gate.prepare(anon, restricted)
    before = {
        block.origin + plain(block.text)
        for section in restricted.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    }
    after = {
        block.origin + plain(block.text)
        for section in published.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    }
    for sentence in PLAIN:
        assert any(sentence in text for text in before)
        assert any(sentence in text for text in after)
    untouched = [t for t in before if not anon.substituter.analyse(t) and not re.search(r"\d", t)]
    assert untouched
    for text in untouched:
        assert text in after, text


def test_the_manifest_lists_every_resolution_and_never_passes_unresolved(
    class_store, written, tmp_path
) -> None:
    review = class_store.repos.reviews.get(REF)
    drafting = class_store.repos.drafting
    section = m.ReportSection(
        review.id,
        "executive_summary",
        "es_process",
        [_p("The panel was chaired by Jane Whitfield of the council.")],
    )
    drafting.save_section(section)
    folder = tmp_path / "pack"
    folder.mkdir()
    with pytest.raises(gate.GateBlockedError) as blocked:
        gate.publication_pack(class_store, review.id, folder)
    assert any(f.category == "shared_name_part" for f in blocked.value.findings)
    assert list(folder.iterdir()) == []
    finding = next(f for f in blocked.value.findings if f.category == "shared_name_part")
    class_store.repos.publication.accept(
        review.id, finding, "Jane Whitfield is the panel chair, not PC Jane Baker."
    )
    manifest = gate.publication_pack(class_store, review.id, folder)
    assert manifest.folder.parent == folder and manifest.folder.name.endswith("publication pack")
    text = (manifest.folder / "manifest.txt").read_text(encoding="utf-8")
    assert "Check: passed after resolution: " in text
    assert "'Jane' at Executive summary" in text
    assert "Jane Whitfield is the panel chair, not PC Jane Baker." in text
    assert f"kept as written by {DISPLAY_NAME}" in text
    assert "Audit chain head: entry" in text
    data = manifest.as_dict()
    assert {r["decision"] for r in data["resolutions"]} == {"kept as written"}
    assert any(r["text"] == "PC Amrit Sandhu" for r in data["resolutions"])
    assert data["second_signoff"] == "not required"
    assert data["audit_chain_head"]["entry"] > 0
    assert data["audit_chain_head"]["store_id"] == class_store.store_id


# ------------------------------------------------------------------ property: any form
NAMES = ["Zoë Ní Bhriain-Okafor", "Declan Mason", "Kerensa Lyons", "Abdirahman Mohamed Farah"]
NUMBERS = {"07700900123": "phone", "9434765919": "nhs", "AB123456C": "ni", "WM47QT": "postcode"}


def _grouped(draw, chars: str) -> str:
    """The characters with random separators (none, spaces, hyphens, dots) between them."""
    from hypothesis import strategies as st

    out = []
    for index, ch in enumerate(chars):
        out.append(ch)
        if index < len(chars) - 1:
            out.append(draw(st.sampled_from(["", "", " ", "-", ".", "  "])))
    return "".join(out)


@pytest.fixture(scope="module")
def property_folder(tmp_path_factory: pytest.TempPathFactory):
    return tmp_path_factory.mktemp("property")


def test_any_form_of_any_identifier_never_reaches_the_written_file(
    class_store, written, property_folder
) -> None:
    import unicodedata

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    review = class_store.repos.reviews.get(REF)

    @st.composite
    def identifier(draw) -> str:
        if draw(st.booleans()):
            name = draw(st.sampled_from(NAMES))
            form = draw(st.sampled_from(["NFC", "NFD", "NFKC", "NFKD"]))
            name = unicodedata.normalize(form, name)
            case = draw(st.sampled_from([str, str.upper, str.lower, str.title]))
            name = case(name)
            space = draw(st.sampled_from([" ", "\u00a0", "\u202f", "  "]))
            name = name.replace(" ", space)
            possessive = draw(st.sampled_from(["", "'s", "’s", "’S", "'"]))
            return name + possessive
        chars = draw(st.sampled_from(sorted(NUMBERS)))
        if draw(st.booleans()):
            chars = chars.lower()
        if chars.startswith("0") and draw(st.booleans()):
            chars = "+44" + chars[1:]
        return _grouped(draw, chars)

    counter = {"n": 0, "written": 0}

    @settings(
        max_examples=30,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(identifier(), st.sampled_from(["pdf", "docx"]))
    def check(value: str, fmt: str) -> None:
        text = f"The panel heard that {value} was known to the agencies."
        class_store.repos.drafting.save_section(
            m.ReportSection(review.id, "executive_summary", "es_process", [_p(text)])
        )
        counter["n"] += 1
        target = property_folder / f"summary-{counter['n']}.{fmt}"
        try:
            gate.export_publication(class_store, REF, "executive-summary", target, fmt)
        except gate.GateBlockedError as err:  # blocked is safe: nothing was written
            assert not target.exists()
            assert err.findings
            counter.setdefault("blocked", []).append((value, err.findings[0].describe()))
            return
        counter["written"] += 1
        squeezed = squeeze(text_of(target, fmt))
        for form in FORMS:
            assert form not in squeezed, (value, fmt, form)

    check()
    # most forms are substituted and written, not merely blocked
    assert counter["written"] >= counter["n"] // 2, counter


def test_texts_are_stored_composed(class_store) -> None:
    """NFC on the way into the store: a decomposed paste is stored as the typed text."""
    import json
    import unicodedata

    review = class_store.repos.reviews.get(REF)
    sections = class_store.repos.drafting.sections(review.id, "overview")
    stored = json.dumps([s.content for s in sections.values()], ensure_ascii=False)
    assert "Zoe\u0308" not in stored and "Zoë Ní Bhriain-Okafor called" in stored
    assert unicodedata.is_normalized("NFC", stored)
    entries = class_store.repos.agency_input.entries(review.id)
    assert all(unicodedata.is_normalized("NFC", e.event) for e in entries)
