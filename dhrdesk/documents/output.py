"""Errors of document generation, and the old name of the one atomic writer.

Every document file is written through :func:`dhrdesk.core.files.write_atomic`
(temporary in the target folder, 0600, fsync, rename, folder fsync): a failed
generation or write leaves yesterday's file whole. :class:`DocumentError` is a
:class:`~dhrdesk.core.files.FileWriteError`, so there is one error class for a file
that was not written, whatever the reason.
"""

from __future__ import annotations

from pathlib import Path

from dhrdesk.core.files import FileWriteError, write_atomic


class DocumentError(FileWriteError):
    """A document could not be generated or written. Any existing file is unchanged."""


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """:func:`dhrdesk.core.files.write_atomic` for a document (callers outside
    documents/ still use this name; new code calls write_atomic)."""
    return write_atomic(path, data, "document")
