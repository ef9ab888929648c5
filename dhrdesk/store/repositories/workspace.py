"""Store-side records of the agency package exchange (docs/packages.md).

Two small things live in the ``meta`` key/value table, so the exchange needs no
schema change:

* on the chair's store, per request package sent: the SHA-256 of its random
  review token, the review and the agency (``package_request:<package id>``), so a
  response can be matched to exactly that request;
* on an agency workspace (a store created from a request package): the marker and
  the request it answers (``agency_workspace``), as JSON.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from dhrdesk.core.errors import ValidationError

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

WORKSPACE_KEY = "agency_workspace"
REQUEST_PREFIX = "package_request:"


class WorkspaceRepository:
    def __init__(self, store: Store) -> None:
        self._store = store

    def _get(self, key: str) -> dict[str, Any] | None:
        row = self._store.query_one("SELECT value FROM meta WHERE key = ?", (key,))
        if row is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def _set(self, key: str, value: dict[str, Any], kind: str, record: str) -> None:
        with self._store.write(kind, record) as cur:
            cur.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, json.dumps(value, sort_keys=True)),
            )

    # ------------------------------------------------------------- chair side
    def remember_request(
        self, package_id: str, review_id: int, agency_id: int, token_sha256: str
    ) -> None:
        """Keep what a response must prove (called inside the export's write)."""
        self._set(
            REQUEST_PREFIX + package_id,
            {"review_id": review_id, "agency_id": agency_id, "token_sha256": token_sha256},
            "package.request_token",
            f"review:{review_id}",
        )

    def sent_request(self, package_id: str) -> dict[str, Any] | None:
        """The request package this store sent with that id (review_id, agency_id, token)."""
        return self._get(REQUEST_PREFIX + package_id)

    def receipt(self, package_id: str) -> dict[str, Any] | None:
        """The receipt of a package (direction, when, review) or None: replay detection."""
        row = self._store.query_one(
            "SELECT package_id, review_id, agency_id, direction, at, sha256 "
            "FROM package_receipt WHERE package_id = ?",
            (package_id,),
        )
        if row is None:
            return None
        keys = ("package_id", "review_id", "agency_id", "direction", "at", "sha256")
        return dict(zip(keys, tuple(row), strict=True))

    # ------------------------------------------------------------ agency side
    def mark_workspace(self, details: dict[str, Any]) -> None:
        """Mark this store as an agency workspace answering one request."""
        if not isinstance(details, dict):
            raise ValidationError("The workspace details must be a set of named values.")
        self._set(WORKSPACE_KEY, details, "workspace.create", "store")

    def workspace(self) -> dict[str, Any] | None:
        """The request this workspace answers, or None for an ordinary store."""
        return self._get(WORKSPACE_KEY)

    @property
    def is_workspace(self) -> bool:
        return self.workspace() is not None
