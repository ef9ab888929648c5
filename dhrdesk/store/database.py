"""Opening, creating and guarding the SQLCipher store.

A store is one SQLCipher 4 file (AES-256, per-page HMAC-SHA512,
PBKDF2-HMAC-SHA512 with 256,000 iterations: the library defaults, never
lowered). Every change goes through :meth:`Store.write`, which runs the change
in one transaction and appends a hash-chained audit entry in the same
transaction, so there is exactly one write path.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import os
import threading
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3
from sqlcipher3 import dbapi2 as sqlite

from dhrdesk import __version__
from dhrdesk.core.errors import (
    CorruptStoreError,
    DhrDeskError,
    InputFileError,
    NewerStoreError,
    NotAStoreError,
    PlainSqliteError,
    StoreExistsError,
    StoreNotFoundError,
    StoreOpenError,
    StoreWriteError,
    WrongPassphraseError,
)
from dhrdesk.core.files import fsync_dir
from dhrdesk.core.passphrase import check_passphrase
from dhrdesk.store import anchors, audit, leftovers, migrations
from dhrdesk.store.changes import ChangeFeed, PendingChanges
from dhrdesk.store.stamps import utc_now

SCHEMA_VERSION = migrations.LATEST_VERSION
APPLICATION_ID = 0x44485244  # "DHRD"
PAGE_SIZE = 4096
KDF_ITERATIONS = 256_000
SQLITE_HEADER = b"SQLite format 3\x00"


def _quote(text: str) -> str:
    """Quote a passphrase for PRAGMA key/rekey (which cannot take bound parameters)."""
    if "\x00" in text:
        raise DhrDeskError("A passphrase cannot contain a NUL character.")
    return "'" + text.replace("'", "''") + "'"


def _raw_connect(path: Path, passphrase: str, *, create: bool) -> sqlite.Connection:
    """Connect and key, with SQLCipher's own logging silenced (it writes to stderr)."""
    mode = "rwc" if create else "rw"
    uri = f"file:{path.as_posix()}?mode={mode}"
    conn = sqlcipher3.connect(uri, uri=True, check_same_thread=False, isolation_level=None)
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f"PRAGMA key = {_quote(passphrase)}")
    return conn


def _page1_authenticates(path: Path, passphrase: str) -> bool:
    """Check the HMAC of page 1 in Python, to tell a wrong passphrase from damage.

    SQLCipher 4 page 1: 16-byte salt, ciphertext, then 80 reserved bytes (16-byte IV
    and 64-byte HMAC-SHA512 over ciphertext+IV+little-endian page number). The
    HMAC key is PBKDF2-HMAC-SHA512(key, salt ^ 0x3a, 2 iterations).
    """
    with open(path, "rb") as handle:
        page = handle.read(PAGE_SIZE)
    if len(page) < PAGE_SIZE:
        return False
    salt = page[:16]
    key = hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ITERATIONS, 32)
    hmac_salt = bytes(b ^ 0x3A for b in salt)
    hmac_key = hashlib.pbkdf2_hmac("sha512", key, hmac_salt, 2, 32)
    mac = hmac.new(hmac_key, page[16 : PAGE_SIZE - 64] + (1).to_bytes(4, "little"), "sha512")
    return hmac.compare_digest(mac.digest(), page[PAGE_SIZE - 64 :])


def _diagnose_unreadable(path: Path, passphrase: str) -> StoreOpenError:
    size = path.stat().st_size
    if size == 0:
        return NotAStoreError(
            f"'{path.name}' is an empty file, not a DHR Desk store.",
            hint="Choose the store file you created, or create a new store.",
        )
    with open(path, "rb") as handle:
        head = handle.read(16)
    if head == SQLITE_HEADER:
        return PlainSqliteError(
            f"'{path.name}' is an unencrypted SQLite database, not a DHR Desk store.",
            hint="DHR Desk stores are always encrypted. Choose your .dhrdesk store file.",
        )
    if _page1_authenticates(path, passphrase):
        if size % PAGE_SIZE:
            return CorruptStoreError(
                f"The store '{path.name}' is truncated: the passphrase is right, but the "
                "file ends part-way through a page.",
                hint="Restore it from your most recent encrypted backup (File > Restore).",
            )
        return CorruptStoreError(
            f"The store '{path.name}' is damaged: the passphrase is right, but some of its "
            "pages fail their integrity check.",
            hint="Restore it from your most recent encrypted backup (File > Restore).",
        )
    if size < PAGE_SIZE or size % PAGE_SIZE:
        return NotAStoreError(
            f"'{path.name}' is not a DHR Desk store (its size does not match an encrypted "
            "store), or it is badly damaged.",
            hint="Choose the .dhrdesk store file you created, or restore from a backup.",
        )
    return WrongPassphraseError()


