"""Records <-> the objects of a review file, field by field (docs/interchange.md).

Driven by the record declarations (:mod:`dhrdesk.core.records`): a record's fields go
to the file under their own names except the internal ones (ids, links to parents,
references, which the file writes as local keys); dates are ISO text.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from dhrdesk.core.dates import parse_iso_date
from dhrdesk.core.records import RecordKind, field_types, required_fields

_REVIEW_INTERNAL = frozenset({"id"})


def internal_of(record_kind: RecordKind | None) -> frozenset[str]:
    return record_kind.internal() if record_kind is not None else _REVIEW_INTERNAL


def to_json(obj: Any, record_kind: RecordKind | None = None) -> dict[str, Any]:
    """A record's own fields as a JSON-ready object (``record_kind`` None: the review)."""
    skip = internal_of(record_kind)
    types = field_types(type(obj))
    out: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        if types[f.name] is dt.date and value is not None:
            value = value.isoformat()
        out[f.name] = copy.deepcopy(value)
    return out


def _value(kind_of_value: type, value: Any) -> Any:
    if value is None:
        return None
    if kind_of_value is dt.date:
        return parse_iso_date(value)
    if kind_of_value is int:  # JSON 3.0 is a whole number too
        return int(value)
    if kind_of_value is float:
        return float(value)
    return copy.deepcopy(value)


def from_json(
    cls: type, data: dict[str, Any], skip: frozenset[str] = _REVIEW_INTERNAL, **given: Any
) -> Any:
    """Build a record from its (validated) JSON object; absent fields take their
    defaults, internal fields (``skip``) come from ``given`` or are 0 when required."""
    types = field_types(cls)
    values: dict[str, Any] = dict(given)
    for name, kind_of_value in types.items():
        if name in values or name in skip or name == "id" or name not in data:
            continue
        values[name] = _value(kind_of_value, data[name])
    for name in required_fields(cls):  # required links not known yet
        values.setdefault(name, 0)
    return cls(**values)


def map_references(
    blocks: Any, change: Callable[[list[Any], dict[str, Any]], dict[str, Any]]
) -> Any:
    """A copy of structured blocks with every chronology reference run replaced by
    ``change(path, run)`` (``path`` relative to the blocks). Chronology references hold
    row ids in the store and row keys in the file; anything malformed is left for
    :func:`dhrdesk.core.richtext.validate_blocks` to name."""
    out = copy.deepcopy(blocks)
    if not isinstance(out, list):
        return out
    for i, block in enumerate(out):
        if not isinstance(block, dict):
            continue
        groups: list[tuple[list[Any], Any]] = [([i, "runs"], block.get("runs"))]
        items = block.get("items")
        if isinstance(items, list):
            groups += [([i, "items", k], item) for k, item in enumerate(items)]
        for where, runs in groups:
            if not isinstance(runs, list):
                continue
            for j, run in enumerate(runs):
                if isinstance(run, dict) and "chronology" in run:
                    runs[j] = change([*where, j], run)
    return out


def walk(
    parent: str, container: dict[str, Any], path: list[Any]
) -> list[tuple[RecordKind, list[Any], dict[str, Any]]]:
    """Every record object of the file under ``container`` (the review, or a record of
    kind ``parent``), depth first in declaration order: (kind, JSON path, object)."""
    from dhrdesk.core.records import children, file_name, in_file

    out: list[tuple[RecordKind, list[Any], dict[str, Any]]] = []
    for child in children(parent):
        if not in_file(child):
            continue
        name = file_name(child)
        value = container.get(name)
        if child.single:
            items = [([*path, name], value)] if isinstance(value, dict) else []
        else:
            items = [([*path, name, i], v) for i, v in enumerate(value or [])]
        for where, item in items:
            out.append((child, where, item))
            out += walk(child.name, item, where)
    return out
