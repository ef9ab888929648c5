"""Action-plan monitoring in the store: every action of every review, and their updates.

Why a repository of its own: an update from a lead agency changes three things that
must never disagree, the update itself, its evidence file (kept encrypted as an
attachment) and the action's status and completion date. They are written in ONE
transaction (nested ``store.write`` calls join the outer one), so a failure leaves
none of them behind.

Two small things live in the ``meta`` key/value table (no schema change):

* ``monitoring_secret``: 32 random bytes (hex), made on first use; the HMAC key of
  the action update sheets and of the anonymous review ids of the aggregate export.
  It never leaves the encrypted store.
* ``update_sheet:<sheet id>``: the receipt of an imported update sheet (when, which
  agency, how many updates), so the same sheet is never applied twice.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core import validation
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.core.ids import id_of
from dhrdesk.core.monitoring import CLOSED_STATUSES, MonitoredAction, agency_key
from dhrdesk.store.repositories.base import from_row, utc_now

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

SECRET_KEY = "monitoring_secret"
SHEET_PREFIX = "update_sheet:"


@dataclass
class Evidence:
    """A file offered as evidence of an update: kept encrypted in the store."""

    filename: str
    content: bytes


@dataclass
class UpdateRequest:
    """One update to record: what a person typed or a sheet row said."""

    action_id: int
    date: dt.date
    text: str
    status: str
    evidence: Evidence | None = None


class MonitoringRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    # ---------------------------------------------------------------------- reads
    def actions(self) -> list[MonitoredAction]:
        """Every action of every review with its latest update and evidence file names."""
        rows = self._store.query(
            "SELECT a.id AS action_id, a.text, a.lead_agency, a.target_date, a.completed_on, "
            "a.status, r.id AS recommendation_id, r.number, r.text AS rec_text, r.themes, "
            "v.id AS review_id, v.reference "
            "FROM action a JOIN recommendation r ON r.id = a.recommendation_id "
            "JOIN review v ON v.id = r.review_id "
            "ORDER BY v.reference, r.number, a.sort, a.id"
        )
        updates: dict[int, list[m.ActionUpdate]] = {}
        for row in self._store.query("SELECT * FROM action_update ORDER BY date, id"):
            update = from_row(m.ActionUpdate, row)
            updates.setdefault(update.action_id, []).append(update)
        evidence: dict[int, list[str]] = {}
        for row in self._store.query(
            "SELECT u.action_id, t.filename FROM action_update u "
            "JOIN attachment t ON t.id = u.evidence_attachment_id ORDER BY u.date, u.id"
        ):
            evidence.setdefault(row["action_id"], []).append(row["filename"])
        found: list[MonitoredAction] = []
        for row in rows:
            history = updates.get(row["action_id"], [])
            completed_on = _date(row["completed_on"])
            closed_on = completed_on
            if closed_on is None and row["status"] in CLOSED_STATUSES:
                closing = [u for u in history if u.status == row["status"]]
                closed_on = closing[-1].date if closing else None
            try:
                themes = tuple(json.loads(row["themes"] or "[]"))
            except ValueError:
                themes = ()
            found.append(
                MonitoredAction(
                    action_id=row["action_id"],
                    review_id=row["review_id"],
                    reference=row["reference"],
                    recommendation_id=row["recommendation_id"],
                    recommendation_number=row["number"],
                    recommendation_text=row["rec_text"],
                    text=row["text"],
                    lead_agency=row["lead_agency"] or "",
                    target_date=_date(row["target_date"]),
                    completed_on=completed_on,
                    status=row["status"],
                    themes=themes,
                    latest_update=history[-1] if history else None,
                    evidence=tuple(evidence.get(row["action_id"], ())),
                    closed_on=closed_on,
                )
            )
        return found

    def action(self, action_id: int) -> MonitoredAction:
        for action in self.actions():
            if action.action_id == action_id:
                return action
        raise NotFoundError("That action no longer exists.")

    def updates(self, action_id: int) -> list[m.ActionUpdate]:
        return self._store.repos.records.list(m.ActionUpdate, action_id)

    def lead_agencies(self) -> list[str]:
        """Every lead agency named on an action, by name: one spelling each (the most
        used one; capitalised spellings win a tie)."""
        spellings: dict[str, Counter[str]] = {}
        for row in self._store.query("SELECT lead_agency, COUNT(*) FROM action GROUP BY 1"):
            name = " ".join((row[0] or "").split())
            if name:
                spellings.setdefault(agency_key(name), Counter())[name] += row[1]
        names = [
            max(counter.items(), key=lambda item: (item[1], item[0] != item[0].lower(), item[0]))[0]
            for counter in spellings.values()
        ]
        return sorted(names, key=str.casefold)

    # ------------------------------------------------------------------- updates
    def _check(self, request: UpdateRequest, today: dt.date | None) -> None:
        update = m.ActionUpdate(request.action_id, request.date, request.text, request.status)
        validation.check_record(update, today)
        if request.evidence is not None and not request.evidence.content:
            raise ValidationError(f"The evidence file {request.evidence.filename} is empty.")

    def _apply(self, request: UpdateRequest, source: str) -> m.ActionUpdate:
        """Inside an open write: evidence, the update, then the action's new status."""
        records = self._store.repos.records
        action = records.get(m.Action, request.action_id)
        recommendation = records.get(m.Recommendation, action.recommendation_id)
        attachment_id = None
        if request.evidence is not None:
            attachment = self._store.repos.agency_input.add_attachment(
                recommendation.review_id,
                request.evidence.filename,
                request.evidence.content,
                "evidence",
                note=f"Evidence for action {action.id}",
            )
            attachment_id = attachment.id
        update = m.ActionUpdate(
            action_id=id_of(action),
            date=request.date,
            text=request.text.strip(),
            status=request.status,
            evidence_attachment_id=attachment_id,
            source=source,
            recorded_by=self._store.display_name,
            recorded_at=utc_now(),
        )
        records.save(update, now=max(request.date, dt.date.today()))
        completed_on = action.completed_on
        if request.status not in CLOSED_STATUSES:
            completed_on = None
        elif action.status != request.status or completed_on is None:
            completed_on = request.date
        if (action.status, action.completed_on) != (request.status, completed_on):
            action.status = request.status
            action.completed_on = completed_on
            records.save(action, now=max(request.date, dt.date.today()))
        # The recommendation follows its actions (all done -> completed, and so on).
        from dhrdesk.core.monitoring import recommendation_status

        status = recommendation_status(
            [a.status for a in records.list(m.Action, id_of(recommendation))]
        )
        if status is not None and status != recommendation.status:
            recommendation.status = status
            records.save(recommendation)
        return update

    def record_update(
        self,
        action_id: int,
        date: dt.date,
        text: str,
        status: str,
        *,
        evidence: Evidence | None = None,
        today: dt.date | None = None,
    ) -> m.ActionUpdate:
        """Record one update from the GUI; the action takes its status (and completion
        date when it is completed or closed), all in one transaction."""
        request = UpdateRequest(action_id, date, text, status, evidence)
        self._check(request, today)
        with self._store.write("action_update.record", f"action:{action_id}"):
            return self._apply(request, "gui")

    def record_sheet(
        self,
        sheet_id: str,
        agency: str,
        requests: list[UpdateRequest],
        *,
        today: dt.date | None = None,
    ) -> list[m.ActionUpdate]:
        """Apply every update of one imported sheet in ONE transaction and keep its receipt
        (a sheet already imported is refused: it would record every update twice)."""
        for request in requests:
            self._check(request, today)
        if self.sheet_receipt(sheet_id) is not None:
            raise ValidationError("This update sheet has already been imported.")
        receipt = {"agency": agency, "imported_at": utc_now(), "updates": len(requests)}
        with self._store.write("update_sheet.import", f"sheet:{sheet_id}") as cur:
            done = [self._apply(request, "sheet") for request in requests]
            cur.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?)",
                (SHEET_PREFIX + sheet_id, json.dumps(receipt, sort_keys=True)),
            )
        return done

    def sheet_receipt(self, sheet_id: str) -> dict[str, Any] | None:
        row = self._store.query_one(
            "SELECT value FROM meta WHERE key = ?", (SHEET_PREFIX + sheet_id,)
        )
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    # -------------------------------------------------------------------- secret
    def secret(self) -> bytes:
        """The store's monitoring HMAC key (made and saved on first use)."""
        row = self._store.query_one("SELECT value FROM meta WHERE key = ?", (SECRET_KEY,))
        if row is not None:
            return bytes.fromhex(row[0])
        value = secrets.token_bytes(32)
        with self._store.write("monitoring.secret", "meta:monitoring_secret") as cur:
            cur.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO NOTHING",
                (SECRET_KEY, value.hex()),
            )
        row = self._store.query_one("SELECT value FROM meta WHERE key = ?", (SECRET_KEY,))
        return bytes.fromhex(row[0])

    def register_items(self) -> list[tuple[int, m.RegisterEntry]]:
        """Every register entry of every review (for the aggregate export's own scan)."""
        rows = self._store.query("SELECT * FROM register_entry ORDER BY review_id, id")
        return [(row["review_id"], from_row(m.RegisterEntry, row)) for row in rows]

    def reviews(self) -> list[m.Review]:
        rows = self._store.query("SELECT * FROM review ORDER BY id")
        return [from_row(m.Review, row) for row in rows]


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
