"""The standard letters: each kind in both formats with its placeholders filled from a
review, "[not recorded]" for gaps, and clear errors for a broken template."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import docx
import pytest
from pypdf import PdfReader

from dhrdesk import cli
from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError
from dhrdesk.core.resources import resource_path
from dhrdesk.documents.letters import (
    LETTER_KINDS,
    NOT_RECORDED,
    PLACEHOLDERS,
    build_letter,
    load_template,
    render_letter,
)
from dhrdesk.documents.output import DocumentError
from dhrdesk.store import Store
from tests.conftest import DISPLAY_NAME, PASSPHRASE
from tests.documents import fixture_review as fx

MARKING = "OFFICIAL-SENSITIVE"
TODAY = dt.date(2026, 3, 6)
MEMBER = "Siobhán O'Neill-Nowak"
ADVOCATE = "Nguyễn Thị Lan"
ADVOCACY_ORG = "Brightwater Family Advocacy"


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("letters")
    path = folder / "s.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    rid = fx.populate(store)
    member = m.FamilyMember(
        rid, MEMBER, relationship="sister", advocate=ADVOCATE, advocate_org=ADVOCACY_ORG
    )
    store.repos.records.save(member)
    police = store.repos.agency_input.agency_by_name(rid, fx.POLICE)
    police.contact_role = "Head of Public Protection"
    store.repos.records.save(police)
    request = store.repos.agency_input.request(police.id)
    request.due_on = dt.date(2026, 5, 29)
    store.repos.agency_input.save_request(request)
    letters = {
        "home-office-notification": build_letter(store, rid, LETTER_KINDS[0], today=TODAY),
        "agency-request": build_letter(store, rid, "agency-request", agency=fx.POLICE, today=TODAY),
        "agency-unrecorded": build_letter(
            store, rid, "agency-request", agency=fx.UNICODE_AGENCY, today=TODAY
        ),
        "family-first-letter": build_letter(
            store, rid, "family-first-letter", family_member_id=member.id, today=TODAY
        ),
    }
    data = {"store": store, "rid": rid, "folder": folder, "path": path, "letters": letters}
    yield data
    if data["store"].is_open:
        data["store"].close()


def _docx_text(data: bytes) -> tuple[str, docx.document.Document]:
    word = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in word.paragraphs), word


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


COMMON = [fx.REF, "Westmere Community Safety Partnership", "Chair Fictional", "6 March 2026"]
EXPECTED = {
    "home-office-notification": COMMON
    + [
        "Domestic Homicide Review",
        "Zoë",
        "March 2024",
        "20 March 2024",
        "5 April 2024",
        "Home Office",
    ],
    "agency-request": COMMON
    + [
        fx.POLICE,
        "Head of Public Protection",
        "29 May 2026",
        "Individual Management Review",
        "1 March 2021",
        "14 March 2024",
        "IMR template",
        "Independence of the author",
        "Confidentiality",
    ],
    "family-first-letter": COMMON[1:]
    + [f"Dear {MEMBER},", ADVOCATE, ADVOCACY_ORG, "AAFDA", "Zoë", "no pressure"],
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_each_letter_in_both_formats_with_placeholders_filled(review, kind):
    letter = review["letters"][kind]
    text, word = _docx_text(render_letter(letter, "docx"))
    pdf = _pdf_text(render_letter(letter, "pdf"))
    flat_docx = " ".join(text.split())
    for expected in EXPECTED[kind]:
        assert expected.casefold() in flat_docx.casefold(), f"DOCX lacks {expected!r}"
        assert " ".join(expected.split()).casefold() in pdf.casefold(), f"PDF lacks {expected!r}"
    for rendered in (flat_docx, pdf):
        assert "{" not in rendered and "}" not in rendered
        assert NOT_RECORDED not in rendered
    # Letter layout: no cover, no contents, no paragraph numbers.
    styles = {p.style.name for p in word.paragraphs}
    assert "DHR Numbered Paragraph" not in styles and "toc 1" not in styles
    assert "DHR Letter Subject" in styles and "DHR Letter Sender" in styles
    for section in word.sections:
        assert MARKING in [p.text for p in section.header.paragraphs]
        assert MARKING in [p.text for p in section.footer.paragraphs]
    assert pdf.count(MARKING) >= 2


def test_letter_parts_in_letter_order(review):
    letter = review["letters"]["family-first-letter"]
    text, _ = _docx_text(render_letter(letter, "docx"))
    order = [
        "Westmere Community Safety Partnership",
        MEMBER,
        "6 March 2026",
        f"Dear {MEMBER}",
        "A review following the death",
        "I am very sorry",
        "Yours sincerely",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert text.rstrip().endswith("Independent chair")


def test_unrecorded_values_print_not_recorded(review):
    letter = review["letters"]["agency-unrecorded"]
    text, _ = _docx_text(render_letter(letter, "docx"))
    assert f"due by {NOT_RECORDED}" in " ".join(text.split())
    assert fx.UNICODE_AGENCY in text


def test_properties_hold_no_names(review):
    letter = review["letters"]["family-first-letter"]
    assert letter.metadata["author"] == "DHR Desk"
    _, word = _docx_text(render_letter(letter, "docx"))
    props = word.core_properties
    for value in (
        props.title,
        props.subject,
        props.keywords,
        props.author,
        props.last_modified_by,
        props.comments,
    ):
        assert MEMBER not in (value or "") and ADVOCATE not in (value or "")
    assert props.title == f"{fx.REF} – Letter to the family"
    info = PdfReader(io.BytesIO(render_letter(letter, "pdf"))).metadata
    assert MEMBER not in str(info.title) and info.author == "DHR Desk"


def test_every_shipped_template_uses_only_known_placeholders():
    for kind in LETTER_KINDS:
        template = load_template(resource_path("letters", f"{kind}.txt"))
        assert set(template.fields()) <= set(PLACEHOLDERS)
        assert "body" in template.parts and "signature" in template.parts
    documented = resource_path("letters", "_placeholders.txt").read_text(encoding="utf-8")
    for name in PLACEHOLDERS:
        assert f"{{{name}}}" in documented, name


def test_unknown_placeholder_names_the_file_and_the_placeholder(review, tmp_path):
    for kind in LETTER_KINDS:
        shutil.copy(resource_path("letters", f"{kind}.txt"), tmp_path / f"{kind}.txt")
    target = tmp_path / "home-office-notification.txt"
    target.write_text(
        target.read_text(encoding="utf-8").replace("{decision_date}", "{decison_date}"),
        encoding="utf-8",
    )
    with pytest.raises(DocumentError) as caught:
        build_letter(
            review["store"], review["rid"], "home-office-notification", template_dir=tmp_path
        )
    assert "home-office-notification.txt" in caught.value.message
    assert "{decison_date}" in caught.value.message
    assert "{decision_date}" in (caught.value.hint or "")
    # The other templates in the same folder still work.
    letter = build_letter(
        review["store"], review["rid"], "agency-request", agency=fx.POLICE, template_dir=tmp_path
    )
    assert letter.reference == fx.REF


def test_broken_templates_are_clear_errors(tmp_path):
    broken = tmp_path / "agency-request.txt"
    broken.write_text("[body]\nDue {due_date\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="agency-request.txt has an unmatched brace"):
        load_template(broken)
    broken.write_text("[greeting]\nHello\n", encoding="utf-8")
    with pytest.raises(DocumentError, match=r"unknown part \[greeting\]"):
        load_template(broken)
    broken.write_text("[body]\nBraces {{kept}} as typed; {csp}.\n", encoding="utf-8")
    assert load_template(broken).fields() == ["csp"]


def test_unknown_agency_or_member(review):
    with pytest.raises(NotFoundError, match="not an agency"):
        build_letter(review["store"], review["rid"], "agency-request", agency="Nowhere Trust")


def test_cli_letter(review, capsys):
    secret = review["folder"] / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    base = ["--store", str(review["path"]), "--passphrase-file", str(secret), "letter", fx.REF]
    review["store"].close()  # the CLI opens the store itself
    try:
        out = review["folder"] / "family.docx"
        code = cli.main(
            [
                *base,
                "--kind",
                "family-first-letter",
                "--family-member",
                MEMBER.upper(),
                "--format",
                "docx",
                "--out",
                str(out),
            ]
        )
        assert code == 0, capsys.readouterr()
        assert f"Dear {MEMBER}," in _docx_text(out.read_bytes())[0]
        out = review["folder"] / "ho.pdf"
        assert cli.main([*base, "--kind", "home-office-notification", "--out", str(out)]) == 0
        assert out.read_bytes().startswith(b"%PDF")
        assert cli.main([*base, "--kind", "agency-request", "--out", str(out)]) == 2
        code = cli.main(
            [*base, "--kind", "family-first-letter", "--family-member", "Nobody", "--out", str(out)]
        )
        assert code != 0
        assert "Nobody" in capsys.readouterr().err
    finally:
        review["store"] = Store.open(review["path"], PASSPHRASE)
