"""The review workspace: one review, in tabs (the list is in tabs.py).

Why a holder page: the main window has one "Review" slot in its navigation.
:class:`ReviewPage` fills it with a :class:`ReviewWorkspace` for whichever
review was opened (from the Dashboard or the Reviews list) and replaces it when
another is opened. Locking destroys the page with everything it showed; the
main window remembers the review id and tab so unlocking returns there.

Tabs are built the first time they are shown (the restricted register is only
read from the store when someone opens it), and a tab whose module is missing
shows a clear "not available" note instead of breaking the workspace.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core.errors import DhrDeskError
from dhrdesk.core.profiles import get_profile
from dhrdesk.store.changes import ChangeSet
from dhrdesk.ui.pages.base import PageContext
from dhrdesk.ui.pages.review.tabs import PHASES, TABS, TabSpec
from dhrdesk.ui.widgets import MARKING, heading_font, no_tab_trap

RESTRICTED_TEXT = "RESTRICTED – real identities"
RESTRICTED_COLOR = "#b3261e"
RESTRICTED_STYLE = (
    f"QLabel {{ background: {RESTRICTED_COLOR}; color: white; font-weight: bold;"
    " padding: 6px 12px; }"
)
SENSITIVE_STYLE = (
    "QLabel { background: #f3e9e9; color: #5c1a1a; border-left: 4px solid #5c1a1a;"
    " padding: 4px 10px; }"
)


def workspace_of(widget: QWidget | None) -> ReviewWorkspace | None:
    """The workspace a tab sits in (tabs use it to say "the review changed")."""
    while widget is not None:
        if isinstance(widget, ReviewWorkspace):
            return widget
        widget = widget.parentWidget()
    return None


class _TabSlot(QWidget):
    """Holds one tab: empty until first shown, then the real tab (or a note)."""

    def __init__(self, spec: TabSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.tab: Any = None
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(0)
        if spec.restricted:
            banner = QLabel(
                f"{RESTRICTED_TEXT}. Never copy these details into reports, minutes or "
                "e-mails: use the pseudonyms."
            )
            banner.setObjectName("restrictedBanner")
            banner.setWordWrap(True)
            banner.setStyleSheet(RESTRICTED_STYLE)
            self.layout_.addWidget(banner)

    def build(self, context: PageContext, review_id: int) -> None:
        if self.tab is not None:
            return
        self.tab = self.spec.cls(context, review_id)
        no_tab_trap(self.tab)
        self.layout_.addWidget(self.tab, 1)

    @property
    def built(self) -> bool:
        return self.tab is not None


class GroupedTabs(QWidget):
    """The workspace's sections as a side list grouped by phase, beside the section shown.

    Why not a tab bar: eighteen tabs in a row do not fit a 1366×768 laptop screen
    (they scroll out of sight). A side list grouped by phase (Set-up, Evidence,
    Writing, Submission and publication, Afterwards) shows every section at once,
    in the order the work runs, and is read one item at a time by screen readers.
    The methods mirror QTabWidget's (addTab, currentIndex, tabText...), so callers
    treat it as tabs. Group headings are not selectable: arrow keys step over them.
    """

    currentChanged = Signal(int)  # noqa: N815 (Qt naming)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nav = QListWidget()
        self.nav.setObjectName("reviewSections")
        self.nav.setAccessibleName("Sections of the review")
        self.nav.setWordWrap(True)
        self.nav.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.nav.setFixedWidth(216)
        self.nav.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Expanding)
        self.nav.setStyleSheet(
            "QListWidget { background: #f6f7f9; border: none; border-right: 1px solid #dadce0; }"
            " QListWidget::item { padding: 2px 4px 2px 12px; }"
            " QListWidget::item:selected { background: #1f3a5f; color: white; }"
        )
        self.stack = QStackedWidget()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self._rows: list[int] = []  # tab index -> row in the list
        self._phase: str | None = None
        self.nav.currentRowChanged.connect(self._row_changed)

    def addTab(self, widget: QWidget, label: str, phase: str = "") -> int:  # noqa: N802
        if phase and phase != self._phase:
            self._phase = phase
            heading = QListWidgetItem(phase)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = QFont(self.nav.font())
            font.setBold(True)
            heading.setFont(font)
            heading.setForeground(QColor("#5f6368"))
            heading.setSizeHint(QSize(200, 28))
            heading.setData(Qt.ItemDataRole.AccessibleTextRole, f"{phase}:")
            self.nav.addItem(heading)
        item = QListWidgetItem(label)
        self.nav.addItem(item)
        self._rows.append(self.nav.row(item))
        self.stack.addWidget(widget)
        if self.nav.currentRow() < 0:
            self.nav.setCurrentRow(self._rows[0])
        return len(self._rows) - 1

    def _row_changed(self, row: int) -> None:
        if row in self._rows:
            index = self._rows.index(row)
            self.stack.setCurrentIndex(index)
            self.currentChanged.emit(index)

    def count(self) -> int:
        return len(self._rows)

    def currentIndex(self) -> int:  # noqa: N802
        return self.stack.currentIndex()

    def setCurrentIndex(self, index: int) -> None:  # noqa: N802
        if 0 <= index < len(self._rows):
            self.nav.setCurrentRow(self._rows[index])

    def currentWidget(self) -> QWidget:  # noqa: N802
        return self.stack.currentWidget()

    def widget(self, index: int) -> QWidget:
        return self.stack.widget(index)

    def _item(self, index: int) -> QListWidgetItem:
        return self.nav.item(self._rows[index])

    def tabText(self, index: int) -> str:  # noqa: N802
        return self._item(index).text()

    def tabToolTip(self, index: int) -> str:  # noqa: N802
        return self._item(index).toolTip()

    def setTabToolTip(self, index: int, text: str) -> None:  # noqa: N802
        self._item(index).setToolTip(text)

    def setTabTextColor(self, index: int, color: QColor) -> None:  # noqa: N802
        self._item(index).setForeground(color)


class ReviewWorkspace(QWidget):
    """One review: header (reference, title, type, stage), banner, and the tabs."""

    changed = Signal()  # the review record or its stage changed

    def __init__(
        self,
        context: PageContext,
        review_id: int,
        tab: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reviewWorkspace")
        self.context = context
        self.review_id = review_id
        self._make_header()
        self._make_tabs()
        self._lay_out()
        self.refresh_header()
        if context.changes is not None:
            context.changes.changed.connect(self._store_changed)
        if tab is not None:
            self.show_tab(tab)
        self._tab_shown(self.tabs.currentIndex())

    # ---------------------------------------------------------------- layout
    def _make_header(self) -> None:
        """The header's widgets: back, reference, title, type, stage, sensitivity banner."""
        self.back_button = QPushButton("← Back to dashboard")
        self.back_button.setObjectName("backToDashboard")
        self.back_button.setToolTip("Return to the dashboard (Alt+Left)")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.clicked.connect(self.back_to_dashboard)
        self.reference_label = QLabel()
        self.reference_label.setObjectName("reviewReference")
        self.reference_label.setFont(heading_font(self.font(), 1.25))
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title_label = QLabel()
        self.title_label.setObjectName("reviewTitle")
        self.title_label.setWordWrap(True)
        self.type_label = QLabel()
        self.type_label.setObjectName("reviewType")
        self.type_label.setStyleSheet("QLabel { color: #5f6368; }")
        self.stage_label = QLabel()
        self.stage_label.setObjectName("reviewStage")
        self.stage_label.setStyleSheet(
            "QLabel { background: #e8eef7; color: #1f3a5f; border-radius: 10px;"
            " padding: 3px 10px; font-weight: bold; }"
        )
        self.banner = QLabel()
        self.banner.setObjectName("reviewSensitivity")
        self.banner.setWordWrap(False)
        self.banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.banner.setStyleSheet(SENSITIVE_STYLE)

    def _make_tabs(self) -> None:
        """The sections, grouped by phase; restricted ones marked."""
        self.tabs = GroupedTabs()
        self.tabs.setObjectName("reviewTabs")
        self._slots: list[_TabSlot] = []
        order = sorted(TABS, key=lambda spec: PHASES.index(spec.phase))
        for index, spec in enumerate(order):
            slot = _TabSlot(spec)
            self._slots.append(slot)
            label = f"⚠ {spec.title}" if spec.restricted else spec.title
            self.tabs.addTab(slot, label, spec.phase)
            self.tabs.setTabToolTip(index, spec.title)
            if spec.restricted:
                self.tabs.setTabTextColor(index, QColor(RESTRICTED_COLOR))
                self.tabs.setTabToolTip(
                    index, f"{spec.title}. {RESTRICTED_TEXT}: real names and identifiers"
                )
        self.tabs.currentChanged.connect(self._tab_shown)

    def _lay_out(self) -> None:
        # One compact header line: reference, stage, title (full text in the tooltip).
        self.title_label.setWordWrap(False)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        header.setSpacing(10)
        header.addWidget(self.reference_label)
        header.addWidget(self.stage_label, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.title_label, 1)
        header.addWidget(self.back_button)
        details = QHBoxLayout()
        details.setSpacing(10)
        details.addWidget(self.type_label)
        details.addWidget(self.banner, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 4)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addLayout(details)
        layout.addWidget(self.tabs, 1)

    # ---------------------------------------------------------------- header
    def refresh_header(self) -> None:
        review = self.context.run_op(lambda: self.context.store.repos.reviews.by_id(self.review_id))
        if review is None:
            return
        self.reference = review.reference
        try:
            profile = get_profile(review.profile)
        except DhrDeskError:
            profile = None
        self.reference_label.setText(review.reference)
        self.title_label.setText(review.title or "(no title yet)")
        self.title_label.setToolTip(review.title or "")
        if profile is not None:
            stage = (
                profile.stage(review.stage).name if profile.has_stage(review.stage) else "Closed"
            )
            self.type_label.setText(f"{profile.review_type} · guidance profile {profile.name}")
        else:
            stage = review.stage
            self.type_label.setText(f"Unknown guidance profile '{review.profile}'")
        self.stage_label.setText(stage)
        self.stage_label.setToolTip("Current stage")
        marked = " and ".join(
            ", ".join(f"⚠ {spec.title}" for spec in TABS if spec.restricted).rsplit(", ", 1)
        )
        self.banner.setText(f"{MARKING} · real identities only under {marked}")
        self.banner.setToolTip(
            f"{MARKING}: real identities are shown only under {marked}. "
            "Lock (Ctrl+L) before leaving the screen."
        )

    # ------------------------------------------------------------------ tabs
    def _tab_shown(self, index: int) -> None:
        if not 0 <= index < len(self._slots):
            return
        # A built tab reloads on show only if a change touched it while hidden.
        self._slots[index].build(self.context, self.review_id)

    def tab_titles(self) -> list[str]:
        return [slot.spec.title for slot in self._slots]

    def current_tab_title(self) -> str:
        return self._slots[self.tabs.currentIndex()].spec.title

    def show_tab(self, title: str) -> bool:
        for index, slot in enumerate(self._slots):
            if slot.spec.title == title:
                self.tabs.setCurrentIndex(index)
                self._tab_shown(index)
                return True
        return False

    def tab(self, title: str) -> Any:
        """The built tab widget of that title (building it if needed)."""
        for slot in self._slots:
            if slot.spec.title == title:
                slot.build(self.context, self.review_id)
                return slot.tab
        raise KeyError(title)

    def built_tabs(self) -> list[Any]:
        return [slot.tab for slot in self._slots if slot.built]

    def refresh(self) -> None:
        self.refresh_header()
        for tab in self.built_tabs():
            tab.refresh()

    def _store_changed(self, changeset: ChangeSet) -> None:
        """A committed write touched this review (from any tab, dialog or worker):
        the header shows its stage and title; the tabs follow the change themselves."""
        if changeset.touches(review_id=self.review_id):
            self.refresh_header()
            self.changed.emit()

    def save_pending(self) -> None:
        for tab in self.built_tabs():
            tab.save_pending()

    def back_to_dashboard(self) -> None:
        window = self.window()
        show = getattr(window, "show_dashboard", None)
        if callable(show):
            show()
