"""The tabs of the review workspace, in order. Adding a tab is one line here.

Each entry names the tab's class, built as ``Class(context, review_id)`` when the
tab is first shown: a :class:`~dhrdesk.ui.pages.base.ReviewTab`.
``restricted`` tabs show the restricted identity register and are marked so.
"""

from __future__ import annotations

from dataclasses import dataclass

from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.agencies import AgenciesTab
from dhrdesk.ui.pages.review.chronology import ChronologyTab
from dhrdesk.ui.pages.review.costs import CostsTab
from dhrdesk.ui.pages.review.documents import DocumentsTab
from dhrdesk.ui.pages.review.drafting import DraftingTab
from dhrdesk.ui.pages.review.drafts import DraftsTab
from dhrdesk.ui.pages.review.family import FamilyTab
from dhrdesk.ui.pages.review.overview import OverviewTab
from dhrdesk.ui.pages.review.panel import PanelTab
from dhrdesk.ui.pages.review.parallel import ParallelTab
from dhrdesk.ui.pages.review.people import PeopleTab
from dhrdesk.ui.pages.review.publication import PublicationTab
from dhrdesk.ui.pages.review.qa import QaTab
from dhrdesk.ui.pages.review.recommendations import RecommendationsTab
from dhrdesk.ui.pages.review.register import RegisterTab
from dhrdesk.ui.pages.review.subjects import SubjectsTab
from dhrdesk.ui.pages.review.terms import TermsTab
from dhrdesk.ui.pages.review.timeline import TimelineTab


@dataclass(frozen=True)
class TabSpec:
    title: str  # the tab's identity (search hits, "open review at tab", tests)
    cls: type[ReviewTab]
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
    TabSpec("Overview", OverviewTab),
    TabSpec("Timeline", TimelineTab),
    TabSpec("Subjects", SubjectsTab),
    TabSpec(
        "Restricted register",
        RegisterTab,
        restricted=True,
        short="Register",
    ),
    TabSpec("Chair and author", PeopleTab, short="Chair"),
    TabSpec("Panel and meetings", PanelTab, short="Panel"),
    TabSpec("Terms of reference", TermsTab, short="Terms"),
    # Family members are recorded by their real names: marked like the Register.
    TabSpec("Family", FamilyTab, restricted=True, phase="Evidence"),
    TabSpec(
        "Parallel processes and pauses",
        ParallelTab,
        short="Pauses",
        phase="Evidence",
    ),
    TabSpec(
        "Agencies and IMRs",
        AgenciesTab,
        short="IMRs",
        phase="Evidence",
    ),
    TabSpec(
        "Combined chronology",
        ChronologyTab,
        short="Chronology",
        phase="Evidence",
    ),
    TabSpec(
        "Findings and recommendations",
        RecommendationsTab,
        short="Findings",
        phase="Writing",
    ),
    TabSpec("Drafting", DraftingTab, phase="Writing"),
    TabSpec(
        "Drafts and comments",
        DraftsTab,
        short="Drafts",
        phase="Writing",
    ),
    TabSpec(
        "Home Office QA",
        QaTab,
        short="QA",
        phase="Submission and publication",
    ),
    TabSpec(
        "Documents",
        DocumentsTab,
        phase="Submission and publication",
    ),
    TabSpec(
        "Publication",
        PublicationTab,
        restricted=True,
        phase="Submission and publication",
    ),
    TabSpec("Costs", CostsTab, phase="Afterwards"),
]
