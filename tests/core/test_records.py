"""The record declarations (dhrdesk.core.records) agree with the model and the store."""

from __future__ import annotations

import dataclasses

from dhrdesk.core import model as m
from dhrdesk.core import records
from dhrdesk.core.records import REVIEW


def _names(cls: type) -> set[str]:
    return {f.name for f in dataclasses.fields(cls)}


def test_parents_and_targets_come_first() -> None:
    """The importer writes in declaration order: a parent, and a record pointed at,
    are written before the records under or pointing at them (a kind may point at
    itself: the second pass sets those)."""
    seen: set[str] = set()
    for kind in records.kinds():
        assert kind.parent == REVIEW or kind.parent in seen, kind.name
        for ref in kind.refs:
            assert ref.target in seen or ref.target == kind.name, (kind.name, ref.target)
            assert records.kind(ref.target).keyed, (kind.name, ref.target)
        seen.add(kind.name)


def test_every_named_field_is_a_field_of_the_record() -> None:
    for kind in records.kinds():
        fields = _names(kind.cls)
        named = {
            kind.parent_column,
            *(r.column for r in kind.refs),
            *(name for name, _ in kind.unique),
            *kind.partial_dates,
            *kind.date_lists,
            *kind.search_fields,
            *((kind.key_field,) if kind.key_field else ()),
            *(name.strip("-?") for name in kind.order),
        }
        assert named <= fields, (kind.name, named - fields)
        assert not (kind.key and kind.key_field), kind.name


def test_each_record_class_is_declared_once() -> None:
    classes = [k.cls for k in records.kinds()]
    assert len(classes) == len(set(classes))
    assert records.kind_of(m.Subject) is records.kind("subjects")
    assert records.kind_of(m.Review) is None  # the review itself is not a child record


def test_every_table_exists(store) -> None:
    rows = store.query("SELECT name FROM sqlite_master WHERE type = 'table'")
    tables = {r[0] for r in rows}
    for kind in records.kinds():
        assert kind.table in tables, kind.name
        columns = {r[1] for r in store.query(f"PRAGMA table_info({kind.table})")}
        assert _names(kind.cls) <= columns, (kind.name, _names(kind.cls) - columns)


def test_search_labels_keep_their_order() -> None:
    """The search screen lists the kinds in this order: the chair's own text first."""
    labels = list(records.search_labels().items())
    assert len(labels) == 10
    assert labels[:2] == [("section", "Report section"), ("imr", "IMR section")]
    assert labels[-1] == ("family_contact", "Family contact")


def test_declared_adds_kinds_for_a_block_only() -> None:
    extra = records.RecordKind("extra_kind", m.ThemeChange, "theme_change")
    with records.declared(extra):
        assert records.kind("extra_kind") is extra
    assert "extra_kind" not in {k.name for k in records.kinds()}


def test_file_names_are_unique_under_each_parent() -> None:
    for parent in {REVIEW, *(k.name for k in records.kinds())}:
        names = [records.file_name(k) for k in records.children(parent) if records.in_file(k)]
        assert len(names) == len(set(names)), parent
