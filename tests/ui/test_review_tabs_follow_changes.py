"""The writing and submission tabs reload when a change touches the tables they show,
and only then (a change elsewhere, or to another review, leaves them alone)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QApplication

from dhrdesk.core import model as m
from dhrdesk.ui.changes import ChangeHub
from dhrdesk.ui.pages.review.documents import DocumentsTab
from dhrdesk.ui.pages.review.drafting import DraftingTab
from dhrdesk.ui.pages.review.drafts import DraftsTab
from dhrdesk.ui.pages.review.publication import PublicationTab
from dhrdesk.ui.pages.review.qa import QaTab
from dhrdesk.ui.pages.review.recommendations import RecommendationsTab
from tests.ui.contexts import new_host, page_context


@pytest.fixture
def hub(store, qtbot):  # noqa: ANN001
    hub = ChangeHub()
    hub.attach(store)
    yield hub
    hub.detach()


def open_tab(cls, store, hub, qtbot, review_id: int):  # noqa: ANN001, ANN201
    context = page_context(store, new_host(qtbot))
    context.changes = hub
    tab = cls(context, review_id)
    qtbot.addWidget(tab)
    tab.show()
    calls: list[int] = []
    original = tab.refresh

    def counted() -> None:
        calls.append(1)
        original()

    tab.refresh = counted
    return tab, calls


def settle(qtbot) -> None:  # noqa: ANN001
    QApplication.processEvents()
    qtbot.wait(20)


WRITES = {
    DocumentsTab: lambda s, r: s.repos.records.save(m.Agency(r, "Northmoor Housing")),
    DraftingTab: lambda s, r: s.repos.records.save(
        m.SectionComment(r, "overview", "introduction", "Panel", "Shorter", dt.date.today())
    ),
    DraftsTab: lambda s, r: s.repos.records.save(m.PanelMember(r, "Dr Amara Osei", "Health")),
    PublicationTab: lambda s, r: s.repos.publication.save_settings(
        m.AnonymisationSettings(r, s.repos.publication.settings(r).date_policy, ["Hub"], True)
    ),
    QaTab: lambda s, r: s.repos.records.save(m.QaRound(review_id=r, number=1)),
    RecommendationsTab: lambda s, r: s.repos.records.save(
        m.LearningPoint(review_id=r, kind="finding", text="Calls were not linked", sort=1)
    ),
}


@pytest.mark.parametrize("cls", list(WRITES), ids=lambda c: c.__name__)
def test_tab_reloads_on_its_tables_only(cls, store, hub, qtbot) -> None:  # noqa: ANN001
    review_id = store.repos.reviews.create("DHR 2025/20", "Death of Adult H")
    other = store.repos.reviews.create("DHR 2025/21", "Death of Adult J")
    tab, calls = open_tab(cls, store, hub, qtbot, review_id)
    store.repos.records.save(m.Cost(review_id, "translation", 12000))  # a table it does not show
    WRITES[cls](store, other)  # the same tables, another review
    settle(qtbot)
    assert calls == []
    WRITES[cls](store, review_id)
    settle(qtbot)
    assert calls == [1]
