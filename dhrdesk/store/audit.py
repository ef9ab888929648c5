"""Append-only, hash-chained audit log.

Each entry records when, who (the store's display name), what kind of change
and which record, never the sensitive text itself. Each entry's hash covers its
fields and the previous entry's hash, so an edited, inserted or deleted entry
breaks the chain and `verify` reports where. Triggers make the table
append-only for the application; the chain catches anyone who bypasses them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

GENESIS = "0" * 64


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    kind: str
    record: str
    prev_hash: str
    hash: str


def entry_hash(prev_hash: str, seq: int, at: str, actor: str, kind: str, record: str) -> str:
    payload = "\x1f".join([prev_hash, str(seq), at, actor, kind, record])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn, actor: str, kind: str, record: str) -> None:  # noqa: ANN001 - sqlcipher connection
    row = conn.execute("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    seq, prev = (row[0] + 1, row[1]) if row else (1, GENESIS)
    at = dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")
    digest = entry_hash(prev, seq, at, actor, kind, record)
    conn.execute(
        "INSERT INTO audit(seq, at, actor, kind, record, prev_hash, hash) VALUES (?,?,?,?,?,?,?)",
        (seq, at, actor, kind, record, prev, digest),
    )


def verify_chain(conn) -> list[str]:  # noqa: ANN001
    """Problems found in the chain (empty when intact)."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    for seq, at, actor, kind, record, prev_hash, digest in conn.execute(
        "SELECT seq, at, actor, kind, record, prev_hash, hash FROM audit ORDER BY seq"
    ):
        if seq != expected_seq:
            problems.append(f"entry {expected_seq} is missing (next entry is {seq})")
        if prev_hash != prev:
            problems.append(f"entry {seq} does not follow the entry before it")
        if entry_hash(prev_hash, seq, at, actor, kind, record) != digest:
            problems.append(f"entry {seq} ({kind}) was altered after it was written")
        prev = digest
        expected_seq = seq + 1
    return problems


def entries(conn, limit: int = 200) -> list[AuditEntry]:  # noqa: ANN001
    rows = conn.execute(
        "SELECT seq, at, actor, kind, record, prev_hash, hash FROM audit ORDER BY seq DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [AuditEntry(*tuple(r)) for r in rows]
