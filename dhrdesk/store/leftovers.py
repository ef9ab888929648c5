"""Temporaries of backups and restores: held while in use, cleaned up after a crash.

A backup is built in ``.<backup name>.<8 hex>.tmp`` beside its target and renamed
into place; a restore builds ``.<store name>.restore-<8 hex>.tmp`` beside the store.
Both are SQLCipher files (encrypted like the store; SQLite's ``-journal``/``-wal``
beside them hold encrypted pages too). A crash, a kill or a power cut can leave them
behind, so every start (opening a store, writing a backup) removes those that no
running DHR Desk holds, after checking that none of them is a newer state:

- a backup temporary is a copy of a store that still exists, so it is never the
  only copy of anything: removed (so is a half-written ``.manifest.json`` beside a
  backup: it only repeats the audit chain head, which the store still holds);
- a restore temporary whose *intent* file (``.restore-<hex>.intent``) is absent
  never replaced the store: removed, the store untouched;
- with the intent file present, the restore was between "old store kept aside"
  and "new store in place": if the temporary is still there the rename never
  happened, so the old store (and its ``-wal``) kept aside is put back; if the
  temporary is gone the restored store is in place and the kept-aside old one is
  removed, as a completed restore would have done.

"Held" means locked with ``flock`` by the process writing it (released by the
kernel when that process dies, even by SIGKILL), so a backup running in another
window is never touched. Nothing here writes case data; only names and sizes are read.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

if sys.platform != "win32":  # POSIX; on Windows an open file cannot be removed anyway
    import fcntl

from dhrdesk.core.files import fsync_dir

__all__ = [
    "SIDE_SUFFIXES",
    "clean_leftovers",
    "held_temporary",
    "new_name",
    "put_back",
    "remove_with_sides",
    "restore_names",
]

SIDE_SUFFIXES = ("-journal", "-wal", "-shm")
_BACKUP_TMP = re.compile(r"^\.(?P<target>.+)\.(?P<hex>[0-9a-f]{8})\.tmp$")
_RESTORE = re.compile(
    r"^\.(?P<store>.+)\.restore-(?P<hex>[0-9a-f]{8})\.(?P<what>tmp|before|intent)$"
)
PAGE_SIZE = 4096


def new_name() -> str:
    return uuid.uuid4().hex[:8]


def restore_names(store_path: Path, hex_id: str) -> dict[str, Path]:
    """The temporary, the kept-aside old store and the intent marker of one restore."""
    base = f".{store_path.name}.restore-{hex_id}"
    return {
        "tmp": store_path.with_name(base + ".tmp"),
        "before": store_path.with_name(base + ".before"),
        "intent": store_path.with_name(base + ".intent"),
    }


@contextlib.contextmanager
def held_temporary(path: Path) -> Iterator[Path]:
    """Create ``path`` (0600, must not exist) and hold a lock on it while the block runs,
    so that a cleanup in another process leaves it alone. The file is not removed here."""
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_RDWR, 0o600)
    try:
        if sys.platform != "win32":
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield path
    finally:
        os.close(fd)


def _in_use(path: Path) -> bool:
    """True when another live process holds the lock of this temporary."""
    if sys.platform == "win32":  # pragma: no cover - Windows: an open file cannot be deleted
        return False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    else:
        fcntl.flock(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def is_held(path: Path) -> bool:
    """Whether a live process holds the lock of ``path`` (see :func:`held_temporary`)."""
    return _in_use(path)


def _looks_like_ours(path: Path) -> bool:
    """An (encrypted) SQLite file: empty or whole pages, never a plaintext SQLite header."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return False
    if head.startswith(b"SQLite format 3"):
        return False  # plaintext: not written by DHR Desk, so not ours to remove
    return size % PAGE_SIZE == 0


def remove_with_sides(path: Path) -> None:
    """Remove a temporary and its -journal/-wal/-shm, whichever exist."""
    _remove(path, [])


def _remove(path: Path, removed: list[Path]) -> None:
    for candidate in (path, *(Path(f"{path}{s}") for s in SIDE_SUFFIXES)):
        with contextlib.suppress(FileNotFoundError):
            os.remove(candidate)
            removed.append(candidate)


def clean_leftovers(folder: Path, store_name: str | None = None) -> list[Path]:
    """Remove (or, for an interrupted restore, finish or undo) the temporaries in ``folder``
    that no running process holds; return the paths removed. Never raises for a file it
    cannot touch (it is left for the next start)."""
    removed: list[Path] = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    present = set(names)
    for name in sorted(names):
        base = name
        for suffix in SIDE_SUFFIXES:
            if name.endswith(suffix):
                base = name[: -len(suffix)]
        try:
            restore = _RESTORE.match(base)
            if restore is not None:
                if store_name is not None and restore["store"] != store_name:
                    continue
                if restore["what"] == "intent" and base == name:
                    _finish_restore(folder / restore["store"], restore["hex"], removed)
                elif (
                    restore["what"] != "intent"
                    and not (
                        folder / f".{restore['store']}.restore-{restore['hex']}.intent"
                    ).exists()
                ):
                    # No intent: this restore never touched the store.
                    tmp = folder / f".{restore['store']}.restore-{restore['hex']}.tmp"
                    if not _in_use(tmp):
                        _remove(folder / base, removed)
                continue
            backup = _BACKUP_TMP.match(base)
            if backup is None or ".restore-" in base:
                continue
            tmp = folder / base
            manifest = backup["target"].endswith(".manifest.json")
            if base in present and (_in_use(tmp) or not (manifest or _looks_like_ours(tmp))):
                continue
            _remove(tmp, removed)
        except OSError:
            continue
    if removed:
        fsync_dir(folder)
    return removed


def put_back(before: Path, store_path: Path) -> None:
    """Make the kept-aside old store (and its WAL) the store again."""
    with contextlib.suppress(FileNotFoundError):
        os.remove(f"{store_path}-shm")
    for suffix in ("-wal", ""):
        kept, target = Path(f"{before}{suffix}"), Path(f"{store_path}{suffix}")
        if not kept.exists():
            if suffix:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(target)
            continue
        if target.exists() and os.path.samefile(kept, target):
            os.remove(kept)  # still the same file (a hard link): rename would do nothing
        else:
            os.replace(kept, target)


def _finish_restore(store_path: Path, hex_id: str, removed: list[Path]) -> None:
    names = restore_names(store_path, hex_id)
    tmp, before, intent = names["tmp"], names["before"], names["intent"]
    if _in_use(tmp) or _in_use(intent):
        return  # that restore is still running
    if tmp.exists():
        # The new store never replaced the old one: put the old one (and its WAL) back.
        if before.exists():
            put_back(before, store_path)
        _remove(tmp, removed)
    else:
        # The restored store is in place; the old one kept aside is no longer wanted.
        _remove(before, removed)
    fsync_dir(store_path.parent)
    with contextlib.suppress(FileNotFoundError):
        os.remove(intent)
        removed.append(intent)
