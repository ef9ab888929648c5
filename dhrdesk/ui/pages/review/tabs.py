"""The tabs of the review workspace, in order. Adding a tab is one line here.

Each entry names a class "module:Class" built as ``Class(context, review_id)``;
the class is a QWidget with ``refresh()`` and ``save_pending()`` (like a Page).
``restricted`` tabs show the restricted identity register and are marked so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TabSpec:
    title: str
    target: str  # "dhrdesk.ui.pages.review.<module>:<Class>"
    restricted: bool = False


TABS: list[TabSpec] = [
    TabSpec("Overview", "dhrdesk.ui.pages.review.overview:OverviewTab"),
    TabSpec("Timeline", "dhrdesk.ui.pages.review.timeline:TimelineTab"),
    TabSpec("Subjects", "dhrdesk.ui.pages.review.subjects:SubjectsTab"),
    TabSpec("Restricted register", "dhrdesk.ui.pages.review.register:RegisterTab", restricted=True),
    TabSpec("Chair and author", "dhrdesk.ui.pages.review.people:PeopleTab"),
    TabSpec("Panel and meetings", "dhrdesk.ui.pages.review.panel:PanelTab"),
    TabSpec("Terms of reference", "dhrdesk.ui.pages.review.terms:TermsTab"),
    TabSpec("Agencies and IMRs", "dhrdesk.ui.pages.review.agencies:AgenciesTab"),
    TabSpec("Combined chronology", "dhrdesk.ui.pages.review.chronology:ChronologyTab"),
    TabSpec("Drafting", "dhrdesk.ui.pages.review.drafting:DraftingTab"),
    TabSpec("Drafts and comments", "dhrdesk.ui.pages.review.drafts:DraftsTab"),
    TabSpec("Family", "dhrdesk.ui.pages.review.family:FamilyTab"),
    TabSpec("Parallel processes and pauses", "dhrdesk.ui.pages.review.parallel:ParallelTab"),
    TabSpec("Costs", "dhrdesk.ui.pages.review.costs:CostsTab"),
    TabSpec(
        "Findings and recommendations", "dhrdesk.ui.pages.review.recommendations:RecommendationsTab"
    ),
    TabSpec("Home Office QA", "dhrdesk.ui.pages.review.qa:QaTab"),
    TabSpec("Documents", "dhrdesk.ui.pages.review.documents:DocumentsTab"),
    TabSpec("Publication", "dhrdesk.ui.pages.review.publication:PublicationTab", restricted=True),
]
