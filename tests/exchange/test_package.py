"""Encrypted IMR packages: round trip, tampering, wrong passphrase, truncation, another
review, replay, and what a request package must never contain."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import InputFileError, WeakPassphraseError
from dhrdesk.exchange import package as pkg
from dhrdesk.exchange import package_crypto as crypto
from dhrdesk.exchange import package_format as fmt
from dhrdesk.store import Store
from tests.conftest import PASSPHRASE

PACKAGE_PASS = "violet harbour lantern 58"
WORKSPACE_PASS = "agency workspace passphrase 7"
REF = "DHR 2026/11"
POLICE = "Fenwick Constabulary"
HOUSING = "Eastshire Housing Trust"

# Values that must never leave the chair's store in a request package.
SECRETS = [
    "Marguerite Thistlewood-Quince",
    "Thistlewood",
    "1981-03-12",
    "14 Larkspur Close",
    "Teodor Vasquez-Lind",
    "Daughter of the victim, attends Hollyoak Primary",
    HOUSING,
    "HOUSING-IMR: rent arrears letters in 2024",
    "HOUSING-ROW: tenancy visit",
    "DHR 2025/99",
    "Another review entirely",
    "Dr Ottoline Brackenbury",
]


@pytest.fixture(autouse=True)
def _fast_kdf(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Packages written in tests use scrypt n=2**12; one test keeps the production cost."""
    if "production_kdf" not in request.node.name:
        monkeypatch.setattr(crypto, "KDF_LOG2_N", 12)


