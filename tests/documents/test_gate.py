"""Unit tests of the gate: places, dates, ambiguities, read-back filtering, the pack."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import RegisterItem, TextUnit
from dhrdesk.documents import gate, gate_substitution, gate_write
from dhrdesk.documents.builders import build_document
from dhrdesk.documents.model import Document, Paragraph, Section, VersionRow


def _anon(**kwargs) -> gate.Anonymiser:
    items = [
        RegisterItem("full_name", "Hope Carter", "Child A"),
        RegisterItem("full_name", "Pádraig Carter", "Adult B"),
        RegisterItem("professional", "Sinéad O'Shea", "Social Worker 1", ("S. O'S.",)),
    ]
    return gate.Anonymiser(items, **kwargs)


def _doc(*paragraphs: str) -> Document:
    return Document(
        title="Domestic Homicide Review – Overview Report into the death of Adult A",
        kind="overview",
        review_type="Domestic Homicide Review",
        reference="DHR 2099/01",
        subject_pseudonym="Adult A",
        csp="Westmere CSP",
        month_year_of_death="March 2024",
        chair="Chair Fictional",
        version="1.0",
        date=dt.date(2025, 5, 14),
        marking="OFFICIAL-SENSITIVE",
        metadata={"title": "DHR 2099/01 – Overview report (Hope Carter)"},
        version_history=[VersionRow("0.1", dt.date(2025, 1, 3), "Chair Fictional", "First")],
        sections=[Section(13, "Background", [Paragraph(p) for p in paragraphs])],
    )


def test_substitution_covers_cover_metadata_versions_and_places():
    anon = _anon()
    published, found = gate.substitute_document(anon, _doc("Hope Carter was seen on 3 May 2024."))
    assert found == []
    assert published.marking is None and published.edition == "publication"
    assert published.metadata["title"] == "DHR 2099/01 – Overview report (Child A)"
    assert ("Date", "May 2025") in published.cover_details()
    assert published.version_history == []
    versions = published.sections[0]
    assert versions.title == "Version control"
    assert versions.blocks[0].rows == [["0.1", "January 2025", "Chair Fictional", "First"]]
    body = published.sections[1].blocks[0].text
    assert body == "Child A was seen in May 2024."
    report = gate.check_model(anon, published)
    assert report.ok
    places = [u.where for u in gate.document_units(published)]
    assert "Overview report › 13 Background › 13.1" in places
    assert "Overview report › file properties › title" in places
    assert "Overview report › page footer" in places


def test_shared_surname_and_sentence_start_common_word_block():
    anon = _anon()
    published, found = gate.substitute_document(anon, _doc("Carter was there.", "Hope was hungry."))
    report = gate.check_model(anon, published, found)
    categories = {(f.category, f.matched, f.where) for f in report.blocking}
    assert ("ambiguous_name", "Carter", "Overview report › 13 Background › 13.1") in categories
    assert ("ambiguous_name", "Hope", "Overview report › 13 Background › 13.2") in categories
    with pytest.raises(gate.GateBlockedError) as caught:
        raise gate.blocked_error([report])
    assert caught.value.exit_code == 5 and len(caught.value.findings) == len(report.blocking)


def test_initials_are_not_split_into_one_letter_forms(store):
    rid = store.repos.reviews.create("DHR 2099/02")
    store.repos.records.save(
        m.RegisterEntry(rid, "professional", "Sinéad O'Shea", "Social Worker 1", None, ["S. O'S."])
    )
    anon = gate.anonymiser_for(store, rid)
    assert (
        anon.text("It was Adult A's. S. O'S. signed.")
        == "It was Adult A's. Social Worker 1 signed."
    )


def test_numeric_date_at_a_sentence_end_is_substituted_and_scanned():
    anon = _anon()
    assert anon.text("Due by 30/06/2025.") == "Due by June 2025."
    findings = gate.scan_units(anon.scanner, [TextUnit("x", "Due by 30/06/2025.")])
    assert [f.category for f in findings] == ["day_date"]


def test_dates_of_birth_and_death():
    anon = gate.Anonymiser([], "relative", dt.date(2024, 3, 18), {dt.date(1989, 4, 7): "aged 34"})
    assert anon.text("She was born on 07/04/1989.") == "She was aged 34."
    assert anon.text("On 18 March 2024 she died.") == "In March 2024 she died."
    assert anon.text("On 4 March 2024 she called.") == "two weeks before the death she called."


def test_read_back_ignores_dates_made_by_joining_cells(tmp_path, monkeypatch):
    """'0.1' and 'November 2026' in two cells read as a date only once lines are joined."""
    from dhrdesk.documents import readback, readback_a11y

    anon = _anon()
    report = gate.GateReport("Overview report", [])
    monkeypatch.setattr(
        readback_a11y,
        "file_units",
        lambda path, fmt, label: readback._units("p", "0.1\nNovember 2026\nHope Carter"),
    )
    leaks = gate_write._readback_blocking(
        anon, report, tmp_path / "x.pdf", "pdf", "Overview report"
    )
    # the name is reported (once per text version), the joined "1 November 2026" is not
    assert {(f.category, f.matched) for f in leaks} == {("identifier", "Hope Carter")}


def _small_review(store, reference: str = "DHR 2099/03") -> int:
    rid = store.repos.reviews.create(reference)
    store.repos.records.save(m.Subject(rid, "victim", "Adult A"))
    return rid


def test_pack_is_one_folder_and_an_earlier_pack_is_never_changed(store, tmp_path):
    """The pack is DIR/<reference> publication pack/; when that folder exists (a pack
    already sent), the new one takes the next numbered name and the old one is untouched."""
    out = tmp_path / "pack"
    out.mkdir()
    rid = _small_review(store)
    earlier = out / "DHR-2099-03 publication pack"
    earlier.mkdir()
    (earlier / "manifest.txt").write_text("an older pack")
    manifest = gate.publication_pack(store, rid, out)
    assert manifest.folder == out / "DHR-2099-03 publication pack (2)"
    assert sorted(p.name for p in out.iterdir()) == [
        "DHR-2099-03 publication pack",
        "DHR-2099-03 publication pack (2)",
    ]
    assert [p.name for p in earlier.iterdir()] == ["manifest.txt"]
    assert (earlier / "manifest.txt").read_text() == "an older pack"
    names = sorted(p.name for p in manifest.folder.iterdir())
    assert names == sorted(
        [f.path.name for f in manifest.files] + ["manifest.json", "manifest.txt"]
    )
    assert all(f.path.parent == manifest.folder and f.path.exists() for f in manifest.files)
    again = gate.publication_pack(store, rid, out)
    assert again.folder.name == "DHR-2099-03 publication pack (3)"
    # the operation logs every file of each pack; the document function writes files only
    logged = [row["filename"] for row in store.repos.publication.history(rid)]
    assert logged == [f.path.name for f in manifest.files] + [f.path.name for f in again.files]
    before = len(store.repos.publication.history(rid))
    files_only = gate.write_publication_pack(store, rid, out)
    assert files_only.folder.name == "DHR-2099-03 publication pack (4)"
    assert len(store.repos.publication.history(rid)) == before


def _pack_state(out: Path) -> str:
    """'none' or 'whole' (after the cleanup the next pack does); anything else is a defect."""
    import json

    gate._remove_stale_staging(out)
    names = sorted(p.name for p in out.iterdir())
    if not names:
        return "none"
    assert len(names) == 1 and not names[0].startswith("."), names
    folder = out / names[0]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = sorted([f["file"] for f in manifest["files"]] + ["manifest.json", "manifest.txt"])
    assert sorted(p.name for p in folder.iterdir()) == listed
    assert (folder / "manifest.txt").read_text(encoding="utf-8").startswith("Publication pack")
    return "whole"


def _die_at_step(n: int) -> None:
    """In a forked child: SIGKILL this process at its n-th fsync, rename or replace."""
    import os
    import signal

    count = [0]

    def dying(real):
        def call(*args, **kwargs):
            count[0] += 1
            if count[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
            return real(*args, **kwargs)

        return call

    os.fsync = dying(os.fsync)
    os.rename = dying(os.rename)
    os.replace = dying(os.replace)


def test_a_pack_killed_at_any_fsync_or_rename_leaves_none_or_a_whole_one(store, tmp_path):
    """Issue 14: the pack writer SIGKILLed at its N-th fsync, rename or replace, for every
    N. Each kill leaves no pack folder or a whole one (files and manifest), never part."""
    import os

    rid = _small_review(store)
    cache: dict = {}

    def cached(document, fmt):  # render each file once; the children reuse the bytes
        key = (document.kind, fmt)
        if key not in cache:
            cache[key] = gate.render(document, fmt)
        return cache[key]

    warm = tmp_path / "warm"
    warm.mkdir()
    gate.publication_pack(store, rid, warm, renderer=cached)
    seen = []
    for n in range(1, 200):
        out = tmp_path / f"kill-{n}"
        out.mkdir()
        pid = os.fork()
        if pid == 0:  # the child: count the durable steps, die at the n-th
            try:
                _die_at_step(n)
                gate_write._readback_blocking = lambda *args: []  # proven by the other tests
                gate.publication_pack(store, rid, out, renderer=cached)
            finally:
                os._exit(0)
        _, status = os.waitpid(pid, 0)
        seen.append(_pack_state(out))
        if not os.WIFSIGNALED(status):
            break  # the pack finished before the n-th step: every step has been tried
    assert seen[-1] == "whole" and "none" in seen
    assert set(seen) == {"none", "whole"}
    assert len(seen) > 20  # every file's fsync and rename was a kill point


def test_builder_hook_returns_a_gated_document(store):
    rid = store.repos.reviews.create("DHR 2099/04")
    store.repos.records.save(m.Subject(rid, "victim", "Adult A"))
    store.repos.records.save(m.RegisterEntry(rid, "full_name", "Hope Carter", "Adult A"))
    store.repos.drafting.save_section(
        m.ReportSection(
            rid,
            "overview",
            "background",
            [{"type": "paragraph", "runs": [{"text": "Hope Carter lived alone."}]}],
        )
    )
    document = build_document(store, "DHR 2099/04", "overview", edition="publication")
    assert isinstance(document, gate.PublicationDocument) and document.report.ok
    assert "Hope Carter" not in document.all_text()
    store.repos.drafting.save_section(
        m.ReportSection(
            rid,
            "overview",
            "background",
            [{"type": "paragraph", "runs": [{"text": "Call 0161 496 0000 for help."}]}],
        )
    )
    with pytest.raises(gate.GateBlockedError) as caught:
        build_document(store, "DHR 2099/04", "overview", edition="publication")
    assert caught.value.findings[0].category == "phone"


def test_figures_are_substituted_and_scanned() -> None:
    from dhrdesk.core.anonymise import RegisterItem
    from dhrdesk.documents import gate
    from dhrdesk.documents.model import FIGURE_BAR, Figure

    anon = gate.Anonymiser(
        [RegisterItem("full_name", "Hodan Warsame", "Adult F")],
        "month_year",
        None,
        {},
        ["Adult F"],
        {},
    )
    figure = Figure(
        FIGURE_BAR, "Contacts of Hodan Warsame", ["Hodan", "GP"], [("Hodan Warsame", [1, 2])]
    )
    found: list = []
    out = gate_substitution._block(anon, figure, "Report › 1", found)
    assert "Hodan" not in " ".join(out.texts()) and "Adult F" in out.caption
    units = gate_substitution._units_of(figure, "Report › 1")
    assert any(f.category == "identifier" for f in anon.scanner.scan(units))


def test_a_killed_pack_leaves_nothing_after_the_next_one(tmp_path):
    """A pack killed half-way leaves its hidden staging folder; the next pack into the
    folder removes it, but never one that a running pack still holds (the folder itself
    is locked; older staging folders held a lock file inside)."""
    from dhrdesk.documents.pack_folder import staged_pack
    from dhrdesk.store.leftovers import held_temporary

    stale = tmp_path / ".publication-pack.abc123"
    stale.mkdir()
    (stale / "half.pdf").write_bytes(b"%PDF-1.7 half")
    (stale / ".lock").write_text("")
    older_live = tmp_path / ".publication-pack.live99"
    older_live.mkdir()
    with (
        held_temporary(older_live / ".lock"),
        staged_pack(tmp_path, gate.STAGING_PREFIX, "x publication pack") as live,
    ):
        gate._remove_stale_staging(tmp_path)
        assert not stale.exists()
        assert older_live.exists() and live.staging.exists()
    assert not live.staging.exists()  # never published: removed on leaving
