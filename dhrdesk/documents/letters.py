"""The standard letters of a review, from editable templates in ``resources/letters``.

Three letters every review sends early on:

* ``home-office-notification`` - the decision to hold a review, to the Home Office;
* ``agency-request`` - scoping and IMR request to one agency (what is asked, the
  records to secure, the due date, the IMR template enclosed, the author's
  independence, confidentiality);
* ``family-first-letter`` - the first letter to a family member (condolences, what a
  review is and is not, the offer to take part, advocacy, the choice of pseudonym,
  no pressure).

Why templates in plain text
---------------------------
Partnerships word these letters their own way and change them over time; the
wording belongs to them, not to the code. A template is a ``.txt`` file a chair or
a partnership officer can edit in any text editor: ``[part]`` lines start the
parts of a letter, ``{placeholders}`` are filled from the review (list at the top
of each file and in ``_placeholders.txt``). A value the review has not recorded
prints as "[not recorded]", so a letter can always be produced and the gap is
visible on the page; a placeholder DHR Desk does not know is an error naming the
file and the placeholder, because a typo would otherwise go out in a letter.

A letter is a :class:`~dhrdesk.documents.model.Document` (a :class:`Letter`), so it
goes through the same escaping, marking, page numbering, metadata rules and atomic
writes as the reports. The DOCX backend lays a letter out itself
(``render_docx``); for PDF use :func:`render_letter` (letter layout on the PDF
backend's page furniture). The family member's name is in the letter, never in
the file's properties.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import string
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.errors import NotFoundError, UsageError
from dhrdesk.core.files import write_atomic
from dhrdesk.core.ids import id_of
from dhrdesk.core.resources import required_resource
from dhrdesk.documents.build import DEFAULT_MARKING, cover_facts, month_of_death_text, profile_for
from dhrdesk.documents.model import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Section,
    plain,
)
from dhrdesk.documents.output import DocumentError

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

KIND_HOME_OFFICE = "home-office-notification"
KIND_AGENCY_REQUEST = "agency-request"
KIND_FAMILY_FIRST = "family-first-letter"
LETTER_KINDS = (KIND_HOME_OFFICE, KIND_AGENCY_REQUEST, KIND_FAMILY_FIRST)

LETTER_LABELS = {
    KIND_HOME_OFFICE: "Letter to the Home Office",
    KIND_AGENCY_REQUEST: "Letter to an agency",
    KIND_FAMILY_FIRST: "Letter to the family",
}

NOT_RECORDED = "[not recorded]"
#: A letter to a bereaved family is marked as the partnership marks its personal letters,
#: not with a government classification banner.
FAMILY_MARKING = "Personal and confidential"

#: The placeholders a template may use, with what they mean (documented in each file).
PLACEHOLDERS = {
    "review_reference": "the review reference",
    "review_type": "the review type from the guidance profile",
    "review_type_short": "the short review type (DHR)",
    "csp": "the Community Safety Partnership",
    "victim_pseudonym": "the pseudonym of the person who died",
    "month_year_of_death": "the month and year of death",
    "notification_date": "the date the partnership was notified of the death",
    "decision_date": "the date of the decision to hold a review",
    "letter_date": "the date of the letter: the recorded date of what it does (the Home "
    "Office notification, the agency request, the first letter to the family), else today",
    "chair_name": "the independent chair",
    "chair_contact": "the chair's e-mail address and telephone number",
    "csp_signatory": "who signs for the Community Safety Partnership (name and role)",
    "family_salutation": "how the family member is addressed: title and surname",
    "agency_name": "the agency written to",
    "agency_contact_role": "the role of the agency's contact",
    "requested_contribution": "what is asked of the agency",
    "due_date": "the date the agency's return is due",
    "records_from": "the start of the review period",
    "records_to": "the end of the review period",
    "family_member_name": "the family member written to",
    "family_relationship": "their relationship to the person who died",
    "advocate": "the family's advocate",
    "advocate_organisation": "the advocate's organisation",
}

#: The parts of a letter in print order ([part] lines in a template).
PARTS = (
    "sender",
    "addressee",
    "date",
    "salutation",
    "subject",
    "body",
    "closing",
    "signature",
    "enclosures",
)

_CONTRIBUTIONS = {
    "imr": "an Individual Management Review (IMR)",
    "summary": "a summary report of your agency's involvement",
    "information": "information from your agency's records",
}


@dataclass
class Letter(Document):
    """A letter: a Document whose sections are the parts of a letter (keys in PARTS),
    laid out as a letter rather than a report (no cover, contents or numbers)."""

    letter_kind: str = ""
    is_letter: ClassVar[bool] = True

    @property
    def kind_label(self) -> str:
        return LETTER_LABELS.get(self.letter_kind, "Letter")

    @property
    def running_title(self) -> str:
        return f"{self.reference} · {self.kind_label} · {format_date(self.date)}"


# ---------------------------------------------------------------------------- templates
@dataclass
class Template:
    """A parsed letter template: the raw text of each part."""

    path: Path
    parts: dict[str, list[str]]

    def fields(self) -> list[str]:
        found: list[str] = []
        for lines in self.parts.values():
            for line in lines:
                found += _fields(line, self.path)
        return found


def _fields(line: str, path: Path) -> list[str]:
    try:
        parsed = list(string.Formatter().parse(line))
    except ValueError as exc:
        raise DocumentError(
            f"The letter template {path.name} has an unmatched brace: {line.strip()[:80]}",
            hint="Write {{ or }} to print a brace, or close the placeholder.",
        ) from exc
    return [name for _, name, _, _ in parsed if name is not None]


def template_path(kind: str, folder: Path | None = None) -> Path:
    if kind not in LETTER_KINDS:
        raise UsageError(f"'{kind}' is not a letter: choose one of {', '.join(LETTER_KINDS)}.")
    if folder is not None:
        return Path(folder) / f"{kind}.txt"
    return required_resource("letters", f"{kind}.txt")


def load_template(path: Path) -> Template:
    """Read and check a template; an unknown placeholder names the file and the placeholder."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(
            f"The letter template {path.name} could not be read.",
            hint="Check the file exists and is saved as UTF-8 text.",
        ) from exc
    parts: dict[str, list[str]] = {}
    current: str | None = None
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip()
        if line.lstrip().startswith("#") and not line.lstrip().startswith("## "):
            continue  # a note for whoever edits the template ("## " is a heading)
        heading = re.fullmatch(r"\s*\[([a-z]+)\]\s*", line)
        if heading:
            current = heading[1]
            if current not in PARTS:
                raise DocumentError(
                    f"The letter template {path.name} has an unknown part [{current}] "
                    f"on line {number}.",
                    hint=f"The parts are: {', '.join(f'[{p}]' for p in PARTS)}.",
                )
            parts.setdefault(current, [])
            continue
        if current is None:
            if line.strip():
                raise DocumentError(
                    f"The letter template {path.name} has text before its first part "
                    f"(line {number}).",
                    hint="Start the letter with a part such as [sender].",
                )
            continue
        parts[current].append(line)
    template = Template(path, parts)
    for name in template.fields():
        if name not in PLACEHOLDERS:
            raise DocumentError(
                f"The letter template {path.name} uses an unknown placeholder {{{name}}}.",
                hint="Known placeholders: "
                + ", ".join(f"{{{p}}}" for p in PLACEHOLDERS)
                + ". Correct the template or restore the copy shipped with DHR Desk.",
            )
    return template