# What SQLite's message says -> the error a user reads: (words in the message, error,
# why the action failed, hint). The first match wins.
_SQLITE_FAILURES: tuple[tuple[tuple[str, ...], type[DhrDeskError], str, str], ...] = (
    (("full",), StoreWriteError, "the disk is full", "Free some disk space and try again."),
    (("readonly", "read-only"), StoreWriteError, "the store is on a read-only disk", ""),
    (
        ("malformed", "not a database"),
        CorruptStoreError,
        "the store is damaged",
        "Run 'dhrdesk verify' and restore from a backup if needed.",
    ),
    (
        ("locked", "busy"),
        StoreWriteError,
        "the store is in use by another DHR Desk window or command",
        "Close the other window and try again.",
    ),
)


def _classify_sqlite_error(exc: Exception, action: str) -> DhrDeskError:
    text = str(exc).lower()
    for words, error, why, hint in _SQLITE_FAILURES:
        if any(word in text for word in words):
            return error(f"{action} failed because {why}. Nothing was changed.", hint=hint)
    return StoreWriteError(f"{action} failed: {exc}. Nothing was changed.")


# A store up to this size is checked page by page (quick_check) every time it is
# opened: about 30 ms. A larger one is checked at open only when the last session did
# not close it cleanly (its write-ahead log is still there); otherwise SQLCipher's
# per-page HMAC still refuses any damaged page the moment it is read (a clear
# "the store is damaged" message, see _damage_is_an_error), and `dhrdesk verify`
# (File > Verify store) checks every page. This keeps unlocking a large store as
# fast as opening the database at all (benchmarks/floor.py, issue 15).
FULL_CHECK_BELOW = 16 * 2**20


def _needs_check_at_open(path: Path) -> bool:
    wal = path.with_name(path.name + "-wal")
    unclean = wal.exists() and wal.stat().st_size > 0
    return unclean or path.stat().st_size < FULL_CHECK_BELOW


@contextlib.contextmanager
def _damage_is_an_error() -> Iterator[None]:
    """A damaged page met while reading becomes CorruptStoreError, never a traceback."""
    try:
        yield
    except sqlite.DatabaseError as exc:
        text = str(exc).lower()
        # SQLCipher raises the plain DatabaseError (not one of its subclasses such as
        # OperationalError for a bad query) for a page it cannot read.
        damaged = type(exc) is sqlite.DatabaseError
        if damaged or "malformed" in text or "not a database" in text or "hmac" in text:
            raise CorruptStoreError(
                "The store is damaged: a part of it could not be read. Nothing was changed.",
                hint="Run File > Verify store (dhrdesk verify), and restore from your most "
                "recent encrypted backup if it fails.",
            ) from None
        raise


@dataclass
class VerifyReport:
    """Result of `verify`: each check with its findings (empty list = passed)."""

    checks: dict[str, list[str]] = field(default_factory=dict)
    # Things a chair should know that are not failures (baseline recorded, older copy).
    notes: list[str] = field(default_factory=list)
    # The audit chain's head after the check: (entry number, hash).
    head: tuple[int, str] | None = None

    @property
    def ok(self) -> bool:
        return all(not problems for problems in self.checks.values())

    def lines(self) -> list[str]:
        out = []
        for name, problems in self.checks.items():
            if problems:
                out.append(f"FAIL  {name}")
                out.extend(f"      - {p}" for p in problems[:50])
                if len(problems) > 50:
                    out.append(f"      ... and {len(problems) - 50} more")
            else:
                out.append(f"ok    {name}")
        out.extend(f"note  {n}" for n in self.notes)
        if self.head is not None:
            out.append(f"Audit chain head: entry {self.head[0]}, hash {self.head[1]}")
        out.append("The store passed every check." if self.ok else "The store FAILED verification.")
        return out


