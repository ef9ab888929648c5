"""A blank IMR template (DOCX) for agencies that do not use DHR Desk.

Why this module exists
----------------------
Most agencies will answer in Word. If the chair sends them a template made from
the review itself (its reference, the agency's request dates, the key lines of
enquiry of the terms of reference) and a chronology table whose headers are the
names :func:`dhrdesk.exchange.chronology_import.guess_mapping` recognises, the
returned file imports with no manual mapping. The template carries only what
the agency may see: the review's reference and type, pseudonyms, the lines of
enquiry. Nothing from the restricted register (real names, dates of birth) and
nothing about other agencies is ever put in it. The document's metadata (author,
title, comments) is left blank for the same reason.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.dates import format_date
from dhrdesk.core.ids import id_of

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

__all__ = [
    "CHRONOLOGY_HEADERS",
    "EMPTY_CHRONOLOGY_ROWS",
    "MARKING",
    "SECTION_GUIDANCE",
    "build_imr_template",
]

MARKING = "OFFICIAL-SENSITIVE"

# The chronology columns, in the order agencies expect; each is a header name the
# importer maps without help (tests/exchange/test_imr_template.py checks the round trip).
CHRONOLOGY_HEADERS = (
    "Date",
    "Time",
    "Source of information",
    "Event/contact",
    "Action taken/outcome",
    "Agency comment",
)
EMPTY_CHRONOLOGY_ROWS = 3

CHRONOLOGY_GUIDANCE = (
    "One row per contact or event, in date order. Date is required: write it day first "
    "(03/04/2019 is 3 April 2019); when only the month or year is known write 'April 2019' "
    "or '2019'. Time is optional (24-hour, 14:30). Source of information is required: the "
    "record type or the author's role (for example 'GP record', 'Call handler log'), never a "
    "practitioner's name. Event/contact says what happened; Action taken/outcome what your "
    "agency did and what came of it; Agency comment is your analysis of that contact. Refer "
    "to the people in this review only by the pseudonyms listed above. Add rows as needed "
    "and keep the header row unchanged, so the chronology can be imported."
)

# Short guidance per IMR section, from the Home Office IMR structure (domain.md "IMR").
SECTION_GUIDANCE: dict[str, str] = {
    "introduction": (
        "Say who your agency is, what services it provides, and why it is contributing to "
        "this review. State whether this is a full IMR or a summary of involvement."
    ),
    "terms_of_reference": (
        "Confirm the review's terms of reference and review period you worked to, and any "
        "part of them your agency could not address, with the reason."
    ),
    "methodology": (
        "List the records read (systems, paper files, dates covered), the staff "
        "interviewed (by role, not name) and how records were secured. Say whether anything "
        "could not be found."
    ),
    "context": (
        "Describe the conditions practitioners worked in during the review period: workload "
        "and caseloads, staff turnover and vacancies, supervision, training, and any "
        "organisational change. This explains practice; it does not excuse it."
    ),
    "summary_of_involvement": (
        "A short narrative of your agency's contact with the subjects, in date order, "
        "using pseudonyms. The detail goes in the chronology below."
    ),
    "equality_diversity": (
        "Consider each protected characteristic (age, disability, sex, gender reassignment, "
        "race, religion or belief, sexual orientation, pregnancy and maternity, marriage and "
        "civil partnership) and other barriers such as language, immigration status, "
        "poverty or rurality. Say how they affected access to services and your response. "
        "The Home Office panel often finds this section thin: analyse, do not just list."
    ),
    "good_practice": (
        "Identify practice that went beyond what was expected, with the evidence from the records."
    ),
    "lessons": (
        "What your agency has learned, stated specifically enough to act on. Link each "
        "lesson to the analysis that supports it."
    ),
    "conclusions": (
        "Draw together what your analysis shows about your agency's involvement, including "
        "whether the death could have been predicted or prevented from what your agency knew."
    ),
    "recommendations": (
        "Single-agency recommendations that follow from the lessons, each with an action, "
        "an owner (by role), a target date and how completion will be evidenced."
    ),
}

ANALYSIS_GUIDANCE = (
    "Analyse your agency's involvement against this line of enquiry: what was known, what "
    "was done, what should have been done under the policy at the time, and why practice "
    "was as it was. Refer to rows of your chronology by date."
)

FRONT_SHEET_GUIDANCE = (
    "The author must not have been involved with the family or the practitioners, nor be "
    "in their line management. A senior manager of the agency signs the IMR off before "
    "it is returned."
)

INDEPENDENCE_STATEMENT = (
    "I confirm that I have had no involvement with the subjects of this review or their "
    "family, and no line management responsibility for the practitioners involved."
)


def _set_cell(cell: Any, text: str, *, bold: bool = False) -> None:
    cell.text = ""
    run = cell.paragraphs[0].add_run(text)
    run.bold = bold


def _mark(section: Any) -> None:
    """The protective marking at the top and bottom of every page of the section."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for part in (section.header, section.footer):
        part.is_linked_to_previous = False
        paragraph = part.paragraphs[0] if part.paragraphs else part.add_paragraph()
        paragraph.text = ""
        run = paragraph.add_run(MARKING)
        run.bold = True
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _guidance(document: Any, text: str) -> None:
    from docx.shared import Pt, RGBColor

    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(9.5)
    run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


