"""The Search presenter without a window: choices, queries, wording, escaping."""

from __future__ import annotations

import pytest

from dhrdesk.core import model as m
from dhrdesk.core.errors import DhrDeskError
from dhrdesk.store.search import MARK_CLOSE, MARK_OPEN
from dhrdesk.ui.presenters.search import (
    NOTHING_TEXT,
    RESULT_LIMIT,
    Query,
    SearchPresenter,
    count_text,
    error_text,
    kind_text,
    plain_snippet,
    record_id,
    snippet_html,
)


@pytest.fixture
def seeded(store):
    repos = store.repos
    first = repos.reviews.create("DHR 2024/02", title="Fictional review one")
    second = repos.reviews.create("DHR 2025/06", title="Fictional review two")
    police = repos.agency_input.ensure_agency(first, "Westvale Police")
    repos.agency_input.ensure_agency(second, "harbour Lane Surgery")
    repos.agency_input.save_entry(
        m.ChronologyEntry(
            first,
            police.id,
            "2023-01-05",
            "Police IMR",
            event="Adult A said she was walking on eggshells at home.",
        )
    )
    repos.records.save(m.Recommendation(second, 1, "The surgery to audit enquiry about eggshells."))
    return first, second


def test_choices_list_reviews_agencies_by_name_and_themes(store, seeded) -> None:
    first, second = seeded
    choices = SearchPresenter(store).choices()
    assert choices.reviews == [("DHR 2024/02", first), ("DHR 2025/06", second)]
    assert choices.agencies == [
        ("harbour Lane Surgery", "harbour Lane Surgery"),
        ("Westvale Police", "Westvale Police"),
    ]  # case-blind order
    assert choices.themes and all(isinstance(value, str) for _, value in choices.themes)


def test_search_filters_by_review_and_kind(store, seeded) -> None:
    first, _ = seeded
    presenter = SearchPresenter(store)
    hits = presenter.search(Query("eggshells"))
    assert {h.reference for h in hits} == {"DHR 2024/02", "DHR 2025/06"}
    only_first = presenter.search(Query("eggshells", review_id=first))
    assert [h.kind for h in only_first] == ["chronology"]
    assert record_id(only_first[0]) == store.repos.agency_input.entries(first)[0].id
    assert presenter.search(Query("eggshells", kind="recommendation"))[0].reference == (
        "DHR 2025/06"
    )
    assert Query("  ").empty and not Query("x").empty


def test_a_bad_query_is_a_clear_error(store, seeded) -> None:
    with pytest.raises(DhrDeskError) as caught:
        SearchPresenter(store).search(Query("eggshells", date_from="2022", date_to="2021"))
    assert "Traceback" not in error_text(caught.value)
    assert error_text(caught.value).startswith(caught.value.message)


def test_wording_of_counts_and_kinds(store, seeded) -> None:
    hits = SearchPresenter(store).search(Query("eggshells"))
    assert count_text(hits).startswith("2 results, best first.")
    assert count_text(hits[:1]).startswith("1 result, best first.")
    assert count_text([]) == "0 results"
    assert "narrow the search" in count_text(hits[:1] * RESULT_LIMIT)
    assert NOTHING_TEXT.startswith("Nothing matches")
    contact = hits[0].__class__(**{**hits[0].__dict__, "kind": "family_contact"})
    assert kind_text(contact).endswith("(restricted)") and kind_text(contact).startswith("⚠")


def test_snippets_escape_before_bolding() -> None:
    snippet = f"a <script> and {MARK_OPEN}egg & shells{MARK_CLOSE} {MARK_OPEN}x"
    assert snippet_html(snippet) == (f"a &lt;script&gt; and <b>egg &amp; shells</b> {MARK_OPEN}x")
    assert plain_snippet(snippet) == f"a <script> and egg & shells {MARK_OPEN}x"
