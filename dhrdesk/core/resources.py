"""Where shipped data files live, both from a source checkout and inside a PyInstaller bundle."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from dhrdesk.core.errors import InputFileError

_REPO_RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file or folder under ``resources/``.

    A frozen app unpacks data under ``sys._MEIPASS``; look there first so the bundle
    never reads files from wherever the source tree happened to be, then fall back
    to the repository's own ``resources/`` folder.
    """
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidate = Path(bundle, "resources", *parts)
        if candidate.exists():
            return candidate
    return _REPO_RESOURCES.joinpath(*parts)


def required_resource(*parts: str) -> Path:
    """Like :func:`resource_path`, but a missing file is a clear error, not a traceback.

    A missing resource means a broken installation, not a user mistake, so the
    message says to reinstall.
    """
    from dhrdesk.core.errors import DhrDeskError

    path = resource_path(*parts)
    if not path.exists():
        raise DhrDeskError(
            f"A file DHR Desk needs is missing: resources/{'/'.join(parts)}.",
            hint="The installation is incomplete; reinstall DHR Desk.",
        )
    return path


# --- reading hand-validated JSON data files ---------------------------------------------
#
# Profiles, descriptors, themes and lines of enquiry are data that people edit by hand.
# A mistake must produce a message naming the file and the place, e.g.
# "dhr-2016.json: stages[3].clock.months: expected a whole number, got 'one'",
# never a KeyError traceback. jsonschema is not used here because its messages are
# written for programmers; these are written for whoever maintains the profile.

_HINT = "Correct the file (it is plain JSON) or restore the copy shipped with DHR Desk."


def describe_value(value: Any) -> str:
    """A short, user-readable rendering of a JSON value for error messages."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:37] + "...")
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def load_json(path: Path) -> Any:
    """Parse a JSON file; bad bytes or syntax give InputFileError with line and column."""
    name = path.name
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"{name}: the file does not exist ({path}).", hint=_HINT) from None
    except OSError as exc:
        raise InputFileError(f"{name}: cannot be read: {exc.strerror}.", hint=_HINT) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{name}: is not UTF-8 text (bad byte at position {exc.start}).", hint=_HINT
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputFileError(
            f"{name}: is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            hint=_HINT,
        ) from None


class Node:
    """One value inside a JSON document, with the path used in error messages."""

    def __init__(self, value: Any, file: str, path: str = "") -> None:
        self.value = value
        self.file = file
        self.path = path

    # -- errors ------------------------------------------------------------------------------
    def fail(self, message: str) -> NoReturn:
        where = f"{self.file}: {self.path}: " if self.path else f"{self.file}: "
        raise InputFileError(where + message, hint=_HINT)

    def _expected(self, what: str) -> NoReturn:
        self.fail(f"expected {what}, got {describe_value(self.value)}")

    # -- navigation --------------------------------------------------------------------------
    def _child_path(self, key: str | int) -> str:
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def obj(self, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Node:
        """Check this is an object with the required keys and no unknown ones."""
        if not isinstance(self.value, dict):
            self._expected("an object")
        for key in required:
            if key not in self.value:
                Node(None, self.file, self._child_path(key)).fail("required field is missing")
        allowed = set(required) | set(optional)
        for key in self.value:
            if key not in allowed:
                Node(None, self.file, self._child_path(key)).fail(
                    "unknown field (allowed: " + ", ".join(sorted(allowed)) + ")"
                )
        return self

    def __getitem__(self, key: str | int) -> Node:
        return Node(self.value[key], self.file, self._child_path(key))

    def has(self, key: str) -> bool:
        return isinstance(self.value, dict) and key in self.value and self.value[key] is not None

    def opt(self, key: str) -> Node | None:
        return self[key] if self.has(key) else None

    def items(self, min_items: int = 0) -> Iterator[Node]:
        """The elements of a list, each with its indexed path."""
        if not isinstance(self.value, list):
            self._expected("a list")
        if len(self.value) < min_items:
            self.fail(f"needs at least {min_items} item{'s' if min_items != 1 else ''}")
        for index, value in enumerate(self.value):
            yield Node(value, self.file, self._child_path(index))

    def entries(self) -> Iterator[tuple[str, Node]]:
        if not isinstance(self.value, dict):
            self._expected("an object")
        for key, value in self.value.items():
            yield key, Node(value, self.file, self._child_path(key))

    # -- scalars -----------------------------------------------------------------------------
    def text(self, *, allow_empty: bool = False) -> str:
        if not isinstance(self.value, str):
            self._expected("text")
        if not allow_empty and not self.value.strip():
            self.fail("must not be empty")
        return self.value

    def identifier(self) -> str:
        """A stable id: lower-case letters, digits, "_", "-" and "+" (e.g. "65+")."""
        value = self.text()
        if not re.fullmatch(r"[a-z0-9][a-z0-9_\-+]*", value):
            self.fail(
                f"{describe_value(value)} is not a valid id "
                "(use lower-case letters, digits, '_' or '-')"
            )
        return value

    def whole(self, *, minimum: int | None = None, maximum: int | None = None) -> int:
        if isinstance(self.value, bool) or not isinstance(self.value, int):
            self._expected("a whole number")
        if minimum is not None and self.value < minimum:
            self.fail(f"must be at least {minimum}, got {self.value}")
        if maximum is not None and self.value > maximum:
            self.fail(f"must be at most {maximum}, got {self.value}")
        return self.value

    def boolean(self) -> bool:
        if not isinstance(self.value, bool):
            self._expected("true or false")
        return self.value

    def text_list(self, *, min_items: int = 0) -> tuple[str, ...]:
        return tuple(item.text() for item in self.items(min_items))


def read_data_file(path: Path) -> Node:
    """Load a JSON data file and return its root node for validation."""
    return Node(load_json(path), path.name)