def dump_store(store: Any) -> dict[str, list[tuple]]:
    tables = [
        r[0]
        for r in store.query("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
        if not r[0].startswith("sqlite_")
    ]
    out = {}
    for table in tables:
        try:
            rows = store.query(f"SELECT * FROM {table} ORDER BY rowid")
        except Exception:  # virtual tables without rowid
            rows = store.query(f"SELECT * FROM {table}")
        out[table] = [tuple(r) for r in rows]
    return out


def build_chair_review(store: Store, reference: str = REF) -> dict[str, Any]:
    """A fictional review with two agencies, a register, and a second review beside it."""
    repos, save = store.repos, store.repos.records.save
    rid = repos.reviews.create(reference, "Review into the death of Adult K (fictional)")
    victim = m.Subject(rid, "victim", "Adult K", sort=1)
    perp = m.Subject(rid, "perpetrator", "Adult L", sort=2)
    child = m.Subject(rid, "child", "Child M", description=SECRETS[5], sort=3)
    for subject in (victim, perp, child):
        save(subject)
    save(m.RegisterEntry(rid, "full_name", SECRETS[0], "Adult K", victim.id))
    save(m.RegisterEntry(rid, "date_of_birth", SECRETS[2], "", victim.id))
    save(m.RegisterEntry(rid, "address", SECRETS[3] + ", Fenwick", "the family home"))
    save(m.RegisterEntry(rid, "full_name", SECRETS[4], "Adult L", perp.id))
    save(m.ReviewPerson(rid, "chair", SECRETS[11]))
    line1 = m.LineOfEnquiry(rid, "What did each agency know about the abuse?", sort=1)
    line2 = m.LineOfEnquiry(rid, "How was risk identified and assessed?", sort=2)
    save(line1)
    save(line2)
    repos.lifecycle.save_terms(
        m.TermsOfReference(
            rid,
            dt.date(2022, 1, 1),
            dt.date(2025, 6, 30),
            "Three years before the death, when the relationship began.",
            {"purpose": "To learn lessons about how agencies worked together."},
        )
    )
    police = m.Agency(rid, POLICE, sector="police", contact_role="DHR single point of contact")
    housing = m.Agency(rid, HOUSING, sector="housing")
    save(police)
    save(housing)
    agency_input = repos.agency_input
    agency_input.save_request(
        m.AgencyRequest(police.id, "imr", dt.date(2025, 8, 1), due_on=dt.date(2025, 10, 1))
    )
    agency_input.save_imr_section(housing.id, "summary_of_involvement", SECRETS[7])
    agency_input.save_entry(
        m.ChronologyEntry(rid, housing.id, "2024-05", "Housing file", SECRETS[8])
    )
    other = repos.reviews.create("DHR 2025/99", SECRETS[10])
    save(m.Subject(other, "victim", "Adult Z"))
    save(m.LineOfEnquiry(other, "A line of another review"))
    return {
        "review_id": rid,
        "police": police,
        "housing": housing,
        "lines": [line1, line2],
        "subjects": [victim, perp, child],
    }


@pytest.fixture
def chair(store: Store) -> dict[str, Any]:
    return build_chair_review(store)


def fill_workspace(ws: Store, *, summary: str = "Officers attended twice in 2024.") -> None:
    details = pkg.workspace_details(ws)
    repo = ws.repos.agency_input
    agency_id = details["agency_id"]
    repo.save_imr_section(agency_id, "summary_of_involvement", summary)
    repo.save_imr_section(agency_id, "methodology", "Read the command and control logs.")
    repo.save_imr_analysis(agency_id, details["lines"][1]["id"], "DASH completed as medium.")
    request = repo.request(agency_id)
    request.author_name = "Inspector Rowan Ashdown"
    request.author_role = "Review officer"
    request.author_independence = "Not involved with the case or its line management."
    request.signoff_name = "Chief Superintendent Ola Brightwater"
    request.signoff_role = "Head of public protection"
    request.signoff_on = dt.date(2025, 9, 20)
    request.records_secured_on = dt.date(2025, 8, 3)
    repo.save_request(request)
    victim = next(s for s in details["subjects"] if s["role"] == "victim")
    pkg.save_workspace_row(
        ws,
        m.ChronologyEntry(
            0,
            0,
            "2024-03-04",
            "Command and control log",
            "Call from Adult K",
            time="21:40",
            subject_ids=[victim["id"]],
        ),
    )
    pkg.save_workspace_row(
        ws, m.ChronologyEntry(0, 0, "2024-06", "Crime record", "Report of harassment")
    )


def make_workspace(store: Store, tmp_path: Path, name: str = "ws.dhrdesk") -> Store:
    content = pkg.export_request(store, REF, POLICE, PACKAGE_PASS)
    return pkg.open_request(
        content, PACKAGE_PASS, tmp_path / name, WORKSPACE_PASS, "Inspector Rowan Ashdown"
    )


def make_response(store: Store, tmp_path: Path) -> bytes:
    ws = make_workspace(store, tmp_path)
    try:
        fill_workspace(ws)
        return pkg.export_response(ws, PACKAGE_PASS)
    finally:
        ws.close()


# --------------------------------------------------------------------------- round trip
def test_round_trip_lands_in_the_chair_store(store: Store, chair, tmp_path: Path) -> None:
    out = tmp_path / "police-request.dhrpkg"
    content = pkg.export_request(store, REF, POLICE, PACKAGE_PASS, out=out)
    assert out.read_bytes() == content
    assert (out.stat().st_mode & 0o777) == 0o600
    police = chair["police"]
    assert store.repos.agency_input.request(police.id).requested_on == dt.date(2025, 8, 1)

    ws = pkg.open_request(content, PACKAGE_PASS, tmp_path / "ws.dhrdesk", WORKSPACE_PASS, "RA")
    details = pkg.workspace_details(ws)
    assert details["agency_name"] == POLICE
    assert details["request"]["due_on"] == "2025-10-01"
    assert [s["pseudonym"] for s in details["subjects"]] == ["Adult K", "Adult L", "Child M"]
    assert ws.repos.reviews.get(REF).id == details["review_id"]
    assert ws.repos.workspace.is_workspace and not store.repos.workspace.is_workspace
    fill_workspace(ws)
    response = pkg.export_response(ws, PACKAGE_PASS, out=tmp_path / "response.dhrpkg")
    ws.close()
    # the workspace opens only with its own passphrase, not the package passphrase
    Store.open(tmp_path / "ws.dhrdesk", WORKSPACE_PASS).close()

    preview = pkg.import_response(store, response, PACKAGE_PASS, filename="response.dhrpkg")
    assert preview.agency_id == police.id
    assert preview.sections_added == ["methodology", "summary_of_involvement"]
    assert preview.rows_new == 2 and preview.rows_updated == 0
    assert len(preview.analysis_added) == 1
    text = "\n".join(preview.lines())
    assert "2 new row(s)" in text and "Summary of involvement" in text
    before = dump_store(store)
    assert dump_store(store) == before  # preview wrote nothing

    pkg.apply_response(store, preview)
    repo = store.repos.agency_input
    assert repo.imr_sections(police.id)["summary_of_involvement"] == (
        "Officers attended twice in 2024."
    )
    assert repo.imr_analysis(police.id) == {chair["lines"][1].id: "DASH completed as medium."}
    request = repo.request(police.id)
    assert request.received_on == dt.date.today()
    assert request.author_name == "Inspector Rowan Ashdown"
    assert request.signoff_on == dt.date(2025, 9, 20)
    assert request.records_secured_on == dt.date(2025, 8, 3)
    rows = repo.entries(chair["review_id"], police.id)
    assert [(r.date, r.time, r.event) for r in rows] == [
        ("2024-03-04", "21:40", "Call from Adult K"),
        ("2024-06", "", "Report of harassment"),
    ]
    assert rows[0].subject_ids == [chair["subjects"][0].id]
    assert all(r.external_key for r in rows)
    attachments = repo.attachments(chair["review_id"])
    assert [(a.kind, a.agency_id, a.filename) for a in attachments] == [
        ("package", police.id, "response.dhrpkg")
    ]
    assert repo.attachment_content(attachments[0].id) == response
    assert store.repos.workspace.receipt(preview.package_id)["direction"] == "response_received"


def test_revised_response_updates_rows_without_duplicates(
    store: Store, chair, tmp_path: Path
) -> None:
    ws = make_workspace(store, tmp_path)
    fill_workspace(ws)
    first = pkg.export_response(ws, PACKAGE_PASS)
    pkg.apply_response(store, pkg.import_response(store, first, PACKAGE_PASS))
    police = chair["police"]
    repo = store.repos.agency_input
    row = repo.entries(chair["review_id"], police.id)[1]
    row.significance, row.key_event = "Escalation", True
    repo.save_entry(row)

    details = pkg.workspace_details(ws)
    ws_row = ws.repos.agency_input.entries(details["review_id"])[1]
    ws_row.event = "Report of harassment and threats"
    ws.repos.agency_input.save_entry(ws_row)
    ws.repos.agency_input.save_imr_section(details["agency_id"], "lessons", "Record DASH fully.")
    second = pkg.export_response(ws, PACKAGE_PASS)
    ws.close()
    preview = pkg.import_response(store, second, PACKAGE_PASS)
    assert (preview.rows_new, preview.rows_updated, preview.rows_unchanged) == (0, 1, 1)
    assert preview.sections_added == ["lessons"] and preview.sections_changed == []
    pkg.apply_response(store, preview)
    rows = repo.entries(chair["review_id"], police.id)
    assert len(rows) == 2
    assert rows[1].event == "Report of harassment and threats"
    assert (rows[1].significance, rows[1].key_event) == ("Escalation", True)


def test_production_kdf_parameters_in_header(store: Store, chair) -> None:
    content = pkg.export_request(store, REF, POLICE, PACKAGE_PASS)
    assert content[:8] == b"DHRPKG1\n"
    assert content[8:14] == bytes([1, 1, 17, 8, 1, 1])  # version, scrypt, log2 n, r, p, zlib
    assert int.from_bytes(content[42:46], "big") == len(content) - 46
    assert fmt.decode(crypto.unseal(content, PACKAGE_PASS))["kind"] == "imr_request"


def test_weak_package_passphrase_refused(store: Store, chair) -> None:
    before = dump_store(store)
    with pytest.raises(WeakPassphraseError):
        pkg.export_request(store, REF, POLICE, "short")
    assert dump_store(store) == before


# --------------------------------------------------------------------------- refusals
def _refused(store: Store, content: bytes, passphrase: str = PACKAGE_PASS) -> str:
    before = dump_store(store)
    with pytest.raises(InputFileError) as caught:
        pkg.import_response(store, content, passphrase)
    assert dump_store(store) == before
    return caught.value.message


@pytest.mark.parametrize("offset", [0, 8, 9, 10, 11, 13, 20, 35, 44, 46, 100, -1])
def test_tampered_package_refused(store: Store, chair, tmp_path: Path, offset: int) -> None:
    response = bytearray(make_response(store, tmp_path))
    response[offset] ^= 0x01
    message = _refused(store, bytes(response))
    assert any(
        words in message
        for words in ("passphrase is wrong, or the file was changed", "not a DHR Desk", "newer")
    )
    if offset in (20, 35, 46, 100, -1):  # salt, nonce, body, tag
        assert message == crypto.WRONG_PASSPHRASE


def test_wrong_passphrase_refused(store: Store, chair, tmp_path: Path) -> None:
    response = make_response(store, tmp_path)
    assert _refused(store, response, "not the right passphrase") == (
        "The package passphrase is wrong, or the file was changed."
    )


def test_truncated_package_refused(store: Store, chair, tmp_path: Path) -> None:
    response = make_response(store, tmp_path)
    assert "incomplete" in _refused(store, response[:-10])
    assert "incomplete" in _refused(store, response[:30])
    assert "not a DHR Desk package" in _refused(store, b"")
    assert "not a DHR Desk package" in _refused(store, b"PK\x03\x04 a zip file")


def test_response_for_another_store_refused(
    store: Store, other_store: Store, chair, tmp_path: Path
) -> None:
    build_chair_review(other_store)  # the same reference and agency, another store
    response = make_response(store, tmp_path)
    assert "another DHR Desk store" in _refused(other_store, response)


def test_response_for_another_review_refused(store: Store, chair, tmp_path: Path) -> None:
    ws = make_workspace(store, tmp_path)
    fill_workspace(ws)
    payload = pkg.build_response(ws)
    ws.close()
    forged = json.loads(json.dumps(payload))
    forged["review"]["reference"] = "DHR 2025/99"
    message = _refused(store, crypto.seal(fmt.encode(forged), PACKAGE_PASS))
    assert "does not answer any request sent for that review" in message
    forged = json.loads(json.dumps(payload))
    forged["review"]["review_token"] = "A" * 43
    assert "review token is different" in _refused(
        store, crypto.seal(fmt.encode(forged), PACKAGE_PASS)
    )


def test_replayed_response_refused_with_date(store: Store, chair, tmp_path: Path) -> None:
    response = make_response(store, tmp_path)
    pkg.apply_response(store, pkg.import_response(store, response, PACKAGE_PASS))
    message = _refused(store, response)
    assert message.startswith("This response was already imported on ")
    assert f"{dt.datetime.now(dt.UTC):%B %Y}" in message


def test_request_package_is_not_a_response(store: Store, chair) -> None:
    request = pkg.export_request(store, REF, POLICE, PACKAGE_PASS)
    assert "request package, not a response" in _refused(store, request)


@pytest.mark.parametrize(
    "change",
    [
        lambda p: p.update(extra=1),
        lambda p: p["chronology"][0].update(date="2024-02-30"),
        lambda p: p["chronology"][0].update(time="25:00"),
        lambda p: p["chronology"][0].update(source=""),
        lambda p: p["chronology"][0].update(sequence="1"),
        lambda p: p["imr_sections"].update(gossip="x"),
        lambda p: p["signoff"].update(on="20/09/2025"),
        lambda p: p["imr_sections"].update(lessons="x" * (fmt.MAX_TEXT + 1)),
        lambda p: p.update(format_version=2),
        lambda p: p.pop("analysis"),
        lambda p: p["chronology"].append(dict(p["chronology"][0])),
    ],
)
def test_invalid_content_refused(store: Store, chair, tmp_path: Path, change) -> None:
    ws = make_workspace(store, tmp_path)
    fill_workspace(ws)
    payload = pkg.build_response(ws)
    ws.close()
    change(payload)
    message = _refused(store, crypto.seal(fmt.encode(payload), PACKAGE_PASS))
    assert "not valid" in message or "newer version" in message


# --------------------------------------------------------------------------- confidentiality
def test_request_package_holds_nothing_else(store: Store, chair) -> None:
    content = pkg.export_request(store, REF, POLICE, PACKAGE_PASS)
    for secret in SECRETS:
        assert secret.encode() not in content  # not even by accident in the header
    plain = crypto.unseal(content, PACKAGE_PASS).decode("utf-8")
    for secret in SECRETS:
        assert secret not in plain, secret
    payload = json.loads(plain)
    assert payload["agency"]["name"] == POLICE
    assert {s["pseudonym"] for s in payload["subjects"]} == {"Adult K", "Adult L", "Child M"}
    assert set(payload["subjects"][0]) == {"key", "role", "pseudonym"}
    assert len(payload["terms_of_reference"]["lines_of_enquiry"]) == 2
    assert "lessons about how agencies" in plain  # the terms themselves do travel
    assert "Adult Z" not in plain and "A line of another review" not in plain


def test_open_request_refuses_response_and_leaves_no_file(
    store: Store, chair, tmp_path: Path
) -> None:
    response = make_response(store, tmp_path)
    target = tmp_path / "second.dhrdesk"
    with pytest.raises(InputFileError, match="response package, not a request"):
        pkg.open_request(response, PACKAGE_PASS, target, WORKSPACE_PASS, "RA")
    assert not target.exists()
    request = pkg.export_request(store, REF, POLICE, PACKAGE_PASS)
    with pytest.raises(InputFileError, match="passphrase is wrong"):
        pkg.open_request(request, "a wrong passphrase!", target, WORKSPACE_PASS, "RA")
    assert not target.exists()
    assert not any(p.name.endswith(".json") for p in tmp_path.iterdir())


# --------------------------------------------------------------------------- CLI
def _cli(*argv: str) -> int:
    from dhrdesk.cli import main

    return main(list(argv))


@pytest.fixture
def pass_files(tmp_path: Path) -> tuple[Path, Path]:
    store_file = tmp_path / "store-pass.txt"
    store_file.write_text(PASSPHRASE + "\n")
    package_file = tmp_path / "package-pass.txt"
    package_file.write_text(PACKAGE_PASS + "\n")
    for f in (store_file, package_file):
        os.chmod(f, 0o600)
    return store_file, package_file


def test_cli_export_and_import(
    store: Store, chair, tmp_path: Path, pass_files, capsys: pytest.CaptureFixture
) -> None:
    store_pass, package_pass = pass_files
    common = ["--store", str(store.path), "--passphrase-file", str(store_pass)]
    out = tmp_path / "request.dhrpkg"
    store.close()
    code = _cli(
        "package", "export", REF, "--agency", POLICE.upper(), "--out", str(out),
        "--package-passphrase-file", str(package_pass), *common,
    )  # fmt: skip
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "by phone" in captured.out and out.exists()

    ws = pkg.open_request(
        out.read_bytes(), PACKAGE_PASS, tmp_path / "w.dhrdesk", WORKSPACE_PASS, "R"
    )
    fill_workspace(ws)
    response = tmp_path / "response.dhrpkg"
    pkg.export_response(ws, PACKAGE_PASS, out=response)
    ws.close()

    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not the package passphrase\n")
    os.chmod(wrong, 0o600)
    args = ["package", "import", str(response), *common]
    assert _cli(*args, "--package-passphrase-file", str(wrong), "--yes") == 4
    assert "The package passphrase is wrong, or the file was changed" in capsys.readouterr().err
    assert _cli(*args, "--package-passphrase-file", str(package_pass)) != 0  # no --yes, no tty
    assert "Nothing was imported" in capsys.readouterr().err
    assert _cli(*args, "--package-passphrase-file", str(package_pass), "--yes") == 0
    captured = capsys.readouterr()
    assert "2 new row(s)" in captured.out and "Imported" in captured.out
    assert _cli(*args, "--package-passphrase-file", str(package_pass), "--yes") == 4
    assert "already imported on" in capsys.readouterr().err
    truncated = tmp_path / "cut.dhrpkg"
    truncated.write_bytes(response.read_bytes()[:-100])
    code = _cli("package", "import", str(truncated), *common, "--package-passphrase-file",
                str(package_pass), "--yes")  # fmt: skip
    assert code == 4
    assert "incomplete" in capsys.readouterr().err


def test_cli_open_and_respond(
    store: Store, chair, tmp_path: Path, pass_files, capsys: pytest.CaptureFixture
) -> None:
    _, package_pass = pass_files
    request = tmp_path / "request.dhrpkg"
    pkg.export_request(store, REF, POLICE, PACKAGE_PASS, out=request)
    ws_pass = tmp_path / "ws-pass.txt"
    ws_pass.write_text(WORKSPACE_PASS + "\n")
    os.chmod(ws_pass, 0o600)
    workspace = tmp_path / "agency.dhrdesk"
    code = _cli(
        "package", "open", str(request), "--workspace", str(workspace),
        "--workspace-passphrase-file", str(ws_pass), "--package-passphrase-file",
        str(package_pass), "--name", "Inspector Rowan Ashdown",
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    ws = Store.open(workspace, WORKSPACE_PASS)
    fill_workspace(ws)
    ws.close()
    response = tmp_path / "response.dhrpkg"
    code = _cli(
        "package", "respond", "--workspace", str(workspace), "--out", str(response),
        "--workspace-passphrase-file", str(ws_pass), "--package-passphrase-file",
        str(package_pass),
    )  # fmt: skip
    assert code == 0, capsys.readouterr().err
    preview = pkg.import_response(store, response.read_bytes(), PACKAGE_PASS)
    assert preview.rows_new == 2


# --------------------------------------------------------------------------- audit anchors
def test_packages_carry_the_chain_head_as_an_anchor(store: Store, chair, tmp_path: Path) -> None:
    """Issue 19: a package that leaves the store records its chain head (verify --against)."""
    head = store.chain_head()
    out = tmp_path / "police-request.dhrpkg"
    pkg.export_request(store, REF, POLICE, PACKAGE_PASS, out=out)
    anchor = pkg.package_anchor(out, PACKAGE_PASS)
    assert (anchor.entry, anchor.hash, anchor.store_id) == (*head, store.store_id)
    assert anchor.source.startswith("the IMR request package police-request.dhrpkg made on ")
    report = store.verify(against=[anchor], settings=False)
    assert report.ok, report.lines()
    assert any(n.startswith("The chain matches the IMR request package") for n in report.notes)
    # The agency's response carries its workspace's head: another store, not compared.
    ws = pkg.open_request(
        out.read_bytes(), PACKAGE_PASS, tmp_path / "ws.dhrdesk", WORKSPACE_PASS, "RA"
    )
    try:
        fill_workspace(ws)
        pkg.export_response(ws, PACKAGE_PASS, out=tmp_path / "response.dhrpkg")
        ws_head = ws.chain_head()
    finally:
        ws.close()
    response = pkg.package_anchor(tmp_path / "response.dhrpkg", PACKAGE_PASS)
    assert response.store_id != store.store_id and response.entry <= ws_head[0]
    report = store.verify(against=[response], settings=False)
    assert report.ok and any("belongs to another store" in n for n in report.notes)


def test_write_package_is_atomic_and_refuses_clearly(tmp_path: Path) -> None:
    """The one atomic writer (core.files): 0600, no temporary left, the old file kept
    whole when writing fails, one error class (FileWriteError) with a clear message."""
    from dhrdesk.core.files import FileWriteError

    target = tmp_path / "request.dhrpkg"
    assert pkg.write_package(target, b"first") == target
    assert target.read_bytes() == b"first"
    assert (target.stat().st_mode & 0o777) == 0o600
    with pytest.raises(FileWriteError, match=r"is a folder: give a file name ending in \.dhrpkg"):
        pkg.write_package(tmp_path, b"x")
    with pytest.raises(FileWriteError, match="does not exist"):
        pkg.write_package(tmp_path / "missing" / "r.dhrpkg", b"x")
    if os.geteuid() != 0:
        os.chmod(tmp_path, 0o500)
        try:
            with pytest.raises(FileWriteError, match="package could not be written"):
                pkg.write_package(target, b"second")
        finally:
            os.chmod(tmp_path, 0o700)
    assert target.read_bytes() == b"first"
    assert [p.name for p in tmp_path.iterdir()] == ["request.dhrpkg"]
