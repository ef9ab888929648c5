"""What the schema cannot say about the kinds format version 2 added.

The declared checks (real dates, unique keys, references to keys that exist) walk the
record declarations (:mod:`dhrdesk.exchange.validate`); the rest is written here: IMR
sections and analysis, the quality checklist, chronology rows and pairs, attachments
whose content matches their size and SHA-256, well-formed section content, and the
rules the agency-input and drafting repositories apply when a chair types the record
in. Assumes the schema passed.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.exchange import validate
from dhrdesk.exchange.review_fields import from_json, map_references

_Problems = validate._Problems
_BASE = ["review"]


def _check_agencies(problems: _Problems, agencies: list[dict], keys: dict) -> None:
    """IMR sections and analysis, the quality checklist, and each agency's rows."""
    add = problems.add
    sections = dict(m.IMR_SECTIONS)
    lines = keys.get("lines_of_enquiry", set())
    for i, agency in enumerate(agencies):
        here = [*_BASE, "agencies", i]
        for key in agency.get("imr_sections", {}):
            if key not in sections:
                add(
                    [*here, "imr_sections", key],
                    f"'{key}' is not a section of an IMR (known: {', '.join(sections)}).",
                )
        analysed: set[str] = set()
        for j, item in enumerate(agency.get("imr_analysis", [])):
            path = [*here, "imr_analysis", j, "line"]
            if item["line"] not in lines:
                add(
                    path, f"there is no line of enquiry with the key '{item['line']}' in this file."
                )
            if item["line"] in analysed:
                add(path, f"the line of enquiry '{item['line']}' is analysed twice.")
            analysed.add(item["line"])
        scored: set[str] = set()
        for j, item in enumerate(agency.get("imr_quality", [])):
            path = [*here, "imr_quality", j]
            if item["item"] in scored:
                add([*path, "item"], f"the checklist item '{item['item']}' is scored twice.")
            scored.add(item["item"])
            if item.get("score") in ("partly", "not_met") and not item.get("note", "").strip():
                add([*path, "note"], "say what is missing, so it can go in the chase letter.")
        _check_rows(problems, here, agency.get("chronology", []))


def _check_rows(problems: _Problems, here: list[Any], rows: list[dict]) -> None:
    external: set[str] = set()
    for j, row in enumerate(rows):
        path = [*here, "chronology", j]
        if row.get("duplicate_of") is not None and row.get("duplicate_of") == row.get("key"):
            problems.add([*path, "duplicate_of"], "a row cannot be a duplicate of itself.")
        key = row.get("external_key", "")
        if key and key in external:
            problems.add(
                [*path, "external_key"],
                f"the external key {validate.describe(key)} is used twice in this "
                "agency's chronology.",
            )
        external.add(key)


def _check_pairs(problems: _Problems, review: dict[str, Any], rows: set[str]) -> None:
    paired: set[frozenset[str]] = set()
    for i, pair in enumerate(review.get("chronology_pairs", [])):
        path = [*_BASE, "chronology_pairs", i]
        for end in ("first", "second"):
            if pair[end] not in rows:
                problems.add(
                    [*path, end],
                    f"there is no chronology row with the key '{pair[end]}' in this file.",
                )
        if pair["first"] == pair["second"]:
            problems.add([*path, "second"], "a row cannot be paired with itself.")
        both = frozenset((pair["first"], pair["second"]))
        if both in paired:
            problems.add(
                path, f"the rows '{pair['first']}' and '{pair['second']}' are paired twice."
            )
        paired.add(both)


def _check_attachments(problems: _Problems, review: dict[str, Any]) -> None:
    """The content must be the file the receipt log describes."""
    for i, item in enumerate(review.get("attachments", [])):
        path = [*_BASE, "attachments", i]
        try:
            content = base64.b64decode(item["content"], validate=True)
        except (binascii.Error, ValueError):
            problems.add([*path, "content"], "is not base64 text.")
            continue
        if len(content) != item["size"]:
            problems.add(
                [*path, "size"], f"{item['size']} is not the size of the content ({len(content)})."
            )
        if hashlib.sha256(content).hexdigest() != item["sha256"].lower():
            problems.add(
                [*path, "sha256"], "does not match the content (the file is damaged or edited)."
            )