class _Values(dict):
    """Placeholder values; anything unrecorded prints as [not recorded]."""

    def __missing__(self, key: str) -> str:
        return NOT_RECORDED


def fill(line: str, values: dict[str, str]) -> str:
    """Fill one template line (placeholders already checked by load_template)."""
    filled = _Values({k: v for k, v in values.items() if v and str(v).strip()})
    return string.Formatter().vformat(line, (), filled)


# ------------------------------------------------------------------------------- values
def family_member_by_name(store: Store, review_id: int, name: str) -> m.FamilyMember:
    """The review's family member called ``name`` (case and spacing ignored)."""
    wanted = " ".join(name.split()).casefold()
    members = store.repos.records.list(m.FamilyMember, review_id)
    for member in members:
        if " ".join(member.name.split()).casefold() == wanted:
            return member
    reference = store.repos.reviews.by_id(review_id).reference
    raise NotFoundError(
        f"'{name}' is not a family member recorded for {reference}.",
        hint=(
            "Its family members are: " + ", ".join(mb.name for mb in members) + "."
            if members
            else "No family members are recorded yet."
        ),
    )


def salutation_name(member: m.FamilyMember) -> str:
    """How a letter addresses a family member: title and surname from the family record
    ("Mrs O'Neill"); without both, the name as recorded."""
    title = getattr(member, "title", "").strip()
    surname = getattr(member, "surname", "").strip()
    if title and surname:
        return f"{title} {surname}"
    return member.name.strip()


