"""Writing a review's records into the review file, by walking the record declarations.

Two passes: :func:`_read` reads every declared kind, parents before children, and gives
each keyed record its local key (numbered review-wide in that order); :func:`_node`
then writes each record with its references as keys, so a record may point at one read
after it (a chronology row at the row it duplicates). The parts of the file that are
not a list of records (see :mod:`dhrdesk.core.records`) are added by the functions of
:data:`_EXTRA`.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.ids import id_of
from dhrdesk.core.records import (
    REVIEW,
    RecordKind,
    Ref,
    children,
    file_name,
    in_file,
    required_fields,
)
from dhrdesk.core.records import kind as declared
from dhrdesk.exchange.review_fields import map_references, to_json

if TYPE_CHECKING:
    from dhrdesk.store.database import Store


@dataclass
class _Node:
    kind: RecordKind
    record: Any
    children: dict[str, list[_Node]] = field(default_factory=dict)


@dataclass
class _Export:
    store: Store
    review: m.Review
    keys: dict[str, dict[int, str]] = field(default_factory=dict)
    contents: dict[int, bytes] = field(default_factory=dict)

    @property
    def ix(self) -> Any:
        return self.store.repos.interchange

    def _key(self, kind: RecordKind, record: Any) -> None:
        if kind.key_field:
            self.keys.setdefault(kind.name, {})[record.id] = getattr(record, kind.key_field)
        elif kind.key:
            numbered = self.keys.setdefault(kind.name, {})
            numbered[record.id] = f"{kind.key}-{len(numbered) + 1}"

    def _read(self, parent: str, parent_id: int) -> dict[str, list[_Node]]:
        out: dict[str, list[_Node]] = {}
        for kind in children(parent):
            if not in_file(kind):
                continue
            found = self.ix.records_of(kind, parent_id)
            if kind.single == "or_default" and not found:
                found = [kind.cls(**{kind.parent_column: parent_id})]
            found = _SORTS.get(kind.name, _as_read)(self, found)
            nodes = []
            for record in found:
                self._key(kind, record)
                nodes.append(_Node(kind, record))
            if any(in_file(c) for c in children(kind.name)):  # kinds with children have ids
                for node in nodes:
                    node.children = self._read(kind.name, node.record.id)
            out[kind.name] = nodes
        return out

    def _ref(self, ref: Ref, value: Any) -> Any:
        known = self.keys.get(ref.target, {})
        if ref.many:
            return [known[i] for i in value if i in known]
        return known.get(value) if value else None

    def _node(self, node: _Node) -> dict[str, Any] | None:
        kind, record = node.kind, node.record
        out = to_json(record, kind)
        if kind.key:
            out["key"] = self.keys[kind.name][record.id]
        for ref in kind.refs:
            out[ref.name] = self._ref(ref, getattr(record, ref.column))
            if out[ref.name] is None and not _optional(kind, ref.column):
                return None  # its required target is gone: the record cannot be written
        self._children(node.children, out)
        for part in kind.extra:
            if part in _EXTRA:
                _EXTRA[part](self, kind, record, out)
        return out

    def _children(self, nodes: dict[str, list[_Node]], out: dict[str, Any]) -> None:
        for name, found in nodes.items():
            kind = declared(name)
            written = [d for d in (self._node(n) for n in found) if d is not None]
            if kind.single:
                out[file_name(kind)] = written[0] if written else None
            else:
                out[file_name(kind)] = written


def _optional(kind: RecordKind, column: str) -> bool:
    return column not in required_fields(kind.cls)


def _as_read(_ex: _Export, found: list[Any]) -> list[Any]:
    return found


def _people(_ex: _Export, found: list[Any]) -> list[Any]:
    """The chair, then the author (then anything else)."""
    rank = {role: i for i, role in enumerate(m.PERSON_ROLES)}
    return sorted(found, key=lambda p: rank.get(p.role, 99))


def _stages(ex: _Export, found: list[Any]) -> list[Any]:
    """In the order of the review's guidance profile."""
    from dhrdesk.core.profiles import shipped_profiles

    profile = shipped_profiles().get(ex.review.profile)
    order = {sid: i for i, sid in enumerate(profile.stage_ids)} if profile else {}
    return sorted(found, key=lambda s: (order.get(s.stage_id, len(order)), s.stage_id))


