"""The one way DHR Desk writes a file: all of it, or nothing, readable by the user only.

A chair may regenerate a report over the copy they sent yesterday; if writing fails
half-way (disk full, the laptop's battery), yesterday's file must still be there,
whole. So every output goes to a temporary file in the target folder (same file
system, so the final rename is atomic), created 0600, flushed and fsynced, checked
if the caller wants (the publication gate reads its temporary back), and only then
renamed over the target; the folder is fsynced so the rename survives a power cut.
Any failure removes the temporary and raises :class:`FileWriteError`.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from dhrdesk.core.errors import DhrDeskError

MODE = 0o600


class FileWriteError(DhrDeskError):
    """A file could not be written. Any file already at the path is unchanged."""


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def temporary_name(path: Path) -> Path:
    """A hidden, unique sibling of ``path`` for its temporary (".name.<hex>.tmp")."""
    return path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")


def _check_target(path: Path, what: str) -> None:
    if path.is_dir():
        raise FileWriteError(f"{path} is a folder: give a file name for the {what}.")
    if not path.parent.is_dir():
        raise FileWriteError(
            f"The folder {path.parent} does not exist.", hint="Choose an existing folder."
        )


def _failed(path: Path, what: str, exc: OSError) -> FileWriteError:
    return FileWriteError(
        f"The {what} could not be written to {path}: {exc.strerror or exc}.",
        hint="Nothing was written. Check there is free space and that you may write "
        "to that folder.",
    )


@contextlib.contextmanager
def atomic_file(
    path: str | Path, what: str = "file", check: Callable[[Path], None] | None = None
) -> Iterator[BinaryIO]:
    """Write ``path`` through a handle: ``with atomic_file(p) as out: out.write(...)``.

    On leaving the block the data is fsynced, ``check(temporary)`` runs (it may raise
    to refuse the file), and the temporary replaces ``path``. On any error the
    temporary is removed and ``path`` is untouched.
    """
    path = Path(path).expanduser()
    _check_target(path, what)
    tmp = temporary_name(path)
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, MODE)
    except OSError as exc:
        raise _failed(path, what, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        if check is not None:
            check(tmp)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise _failed(path, what, exc) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(path.parent)


def write_atomic(
    path: str | Path,
    data: bytes | str,
    what: str = "file",
    check: Callable[[Path], None] | None = None,
) -> Path:
    """Write ``data`` (text is written as UTF-8) to ``path`` atomically; return the path."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path = Path(path).expanduser()
    with atomic_file(path, what, check) as handle:
        handle.write(payload)
    return path