def addressed_name(member: m.FamilyMember) -> str:
    """The name on the envelope: title and full name ("Mrs Bríd O'Neill")."""
    title = getattr(member, "title", "").strip()
    name = member.name.strip()
    return f"{title} {name}" if title and not name.startswith(title + " ") else name


def chair_contact(person: m.ReviewPerson | None) -> str:
    if person is None:
        return ""
    parts = []
    if getattr(person, "email", "").strip():
        parts.append(f"e-mail {person.email.strip()}")
    if getattr(person, "phone", "").strip():
        parts.append(f"telephone {person.phone.strip()}")
    return ", ".join(parts)


def letter_date(
    store: Store,
    review: m.Review,
    kind: str,
    *,
    agency: m.Agency | None = None,
    member: m.FamilyMember | None = None,
) -> dt.date | None:
    """The date of what the letter does, when the review has recorded it: the Home Office
    notification, the request to the agency, the first letter to the family member.
    None: not recorded yet, so the letter is being written now."""
    if kind == KIND_HOME_OFFICE:
        for stage in store.repos.lifecycle.stages(id_of(review)):
            if stage.stage_id == "home_office_notified" and stage.completed:
                return stage.completed
    elif kind == KIND_AGENCY_REQUEST and agency is not None:
        return store.repos.agency_input.request(id_of(agency)).requested_on
    elif kind == KIND_FAMILY_FIRST and member is not None:
        letters = [
            c.date
            for c in store.repos.records.list(m.FamilyContact, id_of(member))
            if "letter" in c.mode.casefold()
        ]
        return min(letters) if letters else None
    return None


def letter_values(
    store: Store,
    review: m.Review,
    *,
    agency: m.Agency | None = None,
    member: m.FamilyMember | None = None,
    today: dt.date | None = None,
) -> dict[str, str]:
    """Every placeholder's value for ``review`` (empty when not recorded)."""
    profile = profile_for(review)
    cover = cover_facts(store, review)
    stages = {s.stage_id: s.completed for s in store.repos.lifecycle.stages(id_of(review))}
    terms = store.repos.lifecycle.terms(id_of(review))
    values = {
        "review_reference": review.reference,
        "review_type": profile.review_type,
        "review_type_short": profile.review_type_short,
        "csp": review.csp.strip(),
        "victim_pseudonym": cover.pseudonym,
        "month_year_of_death": month_of_death_text(review.month_of_death),
        "notification_date": format_date(stages.get("notification")),
        "decision_date": format_date(stages.get("decision")),
        "letter_date": format_date(today or dt.date.today()),
        "chair_name": cover.chair_name,
        "chair_contact": chair_contact(
            store.repos.records.person(id_of(review), "chair")
            or store.repos.records.person(id_of(review), "author")
        ),
        "csp_signatory": getattr(review, "csp_signatory", "").strip(),
        "records_from": format_date(terms.period_start),
        "records_to": format_date(terms.period_end),
    }
    if agency is not None:
        request = store.repos.agency_input.request(id_of(agency))
        values.update(
            agency_name=agency.name.strip(),
            agency_contact_role=agency.contact_role.strip(),
            requested_contribution=_CONTRIBUTIONS.get(request.request_type, ""),
            due_date=format_date(request.due_on),
        )
    if member is not None:
        values.update(
            family_member_name=addressed_name(member),
            family_salutation=salutation_name(member),
            family_relationship=member.relationship.strip(),
            advocate=member.advocate.strip(),
            advocate_organisation=member.advocate_org.strip(),
        )
    return values


# ------------------------------------------------------------------------------- build
def _part_blocks(part: str, lines: list[str], values: dict[str, str]) -> list:
    """Template lines -> blocks. Outside [body] a line is a line; in [body] blank lines
    separate paragraphs, "- " lines are bullets and "## " lines short bold headings."""
    if part != "body":
        return [
            Paragraph(fill(line.strip(), values), numbered=False) for line in lines if line.strip()
        ]
    blocks: list = []
    words: list[str] = []
    bullets: list[str] = []

    def flush() -> None:
        if words:
            blocks.append(Paragraph(" ".join(words), numbered=False))
            words.clear()
        if bullets:
            blocks.append(BulletList(list(bullets)))
            bullets.clear()

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush()
        elif stripped.startswith("## "):
            flush()
            blocks.append(Heading(fill(stripped[3:].strip(), values)))
        elif stripped.startswith("- "):
            if words:
                flush()
            bullets.append(fill(stripped[2:].strip(), values))
        else:
            if bullets:
                flush()
            words.append(fill(stripped, values))
    flush()
    return blocks


