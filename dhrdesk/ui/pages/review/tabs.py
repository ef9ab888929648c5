"""The tabs of the review workspace, in order. Adding a tab is one line here.

Each entry names a class "module:Class" built as ``Class(context, review_id)``;
the class is a QWidget with ``refresh()`` and ``save_pending()`` (like a Page).
``restricted`` tabs show the restricted identity register and are marked so.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TabSpec:
    title: str  # the tab's identity (search hits, "open review at tab", tests)
    target: str  # "dhrdesk.ui.pages.review.<module>:<Class>"
    restricted: bool = False
    short: str = ""  # a shorter label where space is tight
    phase: str = "Set-up"  # the group in the workspace's side navigation

    @property
    def label(self) -> str:
        return self.short or self.title


PHASES = ("Set-up", "Evidence", "Writing", "Submission and publication", "Afterwards")
"""The groups of the side navigation, in the order a review runs."""

# In the order a review's work runs: the case, the people, agency input, writing,
# submission and publication; costs last.
TABS: list[TabSpec] = [
    TabSpec("Overview", "dhrdesk.ui.pages.review.overview:OverviewTab"),
    TabSpec("Timeline", "dhrdesk.ui.pages.review.timeline:TimelineTab"),
    TabSpec("Subjects", "dhrdesk.ui.pages.review.subjects:SubjectsTab"),
    TabSpec(
        "Restricted register",
        "dhrdesk.ui.pages.review.register:RegisterTab",
        restricted=True,
        short="Register",
    ),
    TabSpec("Chair and author", "dhrdesk.ui.pages.review.people:PeopleTab", short="Chair"),
    TabSpec("Panel and meetings", "dhrdesk.ui.pages.review.panel:PanelTab", short="Panel"),
    TabSpec("Terms of reference", "dhrdesk.ui.pages.review.terms:TermsTab", short="Terms"),
    # Family members are recorded by their real names: marked like the Register.
    TabSpec(
        "Family", "dhrdesk.ui.pages.review.family:FamilyTab", restricted=True, phase="Evidence"
    ),
    TabSpec(
        "Parallel processes and pauses",
        "dhrdesk.ui.pages.review.parallel:ParallelTab",
        short="Pauses",
        phase="Evidence",
    ),
    TabSpec(
        "Agencies and IMRs",
        "dhrdesk.ui.pages.review.agencies:AgenciesTab",
        short="IMRs",
        phase="Evidence",
    ),
    TabSpec(
        "Combined chronology",
        "dhrdesk.ui.pages.review.chronology:ChronologyTab",
        short="Chronology",
        phase="Evidence",
    ),
    TabSpec(
        "Findings and recommendations",
        "dhrdesk.ui.pages.review.recommendations:RecommendationsTab",
        short="Findings",
        phase="Writing",
    ),
    TabSpec("Drafting", "dhrdesk.ui.pages.review.drafting:DraftingTab", phase="Writing"),
    TabSpec(
        "Drafts and comments",
        "dhrdesk.ui.pages.review.drafts:DraftsTab",
        short="Drafts",
        phase="Writing",
    ),
    TabSpec(
        "Home Office QA",
        "dhrdesk.ui.pages.review.qa:QaTab",
        short="QA",
        phase="Submission and publication",
    ),
    TabSpec(
        "Documents",
        "dhrdesk.ui.pages.review.documents:DocumentsTab",
        phase="Submission and publication",
    ),
    TabSpec(
        "Publication",
        "dhrdesk.ui.pages.review.publication:PublicationTab",
        restricted=True,
        phase="Submission and publication",
    ),
    TabSpec("Costs", "dhrdesk.ui.pages.review.costs:CostsTab", phase="Afterwards"),
]
