"""Help > User guide: the task-based guide, offline and searchable, inside the app.

The pages and the search live in dhrdesk.ui.guide (no Qt); this window lays them
out: a search box, the list of pages, and the page itself with its screenshots.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.ui.guide import Topic, guide_folder, load_topics, search


class UserGuideWindow(QDialog):
    """The guide beside the work (not modal: read it while you do the task)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle("DHR Desk user guide")
        self.setModal(False)
        self.topics = load_topics()
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("guideSearch")
        self.search_edit.setPlaceholderText("Search the guide (e.g. backup, dates, import)…")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search the user guide")
        self.search_edit.setProperty("findBox", True)
        self.pages = QListWidget()
        self.pages.setObjectName("guidePages")
        self.pages.setAccessibleName("Pages of the user guide")
        self.pages.setWordWrap(True)
        self.pages.setMaximumWidth(260)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guidePage")
        self.browser.setOpenExternalLinks(False)
        self.browser.setAccessibleName("Page of the user guide")
        self.status = QLabel()
        self.status.setObjectName("guideStatus")
        self.status.setStyleSheet("QLabel { color: #5f6368; }")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.pages)
        split.addWidget(self.browser)
        split.setStretchFactor(1, 1)
        split.setSizes([230, 720])
        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        layout.addWidget(self.status)

        self.search_edit.textChanged.connect(self._search)
        self.search_edit.returnPressed.connect(self.find_next)
        self.pages.currentItemChanged.connect(self._page_chosen)
        self._search("")
        screen = self.screen().availableGeometry() if self.screen() else None
        width = min(1000, screen.width() - 80) if screen else 1000
        height = min(720, screen.height() - 80) if screen else 720
        self.resize(width, height)
        if not self.topics:
            self.browser.setPlainText(
                "The user guide is not part of this installation (docs/guide is missing)."
            )

    def _search(self, text: str) -> None:
        found = search(self.topics, text)
        self.pages.blockSignals(True)
        self.pages.clear()
        for topic in found:
            item = QListWidgetItem(topic.title)
            item.setData(Qt.ItemDataRole.UserRole, topic.slug)
            self.pages.addItem(item)
        self.pages.blockSignals(False)
        if text.strip():
            self.status.setText(
                f"{len(found)} page{'s' if len(found) != 1 else ''} mention “{text.strip()}”"
                if found
                else f"No page mentions “{text.strip()}”."
            )
        else:
            self.status.setText(f"{len(found)} pages. Press F1 in DHR Desk to come back here.")
        if found:
            self.pages.setCurrentRow(0)
            self._show(found[0])
        else:
            self.browser.clear()

    def _page_chosen(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        slug = item.data(Qt.ItemDataRole.UserRole)
        topic = next((t for t in self.topics if t.slug == slug), None)
        if topic is not None:
            self._show(topic)

    def _show(self, topic: Topic) -> None:
        folder = guide_folder() or topic.path.parent
        document = self.browser.document()
        document.setBaseUrl(QUrl.fromLocalFile(str(folder) + "/"))
        self.browser.setSearchPaths([str(folder), str(folder.parent / "images")])
        self.browser.setMarkdown(topic.markdown)
        self._fit_images()
        self.find_next(first=True)

    def _fit_images(self) -> None:
        """Screenshots are shown at the page's width, not at full size."""
        html = self.browser.toHtml()
        width = max(400, self.browser.viewport().width() - 40)
        fitted = html.replace("<img src=", f'<img width="{width}" src=')
        if fitted != html:
            self.browser.setHtml(fitted)

    def current_title(self) -> str:
        item = self.pages.currentItem()
        return item.text() if item is not None else ""

    def find_next(self, first: bool = False) -> bool:
        """Highlight the next place the first search word appears on the page."""
        words = self.search_edit.text().split()
        if not words:
            return False
        if first:
            self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        if self.browser.find(words[0]):
            return True
        self.browser.moveCursor(self.browser.textCursor().MoveOperation.Start)
        return self.browser.find(words[0], QTextDocument.FindFlag(0))