def _quality(_ex: _Export, found: list[Any]) -> list[Any]:
    """In the order of the chair's checklist."""
    order = {item: i for i, (item, _) in enumerate(m.IMR_QUALITY_ITEMS)}
    return sorted(found, key=lambda q: (order.get(q.item, 99), q.item))


_SORTS: dict[str, Callable[[_Export, list[Any]], list[Any]]] = {
    "people": _people,
    "stages": _stages,
    "imr_quality": _quality,
}


# --------------------------------------------------------------- hand-written parts
def _attendees(ex: _Export, _kind: RecordKind, meeting: m.Meeting, out: dict) -> None:
    panel = ex.keys.get("panel_members", {})
    order = {pid: i for i, pid in enumerate(panel)}
    present = sorted((p for p in ex.ix.attendance(meeting.id) if p in panel), key=order.__getitem__)
    out["attendees"] = [panel[pid] for pid in present]


def _imr_sections(ex: _Export, _kind: RecordKind, agency: m.Agency, out: dict) -> None:
    out["imr_sections"] = ex.ix.imr_sections(agency.id)


def _imr_analysis(ex: _Export, _kind: RecordKind, agency: m.Agency, out: dict) -> None:
    analysis = ex.ix.imr_analysis(agency.id)
    lines = ex.keys.get("lines_of_enquiry", {})
    out["imr_analysis"] = [
        {"line": key, "text": analysis[lid]} for lid, key in lines.items() if lid in analysis
    ]


def _content(ex: _Export, kind: RecordKind, record: Any, out: dict) -> None:
    if kind.cls is m.Attachment:
        out["content"] = base64.b64encode(ex.contents[record.id]).decode("ascii")
        return
    rows = ex.keys.get("chronology", {})

    def reference_out(_where: list[Any], run: dict[str, Any]) -> dict[str, Any]:
        key = rows.get(run["chronology"]) if isinstance(run["chronology"], int) else None
        if key is None:  # the row was deleted: keep what the reader saw
            return {"text": str(run.get("label", ""))}
        return {**run, "chronology": key}

    out["content"] = map_references(record.content, reference_out)


_EXTRA: dict[str, Callable[[_Export, RecordKind, Any, dict], None]] = {
    "attendees": _attendees,
    "imr_sections": _imr_sections,
    "imr_analysis": _imr_analysis,
    "content": _content,
}


def _pairs(ex: _Export, rid: int) -> list[dict[str, str]]:
    """The chair's merged/distinct decisions, first row first, in row order."""
    rows = ex.keys.get("chronology", {})
    position = {eid: i for i, eid in enumerate(rows)}
    order = list(rows)
    pairs = []
    for first, second, decision in ex.ix.chronology_pairs(rid):
        if first in position and second in position:
            a, b = sorted((first, second), key=position.__getitem__)
            pairs.append((position[a], position[b], decision))
    return [
        {"first": rows[order[a]], "second": rows[order[b]], "decision": d}
        for a, b, d in sorted(pairs)
    ]


def export_records(store: Store, review: m.Review) -> dict[str, Any]:
    """The review's own fields and every declared kind under it, as the file holds them."""
    ex = _Export(store, review)
    review_id = id_of(review)
    ex.contents = ex.ix.attachment_contents(review_id)
    nodes = ex._read(REVIEW, review_id)
    out = to_json(review)
    ex._children(nodes, out)
    out["chronology_pairs"] = _pairs(ex, review_id)
    out["publication_log"] = ex.ix.publication_log(review_id)
    return out