def remove_store_files(path: str | Path, *, main: bool = True) -> None:
    """Delete a store's write-ahead log and shared memory, and (``main``) the store itself:
    a store whose creation failed, or the log of one about to be replaced."""
    for suffix in ("", "-wal", "-shm") if main else ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


class Store:
    """An open, unlocked store. Use :meth:`create` or :meth:`open`; close when done."""

    def __init__(self, path: Path, conn: sqlite.Connection) -> None:
        self.path = path
        self._conn: sqlite.Connection | None = conn
        self._lock = threading.RLock()
        self._in_write = False
        self._wrote = False  # a change this session: the head is anchored in the settings at close
        self._specs: dict[str, audit.TableSpec] | None = None
        self.last_saved: dt.datetime | None = None
        # What committed writes changed, for the screens (store/changes.py).
        self.changes = ChangeFeed()
        self._pending: PendingChanges | None = None
        self.display_name = self._meta("display_name") or "unknown user"
        if self.schema_version >= audit.TRACKING_VERSION:
            self._enable_tracking()
        from dhrdesk.store.repositories import Repositories

        self.repos = Repositories(self)

    # ----------------------------------------------------------------- opening
    @classmethod
    def create(cls, path: str | Path, passphrase: str, display_name: str) -> Store:
        """Create a new store. Refuses weak passphrases and existing files."""
        path = Path(path).expanduser()
        check_passphrase(passphrase)
        display_name = display_name.strip()
        if not display_name:
            raise DhrDeskError("Give a display name: it is recorded in the audit log.")
        if path.exists():
            raise StoreExistsError(
                f"A file already exists at {path}.",
                hint="Open it instead, or choose another name.",
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        old_umask = os.umask(0o077)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            os.close(fd)
            conn = _raw_connect(path, passphrase, create=True)
            try:
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                _apply_pragmas(conn)
                migrations.migrate(conn, 0, SCHEMA_VERSION)
                specs = audit.table_specs(conn)
                audit.install_tracking(conn, specs)
                conn.execute("BEGIN IMMEDIATE")
                for key, value in {
                    "store_id": str(uuid.uuid4()),
                    "created_at": utc_now(),
                    "created_by_version": __version__,
                    "display_name": display_name,
                }.items():
                    conn.execute("INSERT INTO meta(key, value) VALUES (?, ?)", (key, value))
                audit.append(conn, display_name, "store.create", "store", specs)
                conn.execute("COMMIT")
            except BaseException:
                conn.close()
                remove_store_files(path)
                raise
        finally:
            os.umask(old_umask)
        os.chmod(path, 0o600)
        created = cls(path, conn)
        created._wrote = True
        return created

    @classmethod
    def open(cls, path: str | Path, passphrase: str, *, migrate: bool = True) -> Store:
        """Open an existing store; every failure is a StoreOpenError and leaves the file as it was."""
        path = Path(path).expanduser()
        # Temporaries of a backup or restore that a crash left behind (never a newer state).
        leftovers.clean_leftovers(path.parent, path.name)
        if not path.exists():
            raise StoreNotFoundError(
                f"There is no store at {path}.", hint="Create a new store or choose another file."
            )
        if path.is_dir():
            raise NotAStoreError(f"{path} is a folder, not a DHR Desk store.")
        try:
            with open(path, "rb") as handle:
                head = handle.read(16)
        except PermissionError:
            raise StoreOpenError(f"You do not have permission to read {path}.") from None
        if not head:
            raise _diagnose_unreadable(path, passphrase)
        if head == SQLITE_HEADER:
            raise _diagnose_unreadable(path, passphrase)
        try:
            conn = _raw_connect(path, passphrase, create=False)
        except sqlite.Error as exc:
            raise StoreOpenError(f"The store at {path} could not be opened: {exc}.") from None
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite.DatabaseError:
            conn.close()
            raise _diagnose_unreadable(path, passphrase) from None
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID:
                raise NotAStoreError(
                    f"'{path.name}' is an encrypted database, but not a DHR Desk store.",
                    hint="Choose the .dhrdesk store file you created.",
                )
            if version > SCHEMA_VERSION:
                raise NewerStoreError(
                    f"This store was written by a newer version of DHR Desk (store format "
                    f"{version}; this app reads up to {SCHEMA_VERSION}). It was not changed.",
                    hint="Install the newer DHR Desk to open it.",
                )
            if path.stat().st_size % PAGE_SIZE:
                raise CorruptStoreError(
                    f"The store '{path.name}' is truncated (it ends part-way through a page).",
                    hint="Restore it from your most recent encrypted backup.",
                )
            problems = ["ok"]
            if _needs_check_at_open(path):
                problems = [r[0] for r in conn.execute("PRAGMA quick_check").fetchall()]
            if problems != ["ok"]:
                raise CorruptStoreError(
                    f"The store '{path.name}' is damaged: {problems[0]}.",
                    hint="Restore it from your most recent encrypted backup.",
                )
        except sqlite.DatabaseError:
            conn.close()
            raise _diagnose_unreadable(path, passphrase) from None
        except DhrDeskError:
            conn.close()
            raise
        try:
            _apply_pragmas(conn)
        except sqlite.Error as exc:
            conn.close()
            raise StoreOpenError(f"The store could not be prepared for use: {exc}.") from None
        store = cls(path, conn)
        if version < SCHEMA_VERSION and migrate:
            store._upgrade(version, passphrase)
        return store

    def _upgrade(self, from_version: int, passphrase: str) -> None:
        """Back up (encrypted, same passphrase), then run each migration in its own transaction."""
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        backup_path = self.path.with_name(
            f"{self.path.name}.before-upgrade-v{from_version}-{stamp}.bak"
        )
        self.backup(backup_path, passphrase, _check_strength=False)
        conn = self._connection()
        try:
            migrations.migrate(conn, from_version, SCHEMA_VERSION)
            self._enable_tracking()
        except sqlite.Error as exc:
            raise _classify_sqlite_error(exc, "Upgrading the store") from None
        with self.write("store.migrate", f"schema:{from_version}->{SCHEMA_VERSION}"):
            pass
        self.upgrade_backup = backup_path

    # ------------------------------------------------------------------ basics
    def _enable_tracking(self) -> None:
        """Note the rows every write touches, so each entry carries their content hashes."""
        conn = self._connection()
        self._specs = audit.table_specs(conn)
        audit.install_tracking(conn, self._specs)

    def _disagrees(self, head: dict[str, Any]) -> bool:
        """True when a recorded head is not in this chain and no restore explains it."""
        conn = self._connection()
        row = conn.execute("SELECT hash FROM audit WHERE seq = ?", (head.get("entry"),)).fetchone()
        if row is not None and row[0] == head.get("hash"):
            return False
        items = [
            audit.AuditEntry(*tuple(r))
            for r in conn.execute(
                "SELECT seq, at, actor, kind, record, prev_hash, hash FROM audit "
                "WHERE kind = 'store.restore' OR seq = ? OR seq = (SELECT max(seq) FROM audit) "
                "ORDER BY seq",
                (head.get("entry"),),
            )
        ]
        anchor = anchors.anchor_from(head, "", self.store_id)
        return anchor is None or anchors.compare(items, anchor, self.store_id).failed

    def chain_head(self) -> tuple[int, str]:
        """The audit chain's head: (entry number, hash) of the last entry."""
        with self._lock:
            return audit.head(self._connection())

    def _connection(self) -> sqlite.Connection:
        if self._conn is None:
            raise DhrDeskError("The store is locked or closed.")
        return self._conn

    @property
    def is_open(self) -> bool:
        return self._conn is not None

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                if self._wrote:
                    # The session changed the store: anchor its head in the settings.
                    with contextlib.suppress(sqlite.Error, OSError, DhrDeskError):
                        entry, digest = audit.head(self._conn)
                        anchors.record_settings_anchor(
                            self.store_id, entry, digest, self._disagrees
                        )
                with contextlib.suppress(sqlite.Error):
                    self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                self._conn.close()
                self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _meta(self, key: str) -> str | None:
        row = self._connection().execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    @property
    def schema_version(self) -> int:
        return self.query_one("PRAGMA user_version")[0]

    @property
    def store_id(self) -> str:
        return self._meta("store_id") or ""

    # ---------------------------------------------------------------- read/write
    def query(self, sql: str, params: tuple | dict = ()) -> list[sqlite.Row]:
        """Read-only query for repositories inside store/."""
        with self._lock, _damage_is_an_error():
            return self._connection().execute(sql, params).fetchall()

    def query_one(self, sql: str, params: tuple | dict = ()) -> Any:
        with self._lock, _damage_is_an_error():
            return self._connection().execute(sql, params).fetchone()

    @contextlib.contextmanager
    def write(self, kind: str, record: str) -> Iterator[sqlite.Cursor]:
        """The one write path: a transaction plus an audit entry, all or nothing.

        ``kind`` names the change (e.g. "review.create"); ``record`` names the
        record (e.g. "review:12"). Never put sensitive text in either.
        Nested calls join the outer transaction and add their own audit entry.
        After the outermost write commits, the change feed tells its subscribers
        what changed (:mod:`dhrdesk.store.changes`); a rollback tells nobody.
        """
        with self._lock:
            conn = self._connection()
            if self._in_write:
                cursor = conn.cursor()
                yield cursor
                self._append_entry(conn, kind, record)
                return
            cursor = conn.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")
            except sqlite.Error as exc:
                raise _classify_sqlite_error(exc, "Saving") from None
            self._in_write = True
            self._pending = PendingChanges()
            try:
                yield cursor
                self._append_entry(conn, kind, record)
                cursor.execute("COMMIT")
            except sqlite.Error as exc:
                with contextlib.suppress(sqlite.Error):
                    conn.execute("ROLLBACK")
                if isinstance(exc, sqlite.IntegrityError):
                    raise DhrDeskError(
                        f"That change conflicts with existing data ({exc})."
                    ) from None
                raise _classify_sqlite_error(exc, "Saving") from None
            except BaseException:
                with contextlib.suppress(sqlite.Error):
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._in_write = False
            pending, self._pending = self._pending, None
            self._wrote = True
            self.last_saved = dt.datetime.now()
        if pending is not None:
            self.changes.publish(pending.changeset())

    def _append_entry(self, conn: sqlite.Connection, kind: str, record: str) -> None:
        touched: list[tuple[str, int | None]] | None = [] if self._specs is not None else None
        audit.append(conn, self.display_name, kind, record, self._specs, touched)
        if self._pending is not None:
            self._pending.note_entry(kind, record, touched)

    # ------------------------------------------------------------ housekeeping
    def change_passphrase(self, current: str, new: str, confirmation: str | None = None) -> None:
        """Re-encrypt the whole store under a new passphrase (PRAGMA rekey)."""
        check_passphrase(new, confirmation)
        if not _page1_authenticates_open(self, current):
            raise WrongPassphraseError()
        with self._lock:
            conn = self._connection()
            try:
                conn.execute(f"PRAGMA rekey = {_quote(new)}")
            except sqlite.Error as exc:
                raise _classify_sqlite_error(exc, "Changing the passphrase") from None
            with self.write("store.change_passphrase", "store"):
                pass
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def backup(
        self, out: str | Path, backup_passphrase: str, *, _check_strength: bool = True
    ) -> Path:
        """Write an encrypted copy with its own passphrase, via sqlcipher_export.

        The copy is built in a temporary file beside the target and renamed into
        place only when complete and verified, so an existing file survives a failure.
        The "store.backup" audit entry is written in the same transaction as the
        export, so the backup's chain ends with it; its head is also written to a
        plaintext manifest beside the backup (``<backup>.manifest.json``), an anchor
        that `verify --against` reads.
        """
        if _check_strength:
            check_passphrase(backup_passphrase)
        out = Path(out).expanduser()
        if out.resolve() == self.path.resolve():
            raise DhrDeskError("The backup cannot overwrite the store itself.")
        out.parent.mkdir(parents=True, exist_ok=True)
        leftovers.clean_leftovers(out.parent)
        tmp = out.with_name(f".{out.name}.{leftovers.new_name()}.tmp")
        old_umask = os.umask(0o077)
        with self._lock, contextlib.ExitStack() as holding:
            conn = self._connection()
            try:
                # Held (locked) while it is written, so another start does not remove it.
                holding.enter_context(leftovers.held_temporary(tmp))
                conn.execute("ATTACH DATABASE ? AS backup KEY ?", (str(tmp), backup_passphrase))
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        head = audit.append(
                            conn, self.display_name, "store.backup", "store", self._specs
                        )
                        conn.execute("SELECT sqlcipher_export('backup')").fetchall()
                        version = conn.execute("PRAGMA main.user_version").fetchone()[0]
                        conn.execute(f"PRAGMA backup.user_version = {int(version)}")
                        conn.execute(f"PRAGMA backup.application_id = {APPLICATION_ID}")
                        conn.execute("COMMIT")
                    except BaseException:
                        with contextlib.suppress(sqlite.Error):
                            conn.execute("ROLLBACK")
                        raise
                    self._wrote = True
                    # In WAL mode already, so opening the backup later (verify, restore)
                    # leaves its bytes, and the SHA-256 in its manifest, as they are.
                    conn.execute("PRAGMA backup.journal_mode = WAL").fetchall()
                finally:
                    conn.execute("DETACH DATABASE backup")
                result = _quick_check(tmp, backup_passphrase)
                if result != "ok":
                    raise StoreWriteError(
                        f"The backup did not verify ({result}); nothing was written."
                    )
                os.chmod(tmp, 0o600)
                os.replace(tmp, out)
                fsync_dir(out.parent)
                at = conn.execute("SELECT at FROM audit WHERE seq = ?", (head[0],)).fetchone()[0]
                anchors.write_backup_manifest(
                    out, self.store_id, int(version), head[0], head[1], at
                )
            except sqlite.Error as exc:
                raise _classify_sqlite_error(exc, "The backup") from None
            except OSError as exc:
                raise StoreWriteError(f"The backup could not be written: {exc.strerror}.") from None
            finally:
                os.umask(old_umask)
                for leftover in (tmp, *(Path(f"{tmp}-{s}") for s in ("journal", "wal", "shm"))):
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(leftover)
        self.last_saved = dt.datetime.now()
        return out

    def verify(
        self,
        *,
        reindex: bool = False,
        against: Sequence[anchors.Anchor] = (),
        baseline: bool = True,
        settings: bool = True,
    ) -> VerifyReport:
        """cipher_integrity_check, integrity_check, foreign keys, the audit chain, every
        record's content against its latest audit entry, and the chain head against the
        anchors outside the store (``against``; with ``settings`` also those on this computer
        and the backup manifests beside the store).

        The first passing check after the upgrade to format 7 records the baseline
        (unless ``baseline`` is False, e.g. for a backup opened read only).
        """
        report = VerifyReport()
        with self._lock:
            conn = self._connection()
            rows = conn.execute("PRAGMA cipher_integrity_check").fetchall()
            report.checks["encryption (cipher_integrity_check)"] = [str(r[0]) for r in rows]
            try:
                self._verify_readable(conn, report, against, baseline, settings, reindex)
            except sqlite.DatabaseError as exc:
                # A damaged page stops the checks that read it: say so, never a traceback.
                report.checks["every part of the store can be read"] = [
                    f"a part of the store could not be read ({exc}): restore it from your "
                    "most recent encrypted backup"
                ]
        return report

    def _verify_readable(
        self,
        conn: sqlite.Connection,
        report: VerifyReport,
        against: Sequence[anchors.Anchor],
        baseline: bool,
        settings: bool,
        reindex: bool,
    ) -> None:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check").fetchall()]
        report.checks["database structure (integrity_check)"] = [] if rows == ["ok"] else rows
        rows = conn.execute("PRAGMA foreign_key_check").fetchall()
        report.checks["links between records (foreign_key_check)"] = [
            f"{r[0]} row {r[1]} points to a missing {r[2]}" for r in rows
        ]
        items = list(audit.iter_entries(conn))
        report.checks["audit log hash chain"] = audit.verify_entries(items)
        self._verify_content(report, items, baseline=baseline)
        found = list(against)
        if settings:
            found += anchors.settings_anchors(self.store_id)
            found += anchors.nearby_backup_anchors(self.path.parent, self.store_id)
        unique = {(a.entry, a.hash, a.source): a for a in found}
        self._verify_anchors(report, list(unique.values()))
        if reindex:
            from dhrdesk.store import search

            with self.write("store.reindex", "search"):
                count = search.rebuild(self)
            report.checks[f"search index rebuilt ({count} texts)"] = []
        report.head = audit.head(conn)

    def _verify_content(
        self, report: VerifyReport, items: list[audit.AuditEntry], *, baseline: bool
    ) -> None:
        """Every live record's hash against its latest entry; the baseline after an upgrade."""
        name = "record content against the audit log"
        if self._specs is None:
            report.notes.append(
                f"This store format ({self.schema_version}) has no record hashes; they start "
                "when it is upgraded."
            )
            return
        conn = self._connection()
        result = audit.check_content(conn, self._specs, items)
        report.checks[name] = result.problems
        if not result.baseline_due:
            start = result.tracked_from
            if start is not None and start > 1:
                report.notes.append(
                    f"Record content is covered from entry {start} (the baseline recorded "
                    "after the upgrade); changes made before it cannot be checked."
                )
            return
        if not baseline or not report.ok:
            report.notes.append(
                "No baseline of record hashes yet (the store was upgraded): only records "
                f"changed since the upgrade were checked ({result.checked}). The first check "
                "that passes records the baseline."
            )
            return
        with self.write(audit.BASELINE_KIND, "store"):
            audit.note_every_record(conn, self._specs)
        entry, _ = audit.head(conn)
        count = sum(
            conn.execute(f'SELECT count(*) FROM main."{t}"').fetchone()[0] for t in self._specs
        )
        report.notes.append(
            "First check since the upgrade that added record hashes: the current content of "
            f"{count:,} records was recorded as the baseline (entry {entry}). Changes made "
            "before now cannot be detected; changes from now on can."
        )

    def _verify_anchors(self, report: VerifyReport, found: list[anchors.Anchor]) -> None:
        """The chain head against anchors outside the store, in words a chair reads."""
        if not found:
            report.notes.append(
                "No anchor outside the store was found to compare the chain with (a backup "
                "manifest, a publication pack manifest, or this computer's settings)."
            )
            return
        items = list(audit.iter_entries(self._connection()))
        findings = [anchors.compare(items, a, self.store_id) for a in found]
        report.checks["audit chain against anchors outside the store"] = [
            f.text for f in findings if f.failed
        ]
        older = [f for f in findings if f.status == "older"]
        if older:
            newest = max(older, key=lambda f: f.anchor.entry)
            report.notes.append(newest.text[0].upper() + newest.text[1:] + ".")
        report.notes.extend(
            f.text[0].upper() + f.text[1:] + "." for f in findings if f.status == "other store"
        )
        matches = [f for f in findings if f.status == "match"]
        if matches:
            newest = max(matches, key=lambda f: f.anchor.entry)
            more = f" (and {len(matches) - 1} earlier anchors)" if len(matches) > 1 else ""
            report.notes.append(f"The chain {newest.text}{more}.")

    def info(self) -> dict[str, Any]:
        with self._lock:
            conn = self._connection()
            cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
            counts = {}
            for table in migrations.COUNTED_TABLES:
                exists = conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (table,)
                ).fetchone()
                if exists:
                    counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            return {
                "path": str(self.path),
                "schema_version": self.schema_version,
                "app_schema_version": SCHEMA_VERSION,
                "sqlcipher_version": cipher,
                "sqlite_version": conn.execute("SELECT sqlite_version()").fetchone()[0],
                "kdf_iterations": int(conn.execute("PRAGMA kdf_iter").fetchone()[0]),
                "cipher": "AES-256-CBC with HMAC-SHA512 per page",
                "store_id": self.store_id,
                "created_at": self._meta("created_at"),
                "display_name": self.display_name,
                "counts": counts,
                "audit_chain_head": dict(zip(("entry", "hash"), audit.head(conn), strict=True)),
            }

    def audit_entries(self, limit: int = 200) -> list[audit.AuditEntry]:
        with self._lock:
            return audit.entries(self._connection(), limit)