def _agency_of(store: Store, review: m.Review, agency: str | None) -> m.Agency | None:
    """The named agency of the review (None when no name is given)."""
    if agency is None or not agency.strip():
        return None
    record = store.repos.agency_input.agency_by_name(id_of(review), agency)
    if record is None:
        known = ", ".join(a.name for a in store.repos.records.list(m.Agency, id_of(review)))
        raise NotFoundError(
            f"'{agency}' is not an agency of {review.reference}.",
            hint=f"Its agencies are: {known}." if known else "It has no agencies yet.",
        )
    return record


def _member_of(
    store: Store, review: m.Review, family_member_id: int | None
) -> m.FamilyMember | None:
    """The family member written to (None when none is given)."""
    if family_member_id is None:
        return None
    member = store.repos.records.get(m.FamilyMember, family_member_id)
    if member.review_id != id_of(review):
        raise NotFoundError(f"That family member is not recorded for {review.reference}.")
    return member


def build_letter(
    store: Store,
    review_id: int,
    kind: str,
    *,
    agency: str | None = None,
    family_member_id: int | None = None,
    today: dt.date | None = None,
    marking: str | None = DEFAULT_MARKING,
    template_dir: Path | None = None,
) -> Letter:
    """The ``kind`` letter of the review ``review_id`` (see LETTER_KINDS).

    ``agency`` names an agency of the review (agency letters), ``family_member_id``
    the family member written to. Unrecorded values print "[not recorded]". Raises
    UsageError (unknown kind), NotFoundError (unknown review, agency or family
    member) and DocumentError (a template that cannot be read or uses an unknown
    placeholder). ``template_dir`` replaces resources/letters (tests, local wording).
    """
    template = load_template(template_path(kind, template_dir))
    review = store.repos.reviews.by_id(review_id)
    agency_record = _agency_of(store, review, agency)
    member = _member_of(store, review, family_member_id)
    today = (
        today
        or letter_date(store, review, kind, agency=agency_record, member=member)
        or dt.date.today()
    )
    if kind == KIND_FAMILY_FIRST and marking == DEFAULT_MARKING:
        marking = FAMILY_MARKING
    values = letter_values(store, review, agency=agency_record, member=member, today=today)
    profile = profile_for(review)
    sections = []
    for part in PARTS:
        blocks = _part_blocks(part, template.parts[part], values) if part in template.parts else []
        if blocks:
            sections.append(Section(None, part.capitalize(), blocks, key=part))
    subject = next(
        (
            " ".join(plain(b.text) for b in s.blocks if isinstance(b, Paragraph))
            for s in sections
            if s.key == "subject"
        ),
        LETTER_LABELS[kind],
    )
    label = LETTER_LABELS[kind]
    return Letter(
        title=subject,
        kind="letter",
        review_type=profile.review_type,
        reference=review.reference,
        subject_pseudonym=values["victim_pseudonym"],
        csp=values["csp"] or NOT_RECORDED,
        month_year_of_death=values["month_year_of_death"] or NOT_RECORDED,
        chair=values["chair_name"] or NOT_RECORDED,
        version="1",
        date=today,
        marking=marking,
        # Never the family member's or anyone's name: reference and kind only.
        metadata={
            "title": f"{review.reference} – {label}",
            "author": "DHR Desk",
            "subject": f"{profile.review_type} letter",
            "keywords": f"{review.reference}, letter",
        },
        sections=sections,
        contents=False,
        letter_kind=kind,
    )


