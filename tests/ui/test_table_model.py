"""The one table model: declared columns, sort keys, hooks, proxy filter."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from dhrdesk.ui.table_model import ID_ROLE, ROW_ROLE, Column, TableModel, TableProxy


@dataclass
class Row:
    id: int
    name: str
    count: int


class Model(TableModel[Row]):
    columns = (
        Column("Name", lambda r: r.name, bold=lambda r: r.count > 2),
        Column(
            "Count",
            lambda r: str(r.count),
            align="right",
            sort=lambda r: r.count,
            tooltip=lambda r: f"{r.count} things",
            foreground=lambda r: "#b3261e" if r.count > 2 else None,
        ),
    )


def make(qapp) -> tuple[Model, TableProxy]:
    model = Model(row_id=lambda r: r.id, row_background=lambda r: "#eeeeee" if r.id == 1 else None)
    model.set_rows([Row(1, "beta", 10), Row(2, "Alpha", 2), Row(3, "", 1)])
    proxy = TableProxy()
    proxy.setSourceModel(model)
    return model, proxy


def test_columns_give_text_roles_and_hooks(qapp) -> None:
    model, _ = make(qapp)
    assert model.rowCount() == 3 and model.columnCount() == 2
    assert model.headerData(1, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == "Count"
    first = model.index(0, 1)
    assert first.data() == "10"
    assert first.data(Qt.ItemDataRole.ToolTipRole) == "10 things"
    assert model.index(2, 0).data(Qt.ItemDataRole.ToolTipRole) is None  # empty text: no tip
    assert first.data(ID_ROLE) == 1 and first.data(ROW_ROLE).name == "beta"
    assert first.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b3261e"
    assert model.index(1, 1).data(Qt.ItemDataRole.ForegroundRole) is None
    assert first.data(Qt.ItemDataRole.BackgroundRole).color().name() == "#eeeeee"
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert not model.index(1, 0).data(Qt.ItemDataRole.FontRole).bold()
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) is None
    assert model.row_at(1).name == "Alpha" and [r.id for r in model.rows()] == [1, 2, 3]


def test_proxy_sorts_by_keys_and_filters(qapp) -> None:
    model, proxy = make(qapp)
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 1).data() for r in range(3)] == ["1", "2", "10"]  # numeric
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["Alpha", "beta", ""]  # blanks last
    proxy.setFilterFixedString("ALP")
    assert proxy.rowCount() == 1
    model.set_rows([Row(4, "alpine", 1), Row(5, "x", 1)])
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(ID_ROLE) == 4
