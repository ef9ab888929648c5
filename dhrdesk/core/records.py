"""One declaration per kind of record a review holds (docs/architecture-records.md).

Why: adding a kind of record used to mean editing the records repository, the
interchange repository, the exporter, the importer, the meaning checks and the search
labels, each walking every kind by hand per format version. Now a :class:`RecordKind`
says once what each of them needs, and they walk :func:`kinds`:

* the store: which table, which column links a record to its parent, the order
  records are listed in (:mod:`dhrdesk.store.repositories.records`, ``interchange``);
* the review file (docs/interchange.md): the list's name in the file, where it nests,
  the local key (``subject-1``) others point at, the references to other kinds under
  their file names, the format version that added it (an older file gets it empty);
* the meaning checks: dates and partial dates (from the dataclass's types and
  :attr:`RecordKind.partial_dates`), unique keys, references that must exist, values
  the store keeps once (:attr:`RecordKind.unique`);
* search: the label of its index rows and the fields whose text is indexed.

Parts of the file that are not "a list of records" (a meeting's attendees, an IMR's
sections as an object, the chronology pairs, the publication log) are named by
:attr:`RecordKind.extra` and written by the exchange package; everything else about a
kind is here. Qt-free and SQL-free: the store turns :attr:`RecordKind.order` into SQL.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from dhrdesk.core import model as m

REVIEW = "review"  # the parent of every top-level kind


@dataclass(frozen=True)
class Ref:
    """A record's link to a record of another kind.

    ``column`` holds the id (or, with ``many``, a list of ids) in the store; ``name`` is
    the field of the file holding the other record's local key; ``target`` names the
    kind pointed at; ``words`` names it in messages ("there is no subject with ...")."""

    column: str
    name: str
    target: str
    words: str
    many: bool = False


@dataclass(frozen=True)
class RecordKind:
    """Everything the store, the review file, its checks and search need of one kind.

    ``name`` is the kind's id and its name in the file (a list, or an object with
    ``single``). ``parent`` is the kind it nests under (:data:`REVIEW` or another kind's
    name) and ``parent_column`` the column holding the parent's id. ``order`` lists the
    fields records are listed (and exported) by: ``-field`` descending, ``field?`` with
    empty values last; none: in the order they were written. ``key`` is the prefix of local keys (``"subject"`` ->
    ``subject-1``, numbered review-wide in export order), ``key_field`` a field that is
    the key itself (a draft's version); ``key_words`` name it in messages. ``audit`` is the name the records repository
    saves it under ("" = not saved through ``records.save``). ``single`` is "" for a
    list, "or_null" for one object or null, "or_default" for one object always written
    (the default when the store has none; a default is not imported). ``since`` is the
    format version that added the kind: an older file gets it empty on upgrade.
    ``unique`` are ``(field, words)`` kept once per parent. ``partial_dates`` and
    ``date_lists`` are text fields holding partial ISO dates, and lists of ISO dates.
    ``extra`` names the hand-written parts of its file object (see the module text).
    ``file`` is its name in the file when that is not ``name`` (two kinds are called
    "actions" there: a meeting's and a recommendation's), None when its part of the
    file is written by hand (an IMR's sections, an object by section key, and its
    analysis, by line of enquiry).
    ``search``/``search_label``/``search_fields``: its search kind, the label of its
    rows and the fields whose text is indexed (for a kind without its own query)."""

    name: str
    cls: type
    table: str
    parent: str = REVIEW
    parent_column: str = "review_id"
    order: tuple[str, ...] = ()
    key: str = ""
    key_field: str = ""
    key_words: str = "key"
    words: str = ""
    audit: str = ""
    single: str = ""
    since: int = 1
    refs: tuple[Ref, ...] = ()
    unique: tuple[tuple[str, str], ...] = ()
    partial_dates: tuple[str, ...] = ()
    date_lists: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()
    file: str | None = ""
    search: str = ""
    search_label: str = ""
    search_fields: tuple[str, ...] = ()

    @property
    def keyed(self) -> bool:
        return bool(self.key or self.key_field)

    def internal(self) -> frozenset[str]:
        """Fields never written to the file: the id, the links to the review and the
        parent (nesting says it), and references (written as keys under their name)."""
        return frozenset(
            {"id", "review_id", self.parent_column, *(r.column for r in self.refs)}
        ) & set(field_names(self.cls))


def _k(name: str, cls: type, table: str, **rest: Any) -> RecordKind:
    return RecordKind(name, cls, table, **rest)


def _agency(column: str = "agency_id") -> Ref:
    return Ref(column, "agency", "agencies", "agency")


def _draft(column: str = "draft_id") -> Ref:
    return Ref(column, "draft", "drafts", "draft")


_SUBJECT = Ref("subject_id", "subject", "subjects", "subject")
_BY_AGENCY = {"parent": "agencies", "parent_column": "agency_id", "since": 2}

# In an order where every kind comes after the kinds it points at (the importer writes
# in this order) and children right after their parent kind.
_DECLARED: tuple[RecordKind, ...] = (
    _k(
        "subjects",
        m.Subject,
        "subject",
        key="subject",
        words="subject",
        audit="subject",
        order=("sort", "id"),
        unique=(("pseudonym", "pseudonym"),),
    ),
    _k("register", m.RegisterEntry, "register_entry", audit="register", refs=(_SUBJECT,)),
    _k(
        "people",
        m.ReviewPerson,
        "review_person",
        audit="person",
        extra=("sorted",),
        unique=(("role", "role"),),
    ),
    _k("stages", m.StageDates, "stage_record", order=("stage_id",), extra=("sorted",)),
    _k(
        "parallel_processes",
        m.ParallelProcess,
        "parallel_process",
        key="parallel",
        words="parallel process",
        audit="parallel_process",
    ),
    _k(
        "pauses",
        m.Pause,
        "pause",
        audit="pause",
        order=("start", "id"),
        refs=(
            Ref(
                "parallel_process_id", "parallel_process", "parallel_processes", "parallel process"
            ),
        ),
    ),
    _k(
        "panel_members",
        m.PanelMember,
        "panel_member",
        key="panel",
        words="panel member",
        audit="panel_member",
    ),
    _k(
        "meetings",
        m.Meeting,
        "meeting",
        key="meeting",
        audit="meeting",
        order=("date", "id"),
        extra=("attendees",),
        search="meeting",
        search_label="Meeting",
    ),
    _k(
        "meeting_actions",
        m.MeetingAction,
        "meeting_action",
        file="actions",
        parent="meetings",
        parent_column="meeting_id",
        audit="meeting_action",
        order=("due?", "id"),
    ),
    _k(
        "lines_of_enquiry",
        m.LineOfEnquiry,
        "line_of_enquiry",
        key="line",
        words="line of enquiry",
        audit="line_of_enquiry",
        order=("sort", "id"),
    ),
    _k(
        "agencies",
        m.Agency,
        "agency",
        key="agency",
        words="agency",
        audit="agency",
        order=("-in_scope", "name"),
        unique=(("name", "agency name"),),
        extra=("imr_sections", "imr_analysis"),
    ),
    _k(
        "request",
        m.AgencyRequest,
        "agency_request",
        single="or_null",
        date_lists=("chases",),
        **_BY_AGENCY,
    ),
    _k(
        "imr_section",
        m.ImrSection,
        "imr_section",
        file=None,
        search="imr",
        search_label="IMR section",
        **_BY_AGENCY,
    ),
    _k(
        "imr_line_analysis",
        m.ImrAnalysis,
        "imr_analysis",
        file=None,
        search="imr_analysis",
        search_label="IMR analysis",
        **_BY_AGENCY,
    ),
    _k(
        "imr_quality", m.ImrQuality, "imr_quality", order=("item",), extra=("sorted",), **_BY_AGENCY
    ),
    _k(
        "chronology",
        m.ChronologyEntry,
        "chronology_entry",
        key="chronology",
        words="chronology row",
        order=("date", "time", "sequence", "id"),
        partial_dates=("date",),
        search="chronology",
        search_label="Chronology",
        refs=(
            Ref("subject_ids", "subjects", "subjects", "subject", many=True),
            Ref("duplicate_of", "duplicate_of", "chronology", "chronology row"),
        ),
        **_BY_AGENCY,
    ),
    _k("terms_of_reference", m.TermsOfReference, "terms_of_reference", single="or_default"),
    _k(
        "tor_versions",
        m.TorVersion,
        "tor_version",
        order=("number",),
        unique=(("number", "version number"),),
    ),
    _k(
        "family_members",
        m.FamilyMember,
        "family_member",
        key="family",
        audit="family_member",
        refs=(_SUBJECT,),
    ),
    _k(
        "contacts",
        m.FamilyContact,
        "family_contact",
        parent="family_members",
        parent_column="family_member_id",
        audit="family_contact",
        order=("date", "id"),
        search="family_contact",
        search_label="Family contact",
    ),
    _k("costs", m.Cost, "cost", audit="cost", order=("date?", "id")),
    _k(
        "attachments",
        m.Attachment,
        "attachment",
        key="attachment",
        words="attachment",
        since=2,
        refs=(_agency(),),
        extra=("content",),
    ),
    _k(
        "report_sections",
        m.ReportSection,
        "report_section",
        order=("document", "key"),
        since=2,
        extra=("content",),
        search="section",
        search_label="Report section",
    ),
    _k(
        "checklist_responses",
        m.ChecklistResponse,
        "checklist_response",
        order=("document", "section_key", "item_id"),
        since=2,
    ),
    _k(
        "drafts",
        m.Draft,
        "draft",
        key_field="version",
        key_words="draft version",
        words="draft",
        since=2,
    ),
    _k(
        "distributions",
        m.Distribution,
        "distribution",
        audit="distribution",
        order=("sent_on", "id"),
        since=2,
        refs=(_draft(),),
    ),
    _k(
        "section_comments",
        m.SectionComment,
        "section_comment",
        audit="comment",
        order=("resolved", "created_on", "id"),
        since=2,
    ),
    _k(
        "learning_points",
        m.LearningPoint,
        "learning_point",
        key="learning",
        words="learning point",
        audit="learning_point",
        order=("kind", "sort", "id"),
        since=2,
        refs=(_agency(),),
        search="learning",
        search_label="Learning point",
    ),
    _k(
        "recommendations",
        m.Recommendation,
        "recommendation",
        audit="recommendation",
        order=("number", "id"),
        since=2,
        search="recommendation",
        search_label="Recommendation",
        refs=(Ref("source_ids", "sources", "learning_points", "learning point", many=True),),
    ),
    _k(
        "recommendation_actions",
        m.Action,
        "action",
        file="actions",
        parent="recommendations",
        parent_column="recommendation_id",
        audit="action",
        order=("sort", "id"),
        since=2,
        search="action",
        search_label="Action",
    ),
    _k(
        "updates",
        m.ActionUpdate,
        "action_update",
        parent="recommendation_actions",
        parent_column="action_id",
        audit="action_update",
        order=("date", "id"),
        since=2,
        search="action_update",
        search_label="Action update",
        refs=(Ref("evidence_attachment_id", "evidence_attachment", "attachments", "attachment"),),
    ),
    _k(
        "qa_rounds",
        m.QaRound,
        "qa_round",
        audit="qa_round",
        order=("number", "id"),
        since=2,
        refs=(_draft(),),
    ),
    _k(
        "areas",
        m.QaArea,
        "qa_area",
        parent="qa_rounds",
        parent_column="qa_round_id",
        audit="qa_area",
        order=("number", "id"),
        since=2,
        refs=(_draft(),),
    ),
    _k(
        "anonymisation",
        m.AnonymisationSettings,
        "anonymisation_settings",
        single="or_null",
        since=2,
    ),
    _k(
        "publication_acceptances",
        m.PublicationAcceptance,
        "publication_acceptance",
        key_field="fingerprint",
        key_words="fingerprint",
        words="accepted finding",
        since=2,
    ),
    _k("publication_signoffs", m.PublicationSignoff, "publication_signoff", since=2),
)

# The order search lists its kinds in (its filter's message names them in this order).
_SEARCH_ORDER = (
    "section",
    "imr",
    "imr_analysis",
    "chronology",
    "recommendation",
    "learning",
    "action",
    "action_update",
    "meeting",
    "family_contact",
)

_registry: dict[str, RecordKind] = {k.name: k for k in _DECLARED}


def kinds() -> tuple[RecordKind, ...]:
    """Every declared kind, parents before children, targets before references."""
    return tuple(_registry.values())


def kind(name: str) -> RecordKind:
    return _registry[name]


def kind_of(cls: type) -> RecordKind | None:
    return next((k for k in _registry.values() if k.cls is cls), None)


def file_name(record_kind: RecordKind) -> str:
    """The kind's name in the review file."""
    return record_kind.file or record_kind.name


def children(parent: str) -> tuple[RecordKind, ...]:
    """The kinds nested under ``parent`` (:data:`REVIEW` for the review's own lists)."""
    return tuple(k for k in _registry.values() if k.parent == parent)


def in_file(record_kind: RecordKind) -> bool:
    """False for the kinds whose part of the file is written by hand."""
    return record_kind.file is not None


def search_labels() -> dict[str, str]:
    """Search kind -> the label of its rows, for every kind search indexes."""
    found = {k.search: k.search_label for k in _registry.values() if k.search}
    ordered = [s for s in _SEARCH_ORDER if s in found]
    return {s: found[s] for s in [*ordered, *(s for s in found if s not in ordered)]}


@contextlib.contextmanager
def declared(*extra: RecordKind) -> Iterator[None]:
    """Declare more kinds for the length of a block (tests that add a kind)."""
    before = dict(_registry)
    for record_kind in extra:
        _registry[record_kind.name] = record_kind
    try:
        yield
    finally:
        _registry.clear()
        _registry.update(before)


# ------------------------------------------------------------------------- field types
@cache
def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def field_types(cls: type) -> dict[str, type]:
    """Field -> its base type (``dt.date | None`` -> ``dt.date``, ``list`` -> list)."""
    # Through a plain function: mypy does not count ``type[T]`` as Hashable, so callers
    # holding ``type(obj)`` or ``type[T]`` could not call the cached function directly.
    return _field_types(cls)


@cache
def _field_types(cls: type) -> dict[str, type]:
    hints = typing.get_type_hints(cls)
    out: dict[str, type] = {}
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
        base = next((a for a in args if a is not type(None)), hint)
        out[f.name] = typing.get_origin(base) or base
    return out


@cache
def nullable_fields(cls: type) -> frozenset[str]:
    """Fields whose type allows None (``dt.date | None``)."""
    hints = typing.get_type_hints(cls)
    return frozenset(
        f.name
        for f in dataclasses.fields(cls)
        if isinstance(hints[f.name], types.UnionType)
        and type(None) in typing.get_args(hints[f.name])
    )


def date_fields(cls: type) -> tuple[str, ...]:
    return tuple(name for name, t in field_types(cls).items() if t is dt.date)


def required_fields(cls: type) -> tuple[str, ...]:
    """Fields without a default (a record cannot be built without them)."""
    return tuple(
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    )