# ------------------------------------------------------------------------------ render
def _letter_styles(base: Any) -> dict[str, Any]:
    """The letter's paragraph styles over the PDF backend's base style: one per part
    of the letter, plus "heading" and "bullet"."""
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm

    from dhrdesk.documents import fonts

    body = ParagraphStyle("letter_body", parent=base, spaceAfter=9)
    line = ParagraphStyle("letter_line", parent=base)
    return {
        "body": body,
        "heading": ParagraphStyle(
            "letter_heading",
            parent=base,
            fontName=fonts.BOLD,
            spaceBefore=4,
            spaceAfter=3,
            keepWithNext=1,
        ),
        "bullet": ParagraphStyle(
            "letter_bullet", parent=base, leftIndent=0.7 * cm, bulletIndent=0.1 * cm, spaceAfter=4
        ),
        "sender": ParagraphStyle("letter_sender", parent=base, alignment=TA_RIGHT),
        "addressee": line,
        "date": line,
        "salutation": body,
        "subject": ParagraphStyle(
            "letter_subject", parent=base, fontName=fonts.BOLD, spaceAfter=10
        ),
        "closing": body,
        "signature": line,
        "enclosures": line,
    }


def _letter_story(letter: Document, styles: dict[str, Any]) -> list:
    """The letter's flowables; the last body paragraph (and a short heading over it) is
    kept with the closing and signature."""
    from reportlab.lib.units import cm
    from reportlab.platypus import KeepTogether, Spacer
    from reportlab.platypus import Paragraph as RLParagraph

    from dhrdesk.documents.pdf import markup

    space_before = {
        "addressee": 0.8 * cm,
        "date": 0.6 * cm,
        "salutation": 0.6 * cm,
        "signature": 1.3 * cm,
        "enclosures": 0.8 * cm,
    }
    heading, bullet = styles["heading"], styles["bullet"]
    notes = letter.endnote_numbers()
    story: list = []
    sign_off_from: int | None = None  # the last body paragraph, kept with the sign-off
    enclosures_at: int | None = None
    for section in letter.sections:
        if section.key == "enclosures":
            enclosures_at = len(story)
        if section.key == "closing" and story:
            sign_off_from = len(story) - 1
            while sign_off_from > 0 and isinstance(story[sign_off_from], Spacer):
                sign_off_from -= 1
            # a short heading over that paragraph goes with it
            if sign_off_from > 0 and getattr(story[sign_off_from - 1], "style", None) is heading:
                sign_off_from -= 1
        if section.key in space_before:
            story.append(Spacer(1, space_before[section.key]))
        style = styles.get(section.key, styles["body"])
        for block in section.blocks:
            if isinstance(block, BulletList):
                story += [
                    RLParagraph(markup(item, notes), bullet, bulletText="•") for item in block.items
                ]
                story.append(Spacer(1, 5))
            elif isinstance(block, Heading):
                story.append(RLParagraph(markup(block.text), heading))
            elif isinstance(block, Paragraph):
                story.append(RLParagraph(markup(block.text, notes), style))
    if sign_off_from is not None:
        end = enclosures_at if enclosures_at and enclosures_at > sign_off_from else len(story)
        story[sign_off_from:end] = [KeepTogether(story[sign_off_from:end])]
    return story


def render_letter_pdf(letter: Document) -> bytes:
    """A letter on the PDF backend's pages (marking in header and footer, Page X of Y,
    metadata from the model), laid out as a letter."""
    from reportlab.platypus.doctemplate import LayoutError

    from dhrdesk.documents import pdf as backend

    story = _letter_story(letter, _letter_styles(backend._styles()["base"]))
    buffer = io.BytesIO()
    template = backend._template(letter, buffer)  # the same page furniture
    template._doSave = 0  # the page total form is defined before saving
    try:
        template.build(story)
    except LayoutError as exc:  # pragma: no cover - a letter is short
        raise DocumentError("The letter could not be laid out.", hint=str(exc)[:200]) from exc
    canv = template.canv
    backend._define_number_forms(canv, canv.getPageNumber() - 1, {})
    canv.save()
    return buffer.getvalue()


def render_letter(letter: Document, fmt: str) -> bytes:
    """``fmt`` "pdf" or "docx" -> the letter's bytes (nothing written)."""
    if fmt == "pdf":
        return render_letter_pdf(letter)
    if fmt == "docx":
        from dhrdesk.documents.docx import render_docx

        return render_docx(letter)
    raise UsageError(f"'{fmt}' is not a format: choose pdf or docx.")


def write_letter(letter: Document, path: Path, fmt: str) -> Path:
    """Render and write atomically (an existing file is replaced only on success)."""
    return write_atomic(Path(path), render_letter(letter, fmt), "document")
