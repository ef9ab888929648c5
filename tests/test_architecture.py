"""The structure the brief and docs/architecture.md promise, checked on every run.

* Import direction: core imports nothing else of DHR Desk; store only core;
  documents and exchange only core and store; ui and cli sit on top.
* No Qt below ui/, and none in ui/presenters/ either.
* No SQL outside store/: no database driver imported and no SQL statement written.
* No reflection over shipped modules: no importlib, no "module:Class" strings.
* Size limits (issue 12): no module of 1,000 lines or more, no view class over
  250 lines, at most ten functions over 80 lines.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "dhrdesk"

ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "store": {"core"},
    "documents": {"core", "store"},
    "exchange": {"core", "store"},
    "demo": {"core", "store", "exchange", "documents"},
    "ui": {"core", "store", "documents", "exchange", "demo"},
    "cli": {"core", "store", "documents", "exchange", "demo", "ui"},
    "__main__": {"cli"},
    "__init__": set(),
}

SQL = re.compile(
    r"^\s*(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+"
    r"(TABLE|INDEX|TRIGGER|VIRTUAL)|PRAGMA\s)",
    re.IGNORECASE | re.DOTALL,
)


def _files() -> list[Path]:
    return sorted(ROOT.rglob("*.py"))


def _layer(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0].removesuffix(".py")


def _imports(tree: ast.AST) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


TREES = {path: ast.parse(path.read_text(encoding="utf-8")) for path in _files()}


def test_the_layers_import_only_downwards() -> None:
    wrong = []
    for path, tree in TREES.items():
        layer = _layer(path)
        for module in _imports(tree):
            if not module.startswith("dhrdesk."):
                continue
            target = module.split(".")[1]
            if target != layer and target not in ALLOWED.get(layer, set()):
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []


def test_no_qt_below_the_ui_and_none_in_presenters() -> None:
    wrong = []
    for path, tree in TREES.items():
        rel = path.relative_to(ROOT).as_posix()
        qt_allowed = rel.startswith("ui/") and not rel.startswith("ui/presenters/")
        if rel.startswith("cli/"):
            continue  # the CLI starts the window inside one function (checked below)
        for module in _imports(tree):
            if module.split(".")[0] in ("PySide6", "shiboken6") and not qt_allowed:
                wrong.append(f"{rel} imports {module}")
    assert wrong == []


def test_the_cli_imports_the_window_only_where_it_starts_it() -> None:
    for path, tree in TREES.items():
        if _layer(path) != "cli":
            continue
        for node in tree.body:  # module level only: the GUI import is lazy
            if isinstance(node, ast.Import | ast.ImportFrom):
                for module in _imports(node):
                    assert not module.startswith(("PySide6", "dhrdesk.ui")), path


def test_no_sql_outside_the_store() -> None:
    wrong = []
    for path, tree in TREES.items():
        if _layer(path) == "store":
            continue
        rel = path.relative_to(ROOT).as_posix()
        for module in _imports(tree):
            if module.split(".")[0] in ("sqlite3", "sqlcipher3"):
                wrong.append(f"{rel} imports {module}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if SQL.match(node.value):
                    wrong.append(f"{rel}:{node.lineno} holds SQL: {node.value[:40]!r}")
    assert wrong == []


def test_no_reflection_over_shipped_modules() -> None:
    wrong = []
    target = re.compile(r"^dhrdesk(\.\w+)+:\w+$")
    for path, tree in TREES.items():
        rel = path.relative_to(ROOT).as_posix()
        for module in _imports(tree):
            if module.split(".")[0] == "importlib":
                wrong.append(f"{rel} imports {module}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if target.match(node.value):
                    wrong.append(f"{rel}:{node.lineno} names a class by string")
            if isinstance(node, ast.FunctionDef) and node.name in (
                "module_exists",
                "docx_available",
            ):
                wrong.append(f"{rel}:{node.lineno} defines {node.name}")
    assert wrong == []


def _length(node: ast.AST) -> int:
    return node.end_lineno - node.lineno + 1  # type: ignore[attr-defined]


def test_no_module_of_a_thousand_lines() -> None:
    big = {
        path.relative_to(ROOT).as_posix(): len(path.read_text().splitlines())
        for path in TREES
        if len(path.read_text().splitlines()) >= 1000
    }
    assert big == {}


def test_at_most_ten_functions_over_80_lines() -> None:
    long = sorted(
        (_length(node), f"{path.relative_to(ROOT)}:{node.name}")
        for path, tree in TREES.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _length(node) > 80
    )
    assert len(long) <= 10, long


WIDGET_BASES = re.compile(
    r"^(Q\w*(Widget|Dialog|Window|Box|View|Wizard|WizardPage|Button|Frame)|Page|ReviewTab)$"
)


@pytest.mark.parametrize("limit", [250])
def test_no_view_class_over_250_lines(limit: int) -> None:
    big = []
    for path, tree in TREES.items():
        if not path.relative_to(ROOT).as_posix().startswith("ui/"):
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = [getattr(b, "id", getattr(b, "attr", "")) for b in node.bases]
            if any(WIDGET_BASES.match(b or "") for b in bases) and _length(node) > limit:
                big.append(f"{path.relative_to(ROOT)}:{node.name} ({_length(node)} lines)")
    assert big == []
