"""Numbered schema migrations.

Each step runs in one transaction that also sets ``PRAGMA user_version``, so a
step is applied completely or not at all. Never edit a released step: add a new
one, and commit a fixture store for the new version under tests/fixtures/.
"""

from __future__ import annotations

from collections.abc import Callable

Step = str | Callable[[object], None]

_V1 = """
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE audit (
    seq       INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    record    TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TABLE review (
    id          INTEGER PRIMARY KEY,
    reference   TEXT NOT NULL UNIQUE,
    title       TEXT NOT NULL DEFAULT '',
    profile     TEXT NOT NULL DEFAULT 'dhr-2016',
    stage       TEXT NOT NULL DEFAULT 'notification',
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
"""

# version -> SQL script (or callable taking the connection) that brings N-1 to N.
MIGRATIONS: dict[int, Step] = {
    1: _V1,
}

LATEST_VERSION = max(MIGRATIONS)

# Tables whose row counts `dhrdesk info` reports.
COUNTED_TABLES = ["review", "audit"]


def _statements(script: str) -> list[str]:
    """Split a migration script into statements, keeping trigger bodies whole."""
    import sqlcipher3

    statements, buffer = [], ""
    for line in script.splitlines(keepends=True):
        buffer += line
        if sqlcipher3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip():
        statements.append(buffer.strip())
    return statements


def migrate(conn, from_version: int, to_version: int) -> None:  # noqa: ANN001
    """Apply steps from_version+1 .. to_version, each in its own transaction."""
    for version in range(from_version + 1, to_version + 1):
        step = MIGRATIONS[version]
        conn.execute("BEGIN IMMEDIATE")
        try:
            if callable(step):
                step(conn)
            else:
                for statement in _statements(step):
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {int(version)}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
