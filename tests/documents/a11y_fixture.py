"""A fictional document with every kind of block, for the accessible backends' tests
(HTML edition and tagged PDF): numbered and unnumbered paragraphs, sub-headings that
skip a level in the model, lists, a quote, tables with theme group rows, a bar and a
trend chart, endnotes, a landscape appendix, and text that looks like markup."""

from __future__ import annotations

import datetime as dt

from dhrdesk.documents.charts import theme_trend, themes_bar
from dhrdesk.documents.model import (
    EDITION_PUBLICATION,
    BulletList,
    ChronologyRef,
    Document,
    Heading,
    Note,
    Paragraph,
    Quote,
    Run,
    Section,
    Table,
    VersionRow,
)

HOSTILE = 'Adult <b>A</b> & "C" </style><script>alert(1)</script> {#x} $y$ *z* _w_ [v] \\u'
UNICODE = "Zoë Łukasz Nguyễn Siobhán"
FILLER = (
    "The panel read the records of each agency in turn and compared them with the account "
    "given by the family, noting where the agencies' understanding of the risk differed."
)


def sample_document(*, marking: str | None = None, sections: int = 3) -> Document:
    bar = themes_bar(
        ["Risk identification and assessment", "Information sharing", "Housing"],
        [7, 5, 2],
        caption="Themes by number of reviews",
    )
    trend = theme_trend(
        ["2022", "2023", "2024"],
        [("Information sharing", [1, 2, 3]), ("Housing", [0, 1, 1])],
    )
    body = [
        Section(
            1,
            "Introduction",
            [
                Paragraph(
                    [
                        Run("This review concerns "),
                        Run("Adult A", bold=True),
                        Run(", a fictional person."),
                        Note("Home Office guidance, 2016."),
                    ]
                ),
                Paragraph(f"Family members who spoke to the panel: {UNICODE}."),
                Paragraph(HOSTILE),
                Heading("Deep heading first", level=3),
                Paragraph("Not numbered.", numbered=False),
                BulletList(["First point", [Run("Second "), Run("point", italic=True)]]),
                BulletList(["One", "Two"], ordered=True),
                Quote("She was the heart of the family."),
            ],
        ),
        Section(
            2,
            "Contributors to the review",
            [
                Paragraph("Agencies that contributed:"),
                Heading("Agencies"),
                Table(
                    ["Agency", "Contribution"],
                    [
                        ["Police", ""],
                        ["Eastbrook Police", "IMR"],
                        [
                            "Eastbrook GP practice",
                            [Run("Summary "), ChronologyRef(3, "April 2024", "GP")],
                        ],
                    ],
                    [2, 1],
                    group_rows=[0],
                ),
                Paragraph([Run("A second source."), Note("Panel minutes, May 2024.")]),
            ],
        ),
        Section(3, "Themes", [Paragraph("The themes found:"), bar, trend]),
    ]
    for number in range(4, 3 + max(0, sections - 3) + 1):
        body.append(Section(number, f"Section {number}", [Paragraph(FILLER) for _ in range(6)]))
    body.append(
        Section(
            "A",
            "Action plan",
            [
                Table(
                    ["Recommendation", "Action", "Lead", "Status"],
                    [
                        ["1 Train staff", "Deliver training", "CSP", "Complete"],
                        ["", "Audit the training", "CSP", "Overdue"],
                        ["2 Share records", "Agree a protocol", "Police", "In progress"],
                    ],
                    [3, 3, 1.5, 1.5],
                    row_spans=[(0, 0, 2)],
                    align=["left", "left", "left", "right"],
                    fills={3: {"Complete": "C6EFCE", "Overdue": "FFC7CE"}},
                )
            ],
            appendix=True,
            label="Appendix",
            landscape=True,
        )
    )
    return Document(
        title="Domestic Homicide Review – Overview Report into the death of Adult A",
        kind="overview",
        review_type="Domestic Homicide Review",
        reference="DHR 2025/11",
        subject_pseudonym="Adult A",
        csp="Eastbrook Community Safety Partnership",
        month_year_of_death="November 2025",
        chair="Independent chair (test)",
        version="1.0",
        date=dt.date(2026, 3, 6),
        marking=marking,
        metadata={
            "title": "DHR 2025/11 – Overview report",
            "author": "Eastbrook Community Safety Partnership",
            "subject": "Overview report",
            "keywords": "domestic homicide review",
        },
        version_history=[VersionRow("1.0", dt.date(2026, 3, 6), "Chair", "First draft")],
        cover_note="Fictional test document.",
        sections=body,
        edition=EDITION_PUBLICATION if marking is None else "restricted",
        condolences=[Paragraph("The panel offers its condolences.", numbered=False)],
    )
