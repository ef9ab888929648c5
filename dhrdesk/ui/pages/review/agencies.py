"""Agencies and their IMRs: what was asked of each agency and where its return stands.

The chair chases returns, checks their quality and accepts them. So the list
shows every agency of the review (in scope first, excluded ones greyed) with
its request status (overdue in red, with days), and the panel beside it holds
the request dates, reminders, the IMR author and sign-off, the quality checklist
with the gaps to put in a chase letter, the chronology import, and the receipt
log of files received. Agencies themselves are added on "Terms of reference".
The panel's boxes are in agencies_panels; reads, checks, texts and writes in
dhrdesk.ui.presenters.agencies.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QVBoxLayout, QWidget

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.pages.review.agencies_panels import (
    AgencyDetail,
    agency_table,
    fit_columns,
    list_beside_detail,
    typed_request,
)
from dhrdesk.ui.pages.review.parts import note_label
from dhrdesk.ui.presenters.agencies import (
    IMR_RETURN_WEEKS,
    ROW_EXCLUDED,
    ROW_OVERDUE,
    AgenciesPresenter,
    chases_text,
)

__all__ = ["IMR_RETURN_WEEKS", "OVERDUE_COLOR", "AgenciesTab"]

OVERDUE_COLOR = QColor("#b3261e")
EXCLUDED_COLOR = QColor("#80868b")
ROW_COLORS = {ROW_EXCLUDED: EXCLUDED_COLOR, ROW_OVERDUE: OVERDUE_COLOR}
INTRO = (
    "Each agency's request and return. Add or exclude agencies on “Terms of "
    "reference”. Overdue returns are in red; record each reminder so the chase "
    "history is complete."
)


class AgenciesTab(ReviewTab):
    """Agencies of a review with request status, and a detail panel for the selected one."""

    watches = ("agency", "agency_request", "imr_quality", "attachment")

    object_name = "agenciesTab"

    def __init__(
        self,
        context: PageContext,
        review_id: int,
        parent: QWidget | None = None,
        *,
        today: dt.date | None = None,
    ) -> None:
        self.presenter = AgenciesPresenter(context.store, review_id, today)
        super().__init__(context, review_id, parent)

    def build(self) -> None:
        p = self.presenter
        self._agency: m.Agency | None = None
        self._request: m.AgencyRequest | None = None
        self._suggested_due: dt.date | None = None
        self._dirty = False
        self._loading = False
        self.imr_dialog: Any = None
        note = note_label(INTRO)
        self.table = agency_table(self.context, p, ROW_COLORS)
        self.table.selection_changed.connect(self._selected)
        self.detail = d = AgencyDetail(
            self.save_request,
            self.record_chase,
            self.open_imr,
            self.import_chronology,
            self.save_quality,
        )
        d.request_box.edited.connect(self._edited)
        d.author_box.edited.connect(self._edited)
        self.date_edits, self.due_hint = d.request_box.date_edits, d.request_box.due_hint
        self.date_edits["requested_on"].edit.editingFinished.connect(self._suggest_due)
        self.request_error, self.save_button = d.request_error, d.save_button
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(list_beside_detail(self.table, self.detail), 1)
        self._show_agency(None)
        if self.table.records():
            self.table.table.selectRow(0)

    # ------------------------------------------------------------------ selection
    def _selected(self, agency: m.Agency | None) -> None:
        leaving = self._agency is not None and (agency is None or agency.id != self._agency.id)
        if self._dirty and leaving:
            self.save_request()
        self._show_agency(agency)

    def select_agency(self, name: str) -> bool:
        found = next((a for a in self.table.records() if a.name == name), None)
        return found is not None and self.table.select_id(found.id)

    def _show_agency(self, agency: m.Agency | None) -> None:
        self._agency, self._suggested_due, self._request = agency, None, None
        self.due_hint.hide()
        self.detail.setEnabled(agency is not None)
        self._loading = True
        try:
            self.detail.show_heading(agency.name if agency else "Select an agency")
            self.detail.subheading.setText(self.presenter.subheading(agency) if agency else "")
            if agency is not None:
                request = self.context.run_op(lambda: self.presenter.request(agency.id))
                self._request = request or m.AgencyRequest(agency.id)
                self.detail.request_box.fill(self._request)
                self.detail.author_box.fill(self._request)
                self.detail.request_box.chases_label.setText(chases_text(self._request))
                self._fill_quality()
                self._fill_receipts()
        finally:
            self._loading = self._dirty = False
            self.save_button.setEnabled(False)
            self.request_error.clear_error()
        self._update_status()

    def _update_status(self) -> None:
        if self._agency is not None:
            self.detail.show_status(*self.presenter.status(self._agency))

    def _fill_quality(self) -> None:
        scores = self.context.run_op(lambda: self.presenter.quality(self._agency.id))
        self.detail.quality_box.fill(scores or {})
        self._fill_gaps()

    def _fill_gaps(self) -> None:
        text = self.context.run_op(lambda: self.presenter.gaps(self._agency.id))
        self.detail.gaps_box.gaps_text.setPlainText(text or "")

    def _fill_receipts(self) -> None:
        rows = self.context.run_op(lambda: self.presenter.receipts(self._agency.id))
        self.detail.receipts.show_rows(rows or [])

    # ------------------------------------------------------------------ request edits
    def _suggest_due(self) -> None:
        """Once the request date is typed, an empty due date gets the default period
        (shown, and changeable); a suggestion follows a corrected request date."""
        requested = self.date_edits["requested_on"].peek()
        due_edit = self.date_edits["due_on"]
        if self._loading or self._agency is None or not isinstance(requested, dt.date):
            return
        current = due_edit.peek()
        if current is not None and current != self._suggested_due:
            return  # the chair's own due date stays
        self._suggested_due, hint = self.presenter.suggest_due(requested)
        due_edit.setDate(self._suggested_due)
        self.due_hint.setText(hint)
        self.due_hint.show()

    def _edited(self) -> None:
        if not self._loading and self._agency is not None:
            self._dirty = True
            self.save_button.setEnabled(True)

    def current_request(self) -> m.AgencyRequest:
        """The request as the panel shows it (dates, author, sign-off)."""
        assert self._request is not None
        return typed_request(self._request, self.detail.request_box, self.detail.author_box)

    def save_request(self) -> bool:
        if self._agency is None or self._request is None:
            return False
        self.request_error.clear_error()
        try:
            request = self.current_request()
        except ValidationError:
            return False  # shown at the date field, which has the focus

        def run() -> m.AgencyRequest:
            try:
                return self.presenter.save_request(request)
            except ValidationError as exc:
                self.request_error.show_error(exc)
                raise

        if self.context.run_op(run, f"Saved the request to {self._agency.name}.") is None:
            return False
        self._request, self._dirty = request, False
        self.save_button.setEnabled(False)
        self._refresh_list()
        return True

    def record_chase(self) -> bool:
        """Add today's date to the reminders (after saving any edits in the panel)."""
        if self._agency is None or (self._dirty and not self.save_request()):
            return False
        agency_id = self._agency.id
        request = self.context.run_op(
            lambda: self.presenter.add_chase(agency_id),
            f"Recorded a reminder to {self._agency.name} today.",
        )
        if request is None:
            return False
        self._request = request
        self.detail.request_box.chases_label.setText(chases_text(request))
        self._refresh_list()
        return True

    def _refresh_list(self) -> None:
        keep = self._agency.id if self._agency else None
        self.table.table.selectionModel().blockSignals(True)
        try:
            self.table.refresh()
            fit_columns(self.table)
            if keep is not None:
                self.table.select_id(keep)
        finally:
            self.table.table.selectionModel().blockSignals(False)
        self._update_status()

    # ------------------------------------------------------------------ quality
    def save_quality(self) -> bool:
        """Save the whole checklist; a note is required for 'partly' and 'not met'."""
        if self._agency is None:
            return False
        box = self.detail.quality_box
        box.error.clear_error()
        values = box.values()
        problem = self.presenter.check_quality(values)
        if problem is not None:
            box.error.show_error(problem[1])
            box.note_edits[problem[0]].setFocus()
            return False
        agency_id = self._agency.id
        saved = self.context.run_op(
            lambda: self.presenter.save_quality(agency_id, values), "Saved the quality checklist."
        )
        if saved is None:
            return False
        self._fill_gaps()
        return True

    def gaps(self) -> str:
        return self.detail.gaps_box.gaps_text.toPlainText()

    # ------------------------------------------------------------------ IMR and import
    def open_imr(self) -> Any:
        """Open the IMR editor for the selected agency (one window; kept for save_pending)."""
        if self._agency is None:
            return None
        from dhrdesk.ui.imr_editor import ImrEditorDialog

        if self.imr_dialog is not None:
            self.imr_dialog.close()
        self.imr_dialog = ImrEditorDialog(
            self.context, self.review_id, self._agency.id, self._agency.name, self
        )
        self.imr_dialog.show()
        return self.imr_dialog

    def import_chronology(self) -> Any:
        """Open the chronology import for the selected agency (screens follow the change)."""
        if self._agency is None:
            return None
        from dhrdesk.ui.import_dialog import ImportChronologyDialog

        dialog = ImportChronologyDialog(self.context, self.review_id, self._agency.name, self)
        try:
            if dialog.choose_file():
                dialog.exec()
            result = dialog.result_info
        finally:
            dialog.deleteLater()
        if result is not None:
            self._fill_receipts()
        return result

    # ------------------------------------------------------------------ page contract
    def refresh(self) -> None:
        """Reload the list; the panel too, unless it holds edits not saved yet."""
        self._refresh_list()
        if not self._dirty:
            self._show_agency(self.table.selected())

    def save_pending(self) -> None:
        """Save the request typed but not saved, and any open IMR (called before locking)."""
        if self._dirty and self._agency is not None and self._request is not None:
            self._request = self.presenter.save_request(self.current_request())
            self._dirty = False
        dialog = self.imr_dialog
        if dialog is not None:
            try:
                dialog.save_pending()
            except RuntimeError:  # the window was already deleted
                self.imr_dialog = None
