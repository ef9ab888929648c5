"""The chair's own chronology rows (added or corrected in a form) and the export question.

A row from the family or another source outside the agencies is typed into a
:class:`RecordDialog`; so is a correction of an agency's row (audited). The checks
and the write are the presenter's (:meth:`ChronologyPresenter.save_row`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from dhrdesk.core import model as m
from dhrdesk.ui.forms import FieldSpec, RecordDialog, op_saver
from dhrdesk.ui.presenters.chronology import ChronologyPresenter
from dhrdesk.ui.widgets import FILE_DIALOG_OPTIONS

ADD_TITLE = "Add a chronology row"
ADD_INTRO = (
    "For information the agencies did not give: from the family, friends, "
    "colleagues or another source. Say where it comes from."
)
CORRECT_TITLE = "Correct a chronology row"
CORRECT_INTRO = (
    "Corrections are recorded in the store's audit log. Keep the agency's meaning; "
    "put your own view under Significance."
)
EXPORT_WARNING = (
    "The workbook is not encrypted and holds case details (pseudonyms only). "
    "Save it only where your organisation's rules allow, and delete it when done."
)


def row_specs(presenter: ChronologyPresenter) -> list[FieldSpec]:
    """The fields of a chronology row the chair types."""
    return [
        FieldSpec(
            "date",
            "Date",
            "partial_date",
            required=True,
            help="A month or a year is enough when that is all that is known.",
        ),
        FieldSpec("time", "Time", placeholder="e.g. 14:30 (leave empty if not known)"),
        FieldSpec("agency_id", "Told by", "choice", presenter.source_choices, required=True),
        FieldSpec(
            "source",
            "Source",
            required=True,
            placeholder="e.g. Conversation with the victim's sister, 3 May 2025",
        ),
        FieldSpec("event", "What happened", "multiline", required=True),
        FieldSpec("action", "Action or outcome", "multiline"),
    ]


def edit_row(
    parent: QWidget,
    context: object,
    presenter: ChronologyPresenter,
    entry: m.ChronologyEntry,
    *,
    correct: bool,
) -> int | None:
    """Show the row form; the id of the row saved, or None when the chair cancelled."""
    title, intro = (CORRECT_TITLE, CORRECT_INTRO) if correct else (ADD_TITLE, ADD_INTRO)
    save = op_saver(context, presenter.save_row)
    dialog = RecordDialog(row_specs(presenter), entry, parent, title=title, save=save, intro=intro)
    dialog.setObjectName("chronologyRowDialog")
    try:
        if dialog.exec() != RecordDialog.DialogCode.Accepted or dialog.result_obj is None:
            return None
        return dialog.result_obj.id
    finally:
        dialog.deleteLater()


def ask_export_path(parent: QWidget, file_name: str) -> Path | None:
    """Warn that the workbook is not encrypted, then ask where to save it."""
    buttons = QMessageBox.StandardButton
    answer = QMessageBox.warning(
        parent, "Export the chronology", EXPORT_WARNING, buttons.Ok | buttons.Cancel, buttons.Cancel
    )
    if answer != buttons.Ok:
        return None
    chosen, _ = QFileDialog.getSaveFileName(
        parent,
        "Export the combined chronology",
        str(Path.home() / file_name),
        "Excel workbooks (*.xlsx)",
        options=FILE_DIALOG_OPTIONS,
    )
    return Path(chosen) if chosen else None
