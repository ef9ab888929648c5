"""Stage dates, stage completion and the versioned terms of reference."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import TYPE_CHECKING, Any

from dhrdesk.core import model as m
from dhrdesk.core.errors import NotFoundError, ValidationError
from dhrdesk.store.repositories.base import TableRepository, utc_now

if TYPE_CHECKING:
    from dhrdesk.core.profiles import Profile
    from dhrdesk.store.database import Store


class LifecycleRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._stages = TableRepository(store, "stage_record", m.StageDates, "stage")
        self._tor = TableRepository(store, "terms_of_reference", m.TermsOfReference, "tor")
        self._versions = TableRepository(store, "tor_version", m.TorVersion, "tor_version")

    # ------------------------------------------------------------------ stages
    def stages(self, review_id: int) -> list[m.StageDates]:
        return self._stages.select("review_id = ?", (review_id,), "stage_id")

    def _profile(self, review_id: int) -> tuple[m.Review, Profile]:
        from dhrdesk.core.profiles import get_profile

        review = self._store.repos.reviews.by_id(review_id)
        return review, get_profile(review.profile)

    def _check(self, review_id: int, changed: m.StageDates, today: dt.date) -> None:
        from dhrdesk.core.lifecycle import validate_stage_dates

        review, profile = self._profile(review_id)
        if not profile.has_stage(changed.stage_id):
            raise ValidationError(
                f"'{changed.stage_id}' is not a stage of the {profile.name} profile."
            )
        records = {s.stage_id: s for s in self.stages(review_id)}
        before = {str(p) for p in validate_stage_dates(profile, records.values(), today)}
        records[changed.stage_id] = changed
        problems = [
            p
            for p in validate_stage_dates(profile, records.values(), today)
            if str(p) not in before
        ]
        if problems:
            raise ValidationError(" ".join(str(p) for p in problems))

    def set_stage_dates(
        self,
        review_id: int,
        stage_id: str,
        started: dt.date | None,
        completed: dt.date | None,
        *,
        notes: str | None = None,
        today: dt.date | None = None,
    ) -> None:
        """Record or correct the dates of one stage; the review's stage follows."""
        today = today or dt.date.today()
        existing = self._stages.one("review_id = ? AND stage_id = ?", (review_id, stage_id))
        record = existing or m.StageDates(review_id=review_id, stage_id=stage_id)
        record = dataclasses.replace(record, started=started, completed=completed)
        if notes is not None:
            record.notes = notes
        if completed is not None and (existing is None or existing.completed != completed):
            record.completed_by = self._store.display_name
            record.recorded_at = utc_now()
        if completed is None:
            record.completed_by = None
        self._check(review_id, record, today)
        kind = (
            "stage.complete"
            if completed and not (existing and existing.completed)
            else "stage.update"
        )
        with self._store.write(kind, f"review:{review_id}/stage:{stage_id}") as cur:
            if existing is None:
                self._stages.insert(record, cur)
            else:
                self._stages.update(record, cur, key=("review_id", "stage_id"))
            self._sync_stage(review_id, cur)

    def complete_stage(
        self, review_id: int, stage_id: str, on: dt.date, *, today: dt.date | None = None
    ) -> str:
        """Mark a stage done on a date (recording who and when); returns the new current stage."""
        existing = self._stages.one("review_id = ? AND stage_id = ?", (review_id, stage_id))
        started = existing.started if existing else None
        self.set_stage_dates(review_id, stage_id, started, on, today=today)
        return self._store.repos.reviews.by_id(review_id).stage

    def _sync_stage(self, review_id: int, cur: Any) -> None:
        """Set the review's current stage from its stage dates (inside the write)."""
        from dhrdesk.core.lifecycle import current_stage

        _, profile = self._profile(review_id)
        stage = current_stage(profile, self.stages(review_id))
        cur.execute(
            "UPDATE review SET stage = ?, updated_at = ? WHERE id = ?",
            (stage.id if stage else "closed", utc_now(), review_id),
        )

    # ------------------------------------------------------- terms of reference
    def terms(self, review_id: int) -> m.TermsOfReference:
        return self._tor.one("review_id = ?", (review_id,)) or m.TermsOfReference(
            review_id=review_id
        )

    def save_terms(self, tor: m.TermsOfReference) -> None:
        if tor.period_start and tor.period_end and tor.period_end < tor.period_start:
            raise ValidationError("The review period cannot end before it starts.")
        if (tor.period_start or tor.period_end) and not tor.period_rationale.strip():
            raise ValidationError(
                "Give the rationale for the review period: the Home Office panel expects it."
            )
        self._tor.upsert(tor, "tor.update", f"review:{tor.review_id}", ("review_id",))

    def snapshot(self, review_id: int) -> dict:
        """The terms of reference as agreed: period, subjects, agencies, lines of enquiry."""
        records = self._store.repos.records
        tor = self.terms(review_id)
        return {
            "period_start": tor.period_start.isoformat() if tor.period_start else None,
            "period_end": tor.period_end.isoformat() if tor.period_end else None,
            "period_rationale": tor.period_rationale,
            "sections": dict(sorted(tor.sections.items())),
            "subjects": [
                {"role": s.role, "pseudonym": s.pseudonym}
                for s in records.list(m.Subject, review_id)
            ],
            "agencies": [
                {"name": a.name, "in_scope": a.in_scope, "exclusion_reason": a.exclusion_reason}
                for a in records.list(m.Agency, review_id)
            ],
            "lines_of_enquiry": [
                {"theme_id": line.theme_id, "text": line.text}
                for line in records.list(m.LineOfEnquiry, review_id)
            ],
        }

    def versions(self, review_id: int) -> list[m.TorVersion]:
        return self._versions.select("review_id = ?", (review_id,), "number")

    def agree_terms(self, review_id: int, agreed_on: dt.date, note: str = "") -> int:
        """Freeze the current terms of reference as the next numbered version."""
        if agreed_on > dt.date.today():
            raise ValidationError("The date the panel agreed the terms cannot be in the future.")
        snapshot = self.snapshot(review_id)
        if not snapshot["lines_of_enquiry"]:
            raise ValidationError("Add at least one key line of enquiry before agreeing the terms.")
        number = len(self.versions(review_id)) + 1
        version = m.TorVersion(
            review_id=review_id, number=number, agreed_on=agreed_on, snapshot=snapshot, note=note
        )
        with self._store.write("tor.agree", f"review:{review_id}/tor:v{number}") as cur:
            self._versions.insert(version, cur)
        return number

    def version(self, review_id: int, number: int) -> m.TorVersion:
        found = self._versions.one("review_id = ? AND number = ?", (review_id, number))
        if found is None:
            raise NotFoundError(f"There is no agreed version {number} of the terms of reference.")
        return found
