"""Writing a checked review file into the store, by walking the record declarations.

Kinds are written in declaration order, children right after their parent, so a
reference finds the record it names already written; one that points forward (a
chronology row at the row it duplicates) is set in a second pass. Everything runs in
the caller's transaction, through the interchange repository's verbatim inserts.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.records import REVIEW, RecordKind, children, file_name, in_file
from dhrdesk.exchange.review_fields import from_json, map_references


@dataclass
class _Import:
    ix: Any
    cur: Any
    review_id: int
    ids: dict[str, dict[str, int]] = field(default_factory=dict)
    later: list[tuple[RecordKind, int, str, str, str]] = field(default_factory=list)
    pending: list[tuple[str, str, str]] = field(default_factory=list)

    def _links(self, kind: RecordKind, item: dict[str, Any], parent_id: int) -> dict[str, Any]:
        """The record's parent, review and references as ids; a reference to a record
        not written yet waits in :attr:`pending` for the record's own id."""
        self.pending = []
        links: dict[str, Any] = {kind.parent_column: parent_id}
        if kind.parent_column != "review_id" and "review_id" in kind.internal():
            links["review_id"] = self.review_id
        for ref in kind.refs:
            value = item.get(ref.name)
            known = self.ids.get(ref.target)
            if ref.many:
                links[ref.column] = [known[k] for k in value or []] if known else []
            elif value is None:
                links[ref.column] = None
            elif known is None or ref.target == kind.name:  # not written yet
                links[ref.column] = None
                self.pending.append((ref.column, ref.target, value))
            else:
                links[ref.column] = known[value]
        return links

    def _insert(self, kind: RecordKind, item: dict[str, Any], parent_id: int) -> int | None:
        record = from_json(kind.cls, item, kind.internal(), **self._links(kind, item, parent_id))
        if kind.single == "or_default" and record == kind.cls(**{kind.parent_column: parent_id}):
            return None  # the default: the store keeps no row for it
        new_id = _INSERTS.get(kind.name, _plain)(self, kind, record, item)
        self.later += [(kind, new_id, *waiting) for waiting in self.pending]
        key = item.get(kind.key_field) if kind.key_field else item.get("key")
        if kind.keyed and key is not None:
            self.ids.setdefault(kind.name, {})[key] = new_id
        for part in kind.extra:
            if part in _EXTRA:
                _EXTRA[part](self, record, new_id, item)
        return new_id

    def write(self, parent: str, container: dict[str, Any], parent_id: int) -> None:
        for kind in children(parent):
            if not in_file(kind):
                continue
            value = container.get(file_name(kind))
            items = ([value] if value is not None else []) if kind.single else (value or [])
            if kind.keyed:
                self.ids.setdefault(kind.name, {})
            for item in items:
                new_id = self._insert(kind, item, parent_id)
                if new_id is not None:
                    self.write(kind.name, item, new_id)

    def finish(self) -> None:
        """The second pass: references to records written after the one pointing."""
        for kind, record_id, column, target, key in self.later:
            self.ix.set_link(kind, record_id, column, self.ids[target][key], self.cur)


def _plain(im: _Import, _kind: RecordKind, record: Any, _item: dict[str, Any]) -> int:
    return im.ix.insert(record, im.cur)


def _attachment(im: _Import, _kind: RecordKind, record: Any, item: dict[str, Any]) -> int:
    return im.ix.insert_attachment(record, base64.b64decode(item["content"]), im.cur)


def _section(im: _Import, _kind: RecordKind, record: Any, item: dict[str, Any]) -> int:
    rows = im.ids.get("chronology", {})

    def reference_in(_where: list[Any], run: dict[str, Any]) -> dict[str, Any]:
        return {**run, "chronology": rows[run["chronology"]]}

    record.content = map_references(item.get("content", []), reference_in)
    return im.ix.insert(record, im.cur)


_INSERTS: dict[str, Callable[[_Import, RecordKind, Any, dict[str, Any]], int]] = {
    "attachments": _attachment,
    "report_sections": _section,
}


def _attendees(im: _Import, _record: Any, meeting_id: int, item: dict[str, Any]) -> None:
    members = [im.ids["panel_members"][key] for key in item.get("attendees", [])]
    im.ix.add_attendance(meeting_id, sorted(members), im.cur)


def _imr_sections(im: _Import, _record: Any, agency_id: int, item: dict[str, Any]) -> None:
    for key, text in item.get("imr_sections", {}).items():
        im.ix.insert(m.ImrSection(agency_id, key, text), im.cur)


def _imr_analysis(im: _Import, _record: Any, agency_id: int, item: dict[str, Any]) -> None:
    for row in item.get("imr_analysis", []):
        line_id = im.ids["lines_of_enquiry"][row["line"]]
        im.ix.insert(m.ImrAnalysis(agency_id, line_id, row.get("text", "")), im.cur)


_EXTRA: dict[str, Callable[[_Import, Any, int, dict[str, Any]], None]] = {
    "attendees": _attendees,
    "imr_sections": _imr_sections,
    "imr_analysis": _imr_analysis,
}


def import_records(ix: Any, cur: Any, review_id: int, doc: dict[str, Any]) -> None:
    """Write every declared kind of the file's review under the new review id."""
    im = _Import(ix, cur, review_id)
    im.write(REVIEW, doc, review_id)
    im.finish()
    rows = im.ids.get("chronology", {})
    for pair in doc.get("chronology_pairs", []):
        ix.add_pair(rows[pair["first"]], rows[pair["second"]], pair["decision"], cur)
    for entry in doc.get("publication_log", []):
        ix.add_publication_log(review_id, entry, cur)