def _reference_check(
    problems: _Problems, where: list[Any], rows: set[str]
) -> Callable[[list[Any], dict[str, Any]], dict]:
    def check(inner: list[Any], run: dict[str, Any]) -> dict[str, Any]:
        value = run["chronology"]
        path = [*where, *inner, "chronology"]
        if not isinstance(value, str):
            problems.add(
                path, f"expected the key of a chronology row, found {validate.describe(value)}."
            )
        elif value not in rows:
            problems.add(path, f"there is no chronology row with the key '{value}' in this file.")
        return {**run, "chronology": 1}

    return check


def _check_drafting(problems: _Problems, review: dict[str, Any], rows: set[str]) -> None:
    """Sections once each with well-formed content; checklist items once, each ticked
    or explained."""
    from dhrdesk.core.richtext import validate_blocks

    seen_sections: set[tuple[str, str]] = set()
    for i, item in enumerate(review.get("report_sections", [])):
        path = [*_BASE, "report_sections", i]
        pair_key = (item["document"], item["key"])
        if pair_key in seen_sections:
            problems.add(
                [*path, "key"],
                f"the section '{item['key']}' of the {item['document']} appears twice.",
            )
        seen_sections.add(pair_key)
        before = len(problems.messages)
        check = _reference_check(problems, [*path, "content"], rows)
        mapped = map_references(item.get("content", []), check)
        if len(problems.messages) == before:
            try:
                validate_blocks(mapped, validate.json_path([*path, "content"]))
            except ValidationError as exc:
                problems.messages.append(exc.message)
    seen_items: set[tuple[str, str, str]] = set()
    for i, item in enumerate(review.get("checklist_responses", [])):
        path = [*_BASE, "checklist_responses", i]
        triple = (item["document"], item["section_key"], item["item_id"])
        if triple in seen_items:
            problems.add(
                [*path, "item_id"], f"the checklist item '{item['item_id']}' appears twice."
            )
        seen_items.add(triple)
        if not item.get("ticked") and not item.get("explanation", "").strip():
            problems.add(
                path, "tick the item, or explain why it does not apply or is not yet done."
            )


def _check_agency_rules(problems: _Problems, nodes: list[Any], today: dt.date) -> None:
    """The agency-input repository's own rules, on the records as it would save them."""
    from dhrdesk.store.repositories.agency_input import check_entry, check_request

    for kind, path, item in nodes:
        try:
            if kind.cls is m.AgencyRequest:
                check_request(from_json(m.AgencyRequest, item, kind.internal()), today)
            elif kind.cls is m.ChronologyEntry:
                check_entry(from_json(m.ChronologyEntry, item, kind.internal()))
        except ValidationError as exc:
            problems.add(path, exc.message)


def check_v2_meaning(review: dict[str, Any], today: dt.date | None = None) -> None:
    """Everything beyond the schema about the kinds of format version 2."""
    today = today or dt.date.today()
    problems = _Problems()
    nodes = validate.declared_nodes(review, since=2)
    validate.check_dates(problems, nodes)
    problems.raise_if_any()  # later checks build records from these dates
    keys = validate.local_keys(None, validate.declared_nodes(review, since=1))
    keys.update(validate.local_keys(problems, nodes))
    validate.check_references(problems, nodes, keys)
    _check_agencies(problems, review.get("agencies", []), keys)
    rows = keys.get("chronology", set())
    _check_pairs(problems, review, rows)
    _check_attachments(problems, review)
    _check_drafting(problems, review, rows)
    problems.raise_if_any()
    _check_agency_rules(problems, nodes, today)
    problems.raise_if_any()
