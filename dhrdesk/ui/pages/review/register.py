"""The RESTRICTED identity register: real identifiers and what replaces them.

This is the only tab that shows real names, dates of birth, addresses and the
like. Each entry links a real identifier (with its variants: nicknames, maiden
names, misspellings) to its replacement in published text, so the
anonymisation check can later search every exported file for it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from dhrdesk.core import model as m
from dhrdesk.core.anonymise import PERSON_KINDS, REMOVE, default_replacement
from dhrdesk.core.dates import format_date, parse_date
from dhrdesk.ui.forms import FieldSpec, RecordDialog, RecordTable
from dhrdesk.ui.pages.base import PageContext, ReviewTab
from dhrdesk.ui.presenters.subjects import subject_label

RESTRICTED_TEXT = (
    "RESTRICTED — real identities. Never shown elsewhere; used to check every published file."
)
RESTRICTED_STYLE = (
    "QLabel { background: #b3261e; color: white; font-weight: bold; font-size: 110%;"
    " padding: 10px 14px; border-radius: 3px; }"
)
NO_SUBJECT = "— none (professional, place, organisation) —"
ALL = "all"
UNLINKED = "unlinked"


def dob_variants(value: str) -> list[str]:
    """Other ways a date of birth is written ('3 April 1985', '03/04/1985').

    The anonymisation check searches for every spelling, so a date typed one way
    must still be found when an agency wrote it another way.
    """
    born = parse_date(value)
    return [format_date(born), f"{born:%d/%m/%Y}", f"{born.day}/{born.month}/{born.year}"]


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
            names = self._pseudonyms()
            current = replacement.text().strip()
            # A person's pseudonym is the replacement of a person's name only: a date of
            # birth, an address or a number reads wrongly as "Adult B" (issue 10).
            if kind.currentData() not in PERSON_KINDS:
                if current in names.values():
                    replacement.setText("")
                replacement.setPlaceholderText(
                    default_replacement(kind.currentData(), "").replace(REMOVE, "(removed)")
                    or "(month and year)"
                )
                return
            replacement.setPlaceholderText("")
            # Only replace an empty replacement or one that was another subject's pseudonym.
            if not current or current in names.values():
                replacement.setText(names.get(subject.currentData(), current))

        subject.currentIndexChanged.connect(follow)
        kind.currentIndexChanged.connect(follow)
        if obj.id is None and not obj.replacement:
            follow(subject.currentIndex())
        return dialog


class RegisterTab(ReviewTab):
    """Real identifiers of the subjects and others named in the records (restricted)."""

    def __init__(self, context: PageContext, review_id: int, parent: QWidget | None = None) -> None:
        super().__init__(context, review_id, parent)
        self.setObjectName("registerTab")
        self._subjects: list[m.Subject] = []
        self._all_entries: list[m.RegisterEntry] = []

        banner = QLabel(RESTRICTED_TEXT)
        banner.setObjectName("restrictedBanner")
        banner.setStyleSheet(RESTRICTED_STYLE)
        banner.setWordWrap(True)
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
            context,
            self.specs(),
            load=self._load,
            factory=self._new_entry,
            noun="identifier",
            save=self._save,
            pseudonyms=lambda: {s.id: s.pseudonym for s in self._subjects},
            dialog_intro="Restricted: this entry is shown only on this tab.",
            empty_text="No identifiers recorded. Add each real name, date of birth and "
            "address, linked to its subject.",
        )
        self.table.setObjectName("registerTable")
        self.table.changed.connect(self._update_count)
        layout = QVBoxLayout(self)
        layout.addWidget(banner)
        layout.addWidget(note)
        layout.addLayout(filter_row)
        layout.addWidget(self.table, 1)
        self._update_count()

    def specs(self) -> list[FieldSpec]:
        return [
            FieldSpec("subject_id", "Subject", "choice", self._subject_choices),
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
        found = self.context.run_op(
            lambda: self.context.store.repos.records.list(m.Subject, self.review_id)
        )
        self._subjects = list(found or [])
        chosen = self.subject_filter.currentData()
        self.subject_filter.blockSignals(True)
        self.subject_filter.clear()
        self.subject_filter.addItem("All subjects and others", ALL)
        for subject in self._subjects:
            self.subject_filter.addItem(subject_label(subject), subject.id)
        self.subject_filter.addItem("Not linked to a subject (professionals, places)", UNLINKED)
        index = self.subject_filter.findData(chosen) if chosen is not None else 0
        self.subject_filter.setCurrentIndex(max(index, 0))
        self.subject_filter.blockSignals(False)

    def _subject_choices(self) -> dict[Any, str]:
        return {None: NO_SUBJECT, **{s.id: subject_label(s) for s in self._subjects}}

    def _load(self) -> list[m.RegisterEntry]:
        entries = self.context.store.repos.records.list(m.RegisterEntry, self.review_id)
        self._all_entries = entries
        order = {s.id: i for i, s in enumerate(self._subjects)}
        kinds = {k: i for i, k in enumerate(m.REGISTER_KINDS)}
        entries.sort(
            key=lambda e: (order.get(e.subject_id, len(order)), kinds.get(e.kind, 99), e.id or 0)
        )
        chosen = self.subject_filter.currentData()
        if chosen == UNLINKED:
            return [e for e in entries if e.subject_id is None]
        if chosen not in (None, ALL):
            return [e for e in entries if e.subject_id == chosen]
        return entries

    def _new_entry(self) -> m.RegisterEntry:
        chosen = self.subject_filter.currentData()
        subject_id = chosen if isinstance(chosen, int) else None
        kind = "full_name" if subject_id is not None else "professional"
        return m.RegisterEntry(review_id=self.review_id, kind=kind, value="", subject_id=subject_id)

    def _save(self, entry: m.RegisterEntry) -> int:
        """Fill the replacement from the subject and add the other spellings of a birth date."""
        if (
            not entry.replacement.strip()
            and entry.subject_id is not None
            and entry.kind in PERSON_KINDS
        ):
            entry.replacement = {s.id: s.pseudonym for s in self._subjects}.get(
                entry.subject_id, ""
            )
        if entry.kind == "date_of_birth":
            for spelling in dob_variants(entry.value):  # raises the British-date message
                if spelling != entry.value.strip() and spelling not in entry.variants:
                    entry.variants = [*entry.variants, spelling]
        return self.context.store.repos.records.save(entry)

    def _filter_changed(self, _index: int) -> None:
        self.table.refresh()
        self._update_count()

    def _update_count(self) -> None:
        shown = len(self.table.records())
        total = len(self._all_entries)
        self.count_label.setText(
            f"{total} identifier{'s' if total != 1 else ''}"
            + (f" ({shown} shown)" if shown != total else "")
        )

    def refresh(self) -> None:
        self._load_subjects()
        self.table.refresh()
        self._update_count()

    def save_pending(self) -> None:
        """Entries are saved when their dialog closes; nothing is ever pending."""