def build_imr_template(store: Store, review_id: int, agency_id: int) -> bytes:
    """The blank IMR for one agency of a review, as DOCX bytes (never written here).

    Filled in: agency name, review reference and type (from the review's guidance
    profile), the request, records-secured and due dates if recorded, the pseudonyms
    of the review's subjects, and one analysis heading per key line of enquiry.
    Left blank for the agency: author, role, independence statement, sign-off, every
    section, and the chronology table (header row plus a few empty rows).
    """
    from dhrdesk.core.errors import NotFoundError
    from dhrdesk.core.profiles import get_profile

    records = store.repos.records
    review = store.repos.reviews.by_id(review_id)
    agency = records.get(m.Agency, agency_id)
    if agency.review_id != review_id:
        raise NotFoundError("That agency is not part of this review.")
    try:
        review_type = get_profile(review.profile).review_type
    except NotFoundError:
        review_type = "Domestic Homicide Review"
    request = store.repos.agency_input.request(agency_id)
    request_label = m.REQUEST_TYPE_LABELS.get(request.request_type, "Individual Management Review")
    lines = sorted(records.list(m.LineOfEnquiry, review_id), key=lambda x: (x.sort, id_of(x)))
    subjects = sorted(records.list(m.Subject, review_id), key=lambda s: (s.sort, id_of(s)))
    terms = store.repos.lifecycle.terms(review_id)

    document = _new_document(f"{request_label} template")
    document.add_heading(f"{request_label}", level=0)
    document.add_paragraph(f"{review_type} {review.reference}")
    front = [
        ("Agency", agency.name),
        ("Review reference", review.reference),
        ("Review type", review_type),
        ("Return requested", request_label),
        ("Date of request", format_date(request.requested_on)),
        ("Date records secured", format_date(request.records_secured_on)),
        ("Return due by", format_date(request.due_on)),
        ("Author name", ""),
        ("Author role", ""),
        ("Author independence statement", INDEPENDENCE_STATEMENT),
        ("Senior manager sign-off (name)", ""),
        ("Senior manager sign-off (role)", ""),
        ("Date of sign-off", ""),
    ]
    _front_sheet(document, front)
    if terms.period_start or terms.period_end:
        document.add_paragraph(
            f"Review period: {format_date(terms.period_start) or '…'} to "
            f"{format_date(terms.period_end) or '…'}."
        )
    _pseudonyms(document, subjects)
    for number, (key, title) in enumerate(m.IMR_SECTIONS, start=1):
        document.add_heading(f"{number}. {title}", level=1)
        _guidance(document, SECTION_GUIDANCE.get(key, ""))
        document.add_paragraph("")
        if key == "summary_of_involvement":
            _analysis(document, lines, number)
    _chronology(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _new_document(title: str) -> Any:
    """An A4 Word document with the marking on every page and no author metadata."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.title = title
    properties.comments = ""
    properties.keywords = MARKING
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    _mark(section)
    return document


def _front_sheet(document: Any, front: list[tuple[str, str]]) -> None:
    document.add_heading("Front sheet", level=1)
    _guidance(document, FRONT_SHEET_GUIDANCE)
    table = document.add_table(rows=len(front), cols=2)
    table.style = "Table Grid"
    for row, (label, value) in zip(table.rows, front, strict=True):
        _set_cell(row.cells[0], label, bold=True)
        _set_cell(row.cells[1], value)


def _pseudonyms(document: Any, subjects: list[m.Subject]) -> None:
    if not subjects:
        return
    document.add_heading("People in this review (pseudonyms)", level=2)
    document.add_paragraph(
        "Use these pseudonyms throughout; do not use real names anywhere in this document."
    )
    for subject in subjects:
        label = _role_label(subject.role)
        document.add_paragraph(
            f"{subject.pseudonym}" + (f" ({label})" if label else ""), style="List Bullet"
        )


def _chronology(document: Any) -> None:
    """The chronology table on a landscape page: header row (repeated on every page)
    and a few empty rows."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.section import WD_SECTION_START as WD_SECTION
    from docx.shared import Cm

    wide = document.add_section(WD_SECTION.NEW_PAGE)
    wide.orientation = WD_ORIENT.LANDSCAPE
    wide.page_width, wide.page_height = Cm(29.7), Cm(21.0)
    _mark(wide)
    document.add_heading("Agency chronology", level=1)
    _guidance(document, CHRONOLOGY_GUIDANCE)
    chronology = document.add_table(rows=1 + EMPTY_CHRONOLOGY_ROWS, cols=len(CHRONOLOGY_HEADERS))
    chronology.style = "Table Grid"
    for cell, header in zip(chronology.rows[0].cells, CHRONOLOGY_HEADERS, strict=True):
        _set_cell(cell, header, bold=True)
    _repeat_header(chronology.rows[0])
    widths = (Cm(2.6), Cm(1.6), Cm(4.0), Cm(7.5), Cm(5.5), Cm(4.5))
    for row in chronology.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _analysis(document: Any, lines: list[m.LineOfEnquiry], number: int) -> None:
    """Analysis against each key line of enquiry (placed after the summary of involvement)."""
    document.add_heading(f"{number}A. Analysis against the key lines of enquiry", level=1)
    if not lines:
        _guidance(
            document,
            "The review's key lines of enquiry have not been set yet; analyse your agency's "
            "involvement against the terms of reference.",
        )
        document.add_paragraph("")
        return
    for index, line in enumerate(lines, start=1):
        document.add_heading(f"{number}A.{index} {line.text}", level=2)
        _guidance(document, ANALYSIS_GUIDANCE)
        document.add_paragraph("")


def _repeat_header(row: Any) -> None:
    """Repeat the chronology header row on every page (w:tblHeader)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _role_label(role: str) -> str:
    """A subject's role as words ('Victim', 'Perpetrator'), without any personal detail."""
    return m.SUBJECT_ROLE_LABELS.get(role, role.replace("_", " ") if role else "")
