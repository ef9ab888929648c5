"""The agency author's workspace presenter: the request, the IMR texts, the rows, the export.

The window (dhrdesk.ui.package_workspace) shows one IMR request in a workspace store
made from a request package. Everything here runs without Qt: the texts about the
request, what each tab starts with, saving everything typed in one write, the
chronology rows, and the response package's file name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dhrdesk.core import model as m
from dhrdesk.core.chronology import parse_partial_iso
from dhrdesk.core.dates import format_date, parse_date_time, parse_time
from dhrdesk.core.errors import ValidationError
from dhrdesk.exchange import package as pkg

ROW_COLUMNS = ("Date", "Time", "Source", "Event or contact", "Action / outcome", "Agency comment")


def row_cells(entry: m.ChronologyEntry) -> tuple[str, ...]:
    """One chronology row as the workspace's table shows it."""
    when = parse_partial_iso(entry.date).display()
    return (when, entry.time, entry.source, entry.event, entry.action, entry.agency_comment)


class RowFieldError(ValidationError):
    """A chronology row refused, naming the field at fault ("date", "time", "source")."""

    def __init__(self, field: str, error: ValidationError) -> None:
        super().__init__(error.message, hint=error.hint)
        self.field = field


def read_row(
    entry: m.ChronologyEntry,
    *,
    date: str,
    time: str,
    source: str,
    event: str,
    action: str,
    comment: str,
    subject_ids: list[int],
) -> m.ChronologyEntry:
    """Check one row as the author typed it and fill ``entry``; RowFieldError (or a
    ValidationError about the whole row) when it cannot be kept."""
    try:
        day, moment = parse_date_time(date)
    except ValidationError as exc:
        raise RowFieldError("date", exc) from None
    if time.strip():
        if day.is_partial:
            raise RowFieldError(
                "time", ValidationError("A time needs a full date (day, month and year).")
            )
        try:
            moment = parse_time(time.strip())
        except ValidationError as exc:
            raise RowFieldError("time", exc) from None
    entry.date = day.iso()
    entry.time = f"{moment.hour:02d}:{moment.minute:02d}" if moment else ""
    entry.source, entry.event = source.strip(), event.strip()
    entry.action, entry.agency_comment = action.strip(), comment.strip()
    entry.subject_ids = list(subject_ids)
    if not entry.source:
        raise RowFieldError(
            "source", ValidationError("Every chronology row needs its source of information.")
        )
    if not (entry.event or entry.action):
        raise ValidationError("Say what happened (the event or contact).")
    return entry


@dataclass(frozen=True)
class SectionText:
    """One IMR section: its key, title, guidance and the text written so far."""

    key: str
    title: str
    guidance: str
    text: str


@dataclass(frozen=True)
class AnalysisText:
    """The analysis of one key line of enquiry: its id, key, numbered label and text."""

    line_id: int
    key: str
    label: str
    text: str


class PackageWorkspacePresenter:
    """The one IMR request of an agency workspace store."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.repo = store.repos.agency_input
        self.details = pkg.workspace_details(store)
        self.agency_id: int = self.details["agency_id"]
        self.review_id: int = self.details["review_id"]

    @property
    def agency_name(self) -> str:
        return self.details["agency_name"]

    def summary_html(self) -> str:
        """What is asked, for which review, from whom, and by when."""
        request = self.details["request"]
        kind = m.REQUEST_TYPE_LABELS.get(request["type"], request["type"])
        text = (
            f"<b>{kind}</b> for review <b>{self.details['reference']}</b> from "
            f"<b>{self.agency_name}</b>."
        )
        asked, due = request.get("requested_on"), request.get("due_on")
        if asked:
            text += f"<br>Requested on {format_date(dt.date.fromisoformat(asked))}."
        if due:
            text += f"<br><b>Due on {format_date(dt.date.fromisoformat(due))}.</b>"
        return text

    def people_text(self) -> str:
        people = ", ".join(
            f"{s['pseudonym']} ({m.SUBJECT_ROLE_LABELS.get(s['role'], s['role'])})"
            for s in self.details["subjects"]
        )
        return people or "none given"

    def subjects(self) -> list[dict[str, Any]]:
        return self.details["subjects"]

    def chronology_guidance(self) -> str:
        return self.details.get("chronology_guidance", "")

    def request(self) -> m.AgencyRequest:
        return self.repo.request(self.agency_id)

    def sections(self) -> list[SectionText]:
        texts = self.repo.imr_sections(self.agency_id)
        return [
            SectionText(s["key"], s["title"], s["guidance"], texts.get(s["key"], ""))
            for s in self.details["imr_sections"]
        ]

    def analysis(self) -> list[AnalysisText]:
        texts = self.repo.imr_analysis(self.agency_id)
        return [
            AnalysisText(
                line["id"], line["key"], f"<b>{n}.</b> {line['text']}", texts.get(line["id"], "")
            )
            for n, line in enumerate(self.details["lines"], 1)
        ]

    # ------------------------------------------------------------------ rows
    def rows(self) -> list[m.ChronologyEntry]:
        return self.repo.entries(self.review_id, self.agency_id)

    def save_row(self, entry: m.ChronologyEntry) -> int:
        return pkg.save_workspace_row(self.store, entry)

    def delete_row(self, entry_id: int) -> bool:
        self.repo.delete_entry(entry_id)
        return True

    # ------------------------------------------------------------------ saving and export
    def save_all(
        self, author: dict[str, Any], sections: dict[str, str], analysis: dict[int, str]
    ) -> bool:
        """Save the author and sign-off fields and every text changed, in one write."""
        request = self.repo.request(self.agency_id)
        for name, value in author.items():
            setattr(request, name, value)
        saved_sections = self.repo.imr_sections(self.agency_id)
        saved_analysis = self.repo.imr_analysis(self.agency_id)
        with self.store.write("workspace.save", f"agency:{self.agency_id}"):
            self.repo.save_request(request)
            for key, text in sections.items():
                if text != saved_sections.get(key, ""):
                    self.repo.save_imr_section(self.agency_id, key, text)
            for line_id, text in analysis.items():
                if text != saved_analysis.get(line_id, ""):
                    self.repo.save_imr_analysis(self.agency_id, line_id, text)
        return True

    @staticmethod
    def saved_text(now: dt.datetime | None = None) -> str:
        moment = now or dt.datetime.now()
        return f"Saved at {moment.hour:02d}:{moment.minute:02d}."

    def export_default(self) -> Path:
        return Path.home() / f"IMR response - {self.agency_name}.dhrpkg"

    @staticmethod
    def export_target(chosen: str | Path) -> Path:
        """The chosen file, with the package suffix added when missing."""
        target = Path(chosen)
        return target if target.suffix == pkg.SUFFIX else target.with_name(target.name + pkg.SUFFIX)

    def export(self, passphrase: str, target: Path) -> Path:
        pkg.export_response(self.store, passphrase, out=target)
        return target

    @staticmethod
    def exported_text(target: Path) -> str:
        return f"Exported to {target.name}. Give the passphrase to the chair by phone."
