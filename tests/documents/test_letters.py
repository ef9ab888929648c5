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
SIGNATORY = "Councillor Jo Hart, Chair of Westmere Community Safety Partnership"
CHAIR_EMAIL = "chair@westmere-dhr.example"
CHAIR_PHONE = "01632 960555"
FAMILY_MARKING = "Personal and confidential"


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("letters")
    path = folder / "s.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    rid = fx.populate(store)
    member = m.FamilyMember(
        rid,
        MEMBER,
        relationship="sister",
        advocate=ADVOCATE,
        advocate_org=ADVOCACY_ORG,
        title="Ms",
        surname="O'Neill-Nowak",
    )
    store.repos.records.save(member)
    review = store.repos.reviews.by_id(rid)
    review.csp_signatory = SIGNATORY
    store.repos.reviews.update(review)
    chair = store.repos.records.person(rid, "chair")
    chair.email, chair.phone = CHAIR_EMAIL, CHAIR_PHONE
    store.repos.records.save(chair)
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
        SIGNATORY,
        "On behalf of Westmere Community Safety Partnership",
        CHAIR_EMAIL,
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
        CHAIR_EMAIL,
        CHAIR_PHONE,
    ],
    "family-first-letter": COMMON[1:]
    + [
        f"Ms {MEMBER}",
        "Dear Ms O'Neill-Nowak,",
        ADVOCATE,
        ADVOCACY_ORG,
        "AAFDA",
        "no pressure",
        CHAIR_EMAIL,
        CHAIR_PHONE,
    ],
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
    # marked as the partnership marks its own letters: one small line at the top, no
    # banner in the footer; a family letter is "Personal and confidential"
    marking = FAMILY_MARKING if kind == "family-first-letter" else MARKING
    for section in word.sections:
        header = [p for p in section.header.paragraphs if p.text == marking]
        assert header and all(r.font.size.pt <= 9 for r in header[0].runs)
        assert marking not in [p.text for p in section.footer.paragraphs]
    pdf_pages = len(PdfReader(io.BytesIO(render_letter(letter, "pdf"))).pages)
    assert pdf.count(marking) == pdf_pages  # once a page, in the header
    if kind == "family-first-letter":
        assert "Zoë" not in pdf and "Zoë" not in flat_docx  # never the pseudonym
        assert MARKING not in pdf


def test_letter_parts_in_letter_order(review):
    letter = review["letters"]["family-first-letter"]
    text, _ = _docx_text(render_letter(letter, "docx"))
    order = [
        "Westmere Community Safety Partnership",
        MEMBER,
        "6 March 2026",
        "Dear Ms O'Neill-Nowak",
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
        assert "Dear Ms O'Neill-Nowak," in _docx_text(out.read_bytes())[0]
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


def test_letters_are_dated_with_the_recorded_dates(review):
    """No letter prints today's date for something that happened on another day."""
    store, rid = review["store"], review["rid"]
    notification = build_letter(store, rid, "home-office-notification")
    assert notification.date == dt.date(2024, 4, 12)  # the recorded "Home Office notified"
    police = store.repos.agency_input.agency_by_name(rid, fx.POLICE)
    request = store.repos.agency_input.request(police.id)
    if request.requested_on is None:
        request.requested_on = dt.date(2024, 4, 17)
        store.repos.agency_input.save_request(request)
    agency = build_letter(store, rid, "agency-request", agency=fx.POLICE)
    assert agency.date == request.requested_on
    requested = f"{request.requested_on.day} {request.requested_on:%B %Y}"
    member = next(f for f in store.repos.records.list(m.FamilyMember, rid) if f.name == MEMBER)
    store.repos.records.save(
        m.FamilyContact(member.id, dt.date(2026, 5, 2), "letter", "First letter")
    )
    family = build_letter(store, rid, "family-first-letter", family_member_id=member.id)
    assert family.date == dt.date(2026, 5, 2)
    for letter, expected in (
        (notification, "12 April 2024"),
        (agency, requested),
        (family, "2 May 2026"),
    ):
        for fmt in ("pdf", "docx"):
            data = render_letter(letter, fmt)
            text = _pdf_text(data) if fmt == "pdf" else " ".join(_docx_text(data)[0].split())
            assert expected in text
            assert (
                f"{dt.date.today():%-d %B %Y}" not in text
                or expected == f"{dt.date.today():%-d %B %Y}"
            )
    assert "29 May 2026" in _pdf_text(render_letter(agency, "pdf"))  # the request's due date
    assert SIGNATORY in _pdf_text(render_letter(notification, "pdf"))


def test_sign_off_is_never_alone_on_a_page(review, tmp_path):
    """The last paragraph, the closing and the signature keep together."""
    from tests.documents.helpers import pages_text

    letter = review["letters"]["agency-request"]
    path = tmp_path / "letter.pdf"
    path.write_bytes(render_letter(letter, "pdf"))
    pages = pages_text(path)
    last = [ln for ln in pages[-1].splitlines() if ln.strip() and "Page" not in ln]
    closing = next(i for i, ln in enumerate(last) if "Yours sincerely" in ln)
    assert closing > 1  # text of the body stands above the closing on its page
    word = docx.Document(io.BytesIO(render_letter(letter, "docx")))
    paragraphs = [p for p in word.paragraphs if p.text.strip()]
    at = next(i for i, p in enumerate(paragraphs) if p.text.startswith("Yours sincerely"))
    for p in paragraphs[at - 1 : at + 1]:
        assert p.paragraph_format.keep_with_next
