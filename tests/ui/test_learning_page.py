"""The Learning library page: filters change the counts, a theme shows its items, theme
management, and the report wizard (background run, blocked findings shown)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from dhrdesk.core import model as m
from dhrdesk.ui.learning_wizard import LearningReportWizard
from dhrdesk.ui.pages import PAGES
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.learning import LearningPage
from tests.documents.learning_fixture import REFS, seed_learning
from tests.ui.contexts import page_context


def _context(store) -> PageContext:
    return page_context(store, show_success=False)


def _page(store, qtbot) -> LearningPage:
    page = LearningPage(_context(store))
    qtbot.addWidget(page)
    page.refresh()
    return page


def _counts(page: LearningPage) -> dict[str, int]:
    table = page.theme_table
    return {
        table.item(r, 0).data(Qt.ItemDataRole.UserRole): table.item(r, 1).data(
            Qt.ItemDataRole.DisplayRole
        )
        for r in range(table.rowCount())
        if table.item(r, 1).data(Qt.ItemDataRole.DisplayRole)
    }


def test_learning_library_is_a_top_level_page() -> None:
    assert "Learning library" in [spec.title for spec in PAGES]


def test_filtering_and_selecting_a_theme(store, qtbot, messages) -> None:
    seed_learning(store)
    page = _page(store, qtbot)
    assert _counts(page) == {
        "risk_assessment": 3,
        "information_sharing": 2,
        "housing": 2,
        "coercive_control": 1,
        "mental_health": 1,
    }
    assert page.count_label.text() == "4 of 4 reviews"
    assert page.bar_chart.renderer().isValid()
    # filter by relationship type: only the two intimate-partner reviews (R1, R3)
    combo = page.relationship_combo
    combo.setCurrentIndex(combo.findData("intimate_partner"))
    assert _counts(page) == {
        "risk_assessment": 2,
        "information_sharing": 1,
        "housing": 1,
        "coercive_control": 1,
    }
    assert page.count_label.text() == "2 of 4 reviews"
    # select a theme: its lessons and recommendations side by side, real references
    page.select_theme("risk_assessment")
    lessons = [page.lessons.item(i).text() for i in range(page.lessons.count())]
    recs = [page.recommendations.item(i).text() for i in range(page.recommendations.count())]
    assert lessons == [
        f"{REFS['r1']} · Lesson: Risk was not reassessed after Marta Kowalczyk reported threats.",
        f"{REFS['r3']} · Lesson: Separation raised the risk; it was seen on 14 March 2023.",
    ]
    assert recs[1] == (
        f"{REFS['r3']} · Recommendation 1 (regional): Regional risk training for housing staff."
    )
    breakdown = {
        (page.breakdown.item(r, 0).text(), page.breakdown.item(r, 1).text()): page.breakdown.item(
            r, 2
        ).text()
        for r in range(page.breakdown.rowCount())
    }
    assert breakdown[("Year", "2021")] == "1" and breakdown[("CSP", "Ashby")] == "1"
    assert breakdown[("Relationship", "Intimate partner")] == "2"
    assert page.trend_chart.renderer().isValid()
    page.labels_check.setChecked(True)
    assert page.lessons.item(0).text().startswith("Review A · Lesson")
    assert page.lessons.item(1).text().startswith("Review B · Lesson")  # among the 2 shown
    # a flag and a date range narrow further; clearing restores
    combo.setCurrentIndex(0)
    page.flag_combo.setCurrentIndex(page.flag_combo.findData("separation"))
    page.from_edit.setText("2023")
    page.from_edit.editingFinished.emit()
    assert _counts(page) == {"risk_assessment": 1, "housing": 1}
    # unchecking reviews in the review set
    page.flag_combo.setCurrentIndex(0)
    page.from_edit.setText("")
    page.from_edit.editingFinished.emit()
    page.review_list.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert page.count_label.text() == "3 of 4 reviews"


def test_theme_management_greys_retired_themes(store, qtbot, monkeypatch, messages) -> None:
    seed_learning(store)
    page = _page(store, qtbot)
    page.select_theme("housing")
    page.retire_theme()
    row = next(
        r
        for r in range(page.theme_table.rowCount())
        if page.theme_table.item(r, 0).data(Qt.ItemDataRole.UserRole) == "housing"
    )
    item = page.theme_table.item(row, 0)
    assert item.text() == "Housing (retired)"
    assert item.foreground().color().name() == "#8a8a8a"
    assert page.restore_button.isEnabled() and not page.retire_button.isEnabled()
    assert "History: retired" in page.history_label.text()
    page.restore_theme()
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Tenancy", True)))
    page.rename_theme()
    assert page.selected_theme() == "housing" and "Tenancy" in page.selected_label.text()
    assert "renamed" in page.history_label.text()
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *a, **k: ("Online abuse", True))
    )
    page.add_theme()
    assert page.selected_theme() == "online_abuse"


def test_report_wizard_writes_and_shows_findings(store, qtbot, tmp_path: Path, messages) -> None:
    ids = seed_learning(store)
    wizard = LearningReportWizard(_context(store))
    qtbot.addWidget(wizard)
    reviews = wizard.reviews_page
    assert reviews.isComplete()
    for i in range(1, reviews.list.count()):
        reviews.list.item(i).setCheckState(Qt.CheckState.Unchecked)
    assert not reviews.isComplete()  # one review alone is not offered
    reviews.list.item(1).setCheckState(Qt.CheckState.Checked)
    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "themes.pdf"
    wizard.output_page.path_edit.setText(str(out))
    wizard.generate()
    assert out.exists() and wizard.result_page.isComplete()
    assert "Written and checked" in wizard.result_page.status.text()
    lesson = next(
        p for p in store.repos.records.list(m.LearningPoint, ids["r1"]) if p.kind == "lesson"
    )  # a lesson of a main theme (a theme in one review alone is not listed in the report)
    lesson.text = "Call 07700 900123 was missed."
    store.repos.records.save(lesson)
    blocked = tmp_path / "out" / "blocked.pdf"
    wizard.output_page.path_edit.setText(str(blocked))
    wizard.generate()
    assert "Publication blocked" in wizard.result_page.status.text()
    assert "07700 900123" in wizard.result_page.findings.toPlainText()
    assert not blocked.exists()
