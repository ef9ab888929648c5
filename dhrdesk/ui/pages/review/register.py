"""The RESTRICTED identity register: real identifiers and what replaces them.

This is the only tab that shows real names, dates of birth, addresses and the
like. Each entry links a real identifier (with its variants: nicknames, maiden
names, misspellings) to its replacement in published text, so the
anonymisation check can later search every exported file for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import PERSON_KINDS
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.pages.base import ReviewTab
from dhrdesk.ui.pages.review.controls import styled_label
from dhrdesk.ui.pages.review.parts import add_items
from dhrdesk.ui.presenters.register import (
    REGISTER_TABLES,
    RegisterPresenter,
    count_text,
    followed_replacement,
    replacement_hint,
)

RESTRICTED_TEXT = (
    "RESTRICTED — real identities. Never shown elsewhere; used to check every published file."
)
RESTRICTED_STYLE = (
    "QLabel { background: #b3261e; color: white; font-weight: bold; font-size: 110%;"
    " padding: 10px 14px; border-radius: 3px; }"
)


class RegisterTable(RecordTable):
    """The register's record table: the replacement follows the chosen subject."""

    def __init__(self, *args: Any, pseudonyms: Any, **kwargs: Any) -> None:
        self._pseudonyms = pseudonyms
        super().__init__(*args, **kwargs)

    def make_dialog(self, obj: Any, title: str) -> RecordDialog:
        dialog = super().make_dialog(obj, title)
        subject = dialog.editor("subject_id")
        replacement = dialog.editor("replacement")
        kind = dialog.editor("kind")

        def follow(_index: int) -> None:
            current = replacement.text().strip()
            chosen_kind = kind.currentData()
            person = chosen_kind in PERSON_KINDS
            replacement.setPlaceholderText("" if person else replacement_hint(chosen_kind))
            names = self._pseudonyms()
            new = followed_replacement(chosen_kind, current, subject.currentData(), names)
            if new != current:
                replacement.setText(new)

        subject.currentIndexChanged.connect(follow)
        kind.currentIndexChanged.connect(follow)
        if obj.id is None and not obj.replacement:
            follow(subject.currentIndex())
        return dialog


class RegisterTab(ReviewTab):
    """Real identifiers of the subjects and others named in the records (restricted)."""

    watches = REGISTER_TABLES
    object_name = "registerTab"
    presenter_class = RegisterPresenter

    def build(self) -> None:
        banner = styled_label("restrictedBanner", RESTRICTED_STYLE, RESTRICTED_TEXT)
        banner.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        note = QLabel(
            "Record every real name, alias, nickname, maiden name, date of birth, address, "
            "workplace and school, and named professionals and places, with what replaces it "
            "in published text. List misspellings and other spellings as variants, one per line."
        )
        note.setWordWrap(True)
        note.setStyleSheet("QLabel { color: #444; }")

        self.subject_filter = QComboBox()
        self.subject_filter.setObjectName("registerSubjectFilter")
        self.subject_filter.setMinimumWidth(260)
        self.subject_filter.currentIndexChanged.connect(self._filter_changed)
        self.count_label = QLabel()
        self.count_label.setStyleSheet("QLabel { color: #555; }")
        filter_row = QHBoxLayout()
        filter_row.addWidget(QLabel("Show entries for"))
        filter_row.addWidget(self.subject_filter)
        filter_row.addStretch(1)
        filter_row.addWidget(self.count_label)

        self._load_subjects()
        self.table = RegisterTable(
            self.context,
            self.specs(),
            load=lambda: self.presenter.entries(self.subject_filter.currentData()),
            factory=lambda: self.presenter.new_entry(self.subject_filter.currentData()),
            noun="identifier",
            save=self.presenter.save_entry,
            pseudonyms=self.presenter.pseudonyms,
            dialog_intro="Restricted: this entry is shown only on this tab.",
            empty_text="No identifiers recorded. Add each real name, date of birth and "
            "address, linked to its subject.",
        )
        self.table.setObjectName("registerTable")
        self.table.changed.connect(self._update_count)
        add_items(QVBoxLayout(self), (banner, note, filter_row, (self.table, 1)))
        self._update_count()

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("subject_id", "Subject", "choice", self.presenter.subject_choices),
            FieldSpec("kind", "Kind", "choice", m.REGISTER_KIND_LABELS, required=True),
            FieldSpec(
                "value",
                "Real identifier",
                required=True,
                help="As it appears in the records. Dates of birth as 03/04/1985 or "
                "3 April 1985 (day first).",
            ),
            FieldSpec(
                "replacement",
                "Replacement",
                help="What published text says instead: the pseudonym, a role "
                "(“the GP”) or a generic description (“a town in the county”).",
            ),
            FieldSpec(
                "variants",
                "Variants",
                "list",
                help="Nicknames, maiden names, misspellings: one per line.",
            ),
            FieldSpec("notes", "Notes", "multiline", in_table=False),
        ]

    # -- data
    def _load_subjects(self) -> None:
        items = self.context.run_op(self.presenter.load_subjects) or []
        chosen = self.subject_filter.currentData()
        self.subject_filter.blockSignals(True)
        self.subject_filter.clear()
        for data, label in items:
            self.subject_filter.addItem(label, data)
        index = self.subject_filter.findData(chosen) if chosen is not None else 0
        self.subject_filter.setCurrentIndex(max(index, 0))
        self.subject_filter.blockSignals(False)

    def _filter_changed(self, _index: int) -> None:
        self.table.refresh()
        self._update_count()

    def _update_count(self) -> None:
        shown = len(self.table.records())
        self.count_label.setText(count_text(shown, len(self.presenter.all_entries)))

    def refresh(self) -> None:
        self._load_subjects()
        self.table.refresh()
        self._update_count()

    def save_pending(self) -> None:
        """Entries are saved when their dialog closes; nothing is ever pending."""
