"""Publication: anonymisation settings, the chair's accepted findings, the publication log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
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
        self._signoffs = TableRepository(
            store, "publication_signoff", m.PublicationSignoff, "signoff"
        )

    def settings(self, review_id: int) -> m.AnonymisationSettings:
        return self._settings.one("review_id = ?", (review_id,)) or m.AnonymisationSettings(
            review_id
        )

    def save_settings(self, settings: m.AnonymisationSettings) -> None:
        if settings.date_policy not in m.DATE_POLICIES:
            raise ValidationError(f"'{settings.date_policy}' is not a date policy.")
        self._settings.upsert(
            settings, "anonymisation.settings", f"review:{settings.review_id}", ("review_id",)
        )

    def acceptances(self, review_id: int) -> dict[str, m.PublicationAcceptance]:
        rows = self._accepted.select("review_id = ?", (review_id,), "id")
        return {a.fingerprint: a for a in rows}

    def accept(
        self, review_id: int, finding: Finding, reason: str, *, decision: str = "keep"
    ) -> None:
        """The chair resolves a finding, with a reason: ``keep`` (it stays as written: not
        an identifier, or acceptable) or ``replace`` (it is the registered identifier and
        is replaced in that place). The audit log records the kind of finding and who,
        never the matched text itself."""
        if not reason.strip():
            raise ValidationError(
                "Give the reason for your decision on this finding: it is audited."
            )
        if decision not in ("keep", "replace"):
            raise ValidationError(f"'{decision}' is not a decision: keep or replace.")
        if decision == "replace" and finding.category not in (
            "ambiguous_name",
            "shared_name_part",
            "identifier",
        ):
            raise ValidationError(
                "Only a name the substitution left for you can be replaced in place; for "
                "anything else, add it to the restricted register or fix the text."
            )
        acceptance = m.PublicationAcceptance(
            review_id=review_id,
            fingerprint=finding.fingerprint,
            category=finding.category,
            matched=finding.matched,
            reason=" ".join(reason.split()),
            accepted_by=self._store.display_name,
            accepted_at=utc_now(),
            decision=decision,
            place=finding.where,
            context=finding.context,
        )
        with self._store.write(
            f"publication.{'accept' if decision == 'keep' else 'replace'}",
            f"review:{review_id}/finding:{finding.category}",
        ) as cur:
            cur.execute(
                "DELETE FROM publication_acceptance WHERE review_id = ? AND fingerprint = ?",
                (review_id, finding.fingerprint),
            )
            self._accepted.insert(acceptance, cur)

    # --------------------------------------------------------------- sign-off
    def signoff_digest(self, review_id: int) -> str:
        """A digest of the review's resolutions (fingerprint, decision, reason): what a
        sign-off covers. Any change to them makes an earlier sign-off stale."""
        import hashlib

        rows = sorted(
            f"{a.fingerprint}\x1f{a.decision}\x1f{a.reason}"
            for a in self.acceptances(review_id).values()
        )
        return hashlib.sha256("\x1e".join(rows).encode("utf-8")).hexdigest()

    def sign_off(
        self, review_id: int, name: str, signed_on: dt.date, role: str = ""
    ) -> m.PublicationSignoff:
        """A second person signs off the current resolutions. The person at the keyboard
        (the store's user, who holds the passphrase) cannot sign their own work off."""
        name = " ".join((name or "").split())
        if not name:
            raise ValidationError("Give the name of the person signing off.")
        if _same_person(name, self._store.display_name):
            raise ValidationError(
                f"{name} holds this store's passphrase and resolved the findings; the "
                "sign-off must be given by a second person.",
            )
        resolvers = {a.accepted_by for a in self.acceptances(review_id).values()}
        if any(_same_person(name, r) for r in resolvers if r):
            raise ValidationError(
                f"{name} resolved findings in this review; the sign-off must come from "
                "someone who did not."
            )
        if signed_on > dt.date.today():
            raise ValidationError("The sign-off date cannot be in the future.")
        signoff = m.PublicationSignoff(
            review_id=review_id,
            name=name,
            signed_on=signed_on,
            digest=self.signoff_digest(review_id),
            role=" ".join((role or "").split()),
            recorded_by=self._store.display_name,
            recorded_at=utc_now(),
        )
        with self._store.write("publication.signoff", f"review:{review_id}") as cur:
            self._signoffs.insert(signoff, cur)
        return signoff

    def current_signoff(self, review_id: int) -> m.PublicationSignoff | None:
        """The latest sign-off, if it still covers the current resolutions."""
        rows = self._signoffs.select("review_id = ?", (review_id,), "id")
        if not rows:
            return None
        latest = rows[-1]
        return latest if latest.digest == self.signoff_digest(review_id) else None

    def signoffs(self, review_id: int) -> list[m.PublicationSignoff]:
        return self._signoffs.select("review_id = ?", (review_id,), "id")

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

    def log_files(
        self,
        review_id: int,
        entries: Iterable[tuple[str, str, str, str, str]],
        draft_version: str,
    ) -> None:
        """Log each file of a pack: entries of (document, format, file name, SHA-256,
        result), one log row and one audit entry each, as :meth:`log` does, all in one
        transaction (a pack is logged whole or not at all, like its folder)."""
        entries = list(entries)
        with self._store.write("publication.pack", f"review:{review_id}/{len(entries)} files"):
            for document, fmt, filename, sha256, result in entries:
                self.log(review_id, document, fmt, filename, sha256, draft_version, result)

    def record_submission_pack(self, review_id: int, files: int, justified: int) -> None:
        """The audit entry of a Home Office submission pack written outside the store
        (the files are the chair's; the audit trail says when and how many)."""
        with self._store.write(
            "submission.pack",
            f"review:{review_id}/{files} files/{justified} justified check(s)",
        ):
            pass

    def history(self, review_id: int) -> list[dict]:
        rows = self._store.query(
            "SELECT at, document, format, filename, sha256, draft_version, result "
            "FROM publication_log WHERE review_id = ? ORDER BY id",
            (review_id,),
        )
        return [dict(r) for r in rows]


def _same_person(a: str, b: str) -> bool:
    from dhrdesk.core.textforms import fold

    return fold(a).replace(".", "") == fold(b).replace(".", "")
