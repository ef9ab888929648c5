"""The workspace pages and their registry.

Adding a page is one line in :data:`PAGES`: a title for the navigation and a
factory that takes a :class:`PageContext`. The main window builds pages lazily
the first time they are shown and destroys all of them when the app locks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dhrdesk.ui.pages.base import Page, PageContext
from dhrdesk.ui.pages.dashboard import DashboardPage
from dhrdesk.ui.pages.learning import LearningPage
from dhrdesk.ui.pages.monitoring import MonitoringPage
from dhrdesk.ui.pages.review_page import ReviewPage
from dhrdesk.ui.pages.reviews import ReviewsPage
from dhrdesk.ui.pages.search import SearchPage


@dataclass(frozen=True)
class PageSpec:
    title: str
    factory: Callable[[PageContext], Page]


PAGES: list[PageSpec] = [
    PageSpec("Dashboard", DashboardPage),
    PageSpec("Reviews", ReviewsPage),
    PageSpec("Review", ReviewPage),  # the open review's workspace (see MainWindow.open_review)
    PageSpec("Action plans", MonitoringPage),
    PageSpec("Learning library", LearningPage),
    PageSpec("Search", SearchPage),
]

__all__ = ["PAGES", "Page", "PageContext", "PageSpec"]