def _page1_authenticates_open(store: Store, passphrase: str) -> bool:
    with store._lock:
        with contextlib.suppress(sqlite.Error):
            store._connection().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return _page1_authenticates(store.path, passphrase)


def _apply_pragmas(conn: sqlite.Connection) -> None:
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA secure_delete = ON")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA busy_timeout = 3000")
    conn.row_factory = sqlite.Row


def _quick_check(path: Path, passphrase: str) -> str:
    """SQLite's quick_check of a copy just written ("ok" when it is sound)."""
    check = _raw_connect(path, passphrase, create=False)
    try:
        return check.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        check.close()


def restore_backup(
    store_path: str | Path, backup_file: str | Path, backup_passphrase: str, new_passphrase: str
) -> Path:
    """Replace the store at ``store_path`` with the content of an encrypted backup.

    The backup is opened and fully verified first; the restored store is built in
    a temporary file under ``new_passphrase`` and checked; the current store is kept
    aside (a hard link) and only removed once the restored one opens. Any failure
    puts it back; a kill is finished or undone by the next start.
    """
    store_path = Path(store_path).expanduser()
    backup_file = Path(backup_file).expanduser()
    check_passphrase(new_passphrase)
    holding = contextlib.ExitStack()  # the lock on the temporary, held until the end
    try:
        # An older-format backup is restored as it is; the store upgrades on next open.
        source = Store.open(backup_file, backup_passphrase, migrate=False)
    except NewerStoreError:
        raise
    except StoreNotFoundError:
        raise InputFileError(f"There is no backup file at {backup_file}.") from None
    except StoreOpenError as exc:
        raise InputFileError(
            f"The backup could not be opened: {exc.message}", hint="Nothing was changed."
        ) from None
    try:
        report = source.verify(baseline=False, settings=False)  # read only: a backup
        if not report.ok:
            raise InputFileError(
                "The backup failed verification and was not restored: "
                + "; ".join(line.strip() for line in report.lines() if line.startswith("FAIL")),
                hint="Nothing was changed.",
            )
        store_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        leftovers.clean_leftovers(store_path.parent, store_path.name)
        names = leftovers.restore_names(store_path, leftovers.new_name())
        tmp, before, intent = names["tmp"], names["before"], names["intent"]
        old_umask = os.umask(0o077)
        try:
            holding.enter_context(leftovers.held_temporary(tmp))
            with source._lock:
                conn = source._connection()
                conn.execute("ATTACH DATABASE ? AS restored KEY ?", (str(tmp), new_passphrase))
                try:
                    conn.execute("SELECT sqlcipher_export('restored')").fetchall()
                    version = conn.execute("PRAGMA main.user_version").fetchone()[0]
                    conn.execute(f"PRAGMA restored.user_version = {int(version)}")
                    conn.execute(f"PRAGMA restored.application_id = {APPLICATION_ID}")
                finally:
                    conn.execute("DETACH DATABASE restored")
            result = _quick_check(tmp, new_passphrase)
            if result != "ok":
                raise StoreWriteError(f"The restored copy did not verify ({result}).")
            os.chmod(tmp, 0o600)
            _fsync_file(tmp)
        except BaseException as exc:
            leftovers.remove_with_sides(tmp)
            if isinstance(exc, sqlite.Error):
                raise _classify_sqlite_error(exc, "The restore") from None
            raise
        finally:
            os.umask(old_umask)
    finally:
        source.close()

    # From here the store at store_path always exists: the old one is kept aside as a
    # hard link (with its WAL) and an intent marker says so before anything is swapped,
    # so a kill at any moment leaves the old or the new state, which the next start
    # finishes (see store/leftovers.py).
    swapping = False
    try:
        had_store = store_path.exists()
        if had_store:
            _link_or_copy(store_path, before)
            if Path(f"{store_path}-wal").exists():
                _link_or_copy(Path(f"{store_path}-wal"), Path(f"{before}-wal"))
            holding.enter_context(leftovers.held_temporary(intent))
            fsync_dir(store_path.parent)
            swapping = True
            remove_store_files(store_path, main=False)
        os.replace(tmp, store_path)
        fsync_dir(store_path.parent)
        restored = Store.open(store_path, new_passphrase)
        with restored.write("store.restore", "store"):
            pass
        restored.close()
    except BaseException:
        if swapping and before.exists():
            leftovers.put_back(before, store_path)
        elif had_store:
            leftovers.remove_with_sides(before)  # the store itself was not touched
        elif not had_store:
            leftovers.remove_with_sides(store_path)
        leftovers.remove_with_sides(tmp)
        with contextlib.suppress(FileNotFoundError):
            os.remove(intent)
        fsync_dir(store_path.parent)
        raise
    finally:
        holding.close()
    leftovers.remove_with_sides(before)
    with contextlib.suppress(FileNotFoundError):
        os.remove(intent)
    fsync_dir(store_path.parent)
    return store_path


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _link_or_copy(source: Path, target: Path) -> None:
    """A second name for the file (a hard link), or a copy where links are not possible."""
    try:
        os.link(source, target)
    except OSError:
        import shutil

        shutil.copy2(source, target)
        _fsync_file(target)
