"""Building any document of a review from the store: :func:`build_document`.

Editions: the restricted edition is the text as written. The publication edition
must pass the anonymisation gate (issue 6); until ``dhrdesk.documents.gate``
exists, asking for it raises :class:`PublicationBlockedError` before anything is
built or written, rather than producing a file nobody has checked. An IMR is
never published at all.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from dhrdesk.core.errors import PublicationBlockedError, UsageError
from dhrdesk.documents.build import DEFAULT_MARKING, profile_for
from dhrdesk.documents.model import (
    EDITION_PUBLICATION,
    EDITION_RESTRICTED,
    EDITIONS,
    KIND_ACTION_PLAN,
    KIND_CHRONOLOGY,
    KIND_EXECUTIVE_SUMMARY,
    KIND_IMR,
    KIND_OVERVIEW,
    KIND_TERMS,
    KINDS,
    Document,
)
from dhrdesk.documents.review_facts import ReviewFacts

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

IMR_NEVER_PUBLISHED = (
    "An IMR is confidential to the review panel and is never published; nothing was written."
)


def check_edition(kind: str, edition: str) -> None:
    """Refuse what must not be produced, before any work is done."""
    if edition not in EDITIONS:
        raise UsageError(f"'{edition}' is not an edition: choose restricted or publication.")
    if edition == EDITION_PUBLICATION:
        if kind == KIND_IMR:
            raise PublicationBlockedError(IMR_NEVER_PUBLISHED)


def facts_for(store: Store, reference: str, today: dt.date | None = None) -> ReviewFacts:
    review = store.repos.reviews.get(reference)
    return ReviewFacts(store, review, profile_for(review), today or dt.date.today())


def build_document(
    store: Store,
    reference: str,
    kind: str,
    *,
    edition: str = EDITION_RESTRICTED,
    marking: str | None = DEFAULT_MARKING,
    agency: str | None = None,
    group_by_theme: bool = False,
    key_events_only: bool = False,
    today: dt.date | None = None,
) -> Document:
    """Build the ``kind`` document of the review ``reference`` (see model.KINDS).

    ``marking`` applies to the restricted edition; the published edition has none.
    Raises PublicationBlockedError (nothing built), UsageError (IMR without an
    agency, unknown kind) and NotFoundError (unknown review or agency).
    """
    if kind not in KINDS:
        raise UsageError(f"'{kind}' is not a document: choose one of {', '.join(KINDS)}.")
    check_edition(kind, edition)
    if kind == KIND_IMR and not (agency or "").strip():
        raise UsageError("An IMR belongs to one agency: name it with --agency.")
    from dhrdesk.documents.builders import overview, tables

    facts = facts_for(store, reference, today)
    marking = marking if edition == EDITION_RESTRICTED else None
    if kind == KIND_OVERVIEW:
        document = overview.build_overview(
            facts, marking=marking, edition=edition, group_by_theme=group_by_theme
        )
    elif kind == KIND_EXECUTIVE_SUMMARY:
        document = overview.build_executive_summary(facts, marking=marking, edition=edition)
    elif kind == KIND_ACTION_PLAN:
        document = tables.build_action_plan(
            facts, marking=marking, edition=edition, group_by_theme=group_by_theme
        )
    elif kind == KIND_CHRONOLOGY:
        document = tables.build_chronology(
            facts, marking=marking, edition=edition, key_events_only=key_events_only
        )
    elif kind == KIND_TERMS:
        document = tables.build_terms(facts, marking=marking, edition=edition)
    else:
        document = tables.build_imr(facts, agency or "", marking=marking)
    if edition == EDITION_PUBLICATION:
        from dhrdesk.documents import gate

        document = gate.publication_edition(store, facts.review_id, document)
    return document
