"""Publication: anonymisation settings, the chair's accepted findings, the publication log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dhrdesk.core import model as m
from dhrdesk.core.errors import ValidationError
from dhrdesk.store.repositories.base import TableRepository, utc_now

if TYPE_CHECKING:
    from dhrdesk.core.anonymise import Finding
    from dhrdesk.store.database import Store


class PublicationRepository:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._settings = TableRepository(
            store, "anonymisation_settings", m.AnonymisationSettings, "anonymisation"
        )
        self._accepted = TableRepository(
            store, "publication_acceptance", m.PublicationAcceptance, "acceptance"
        )

    def settings(self, review_id: int) -> m.AnonymisationSettings:
        return self._settings.one("review_id = ?", (review_id,)) or m.AnonymisationSettings(
            review_id
        )

    def save_settings(self, settings: m.AnonymisationSettings) -> None:
        if settings.date_policy not in m.DATE_POLICIES:
            raise ValidationError(f"'{settings.date_policy}' is not a date policy.")
        exists = self._settings.one("review_id = ?", (settings.review_id,)) is not None
        with self._store.write("anonymisation.settings", f"review:{settings.review_id}") as cur:
            if exists:
                self._settings.update(settings, cur, key=("review_id",))
            else:
                self._settings.insert(settings, cur)

    def acceptances(self, review_id: int) -> dict[str, m.PublicationAcceptance]:
        rows = self._accepted.select("review_id = ?", (review_id,), "id")
        return {a.fingerprint: a for a in rows}

    def accept(self, review_id: int, finding: Finding, reason: str) -> None:
        """The chair accepts a blocking finding, with a reason. The audit log records it
        (the kind of finding and who, never the matched text itself)."""
        if not reason.strip():
            raise ValidationError("Give the reason for accepting this finding: it is audited.")
        acceptance = m.PublicationAcceptance(
            review_id=review_id,
            fingerprint=finding.fingerprint,
            category=finding.category,
            matched=finding.matched,
            reason=reason.strip(),
            accepted_by=self._store.display_name,
            accepted_at=utc_now(),
        )
        with self._store.write(
            "publication.accept", f"review:{review_id}/finding:{finding.category}"
        ) as cur:
            cur.execute(
                "DELETE FROM publication_acceptance WHERE review_id = ? AND fingerprint = ?",
                (review_id, finding.fingerprint),
            )
            self._accepted.insert(acceptance, cur)

    def withdraw(self, review_id: int, fingerprint: str) -> None:
        with self._store.write("publication.withdraw", f"review:{review_id}") as cur:
            cur.execute(
                "DELETE FROM publication_acceptance WHERE review_id = ? AND fingerprint = ?",
                (review_id, fingerprint),
            )

    def log(
        self,
        review_id: int,
        document: str,
        fmt: str,
        filename: str,
        sha256: str,
        draft_version: str,
        result: str,
    ) -> None:
        with self._store.write("publication.write", f"review:{review_id}/{document}.{fmt}") as cur:
            cur.execute(
                "INSERT INTO publication_log(review_id, at, document, format, filename, sha256, "
                "draft_version, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (review_id, utc_now(), document, fmt, filename, sha256, draft_version, result),
            )

    def history(self, review_id: int) -> list[dict]:
        rows = self._store.query(
            "SELECT at, document, format, filename, sha256, draft_version, result "
            "FROM publication_log WHERE review_id = ? ORDER BY id",
            (review_id,),
        )
        return [dict(r) for r in rows]
