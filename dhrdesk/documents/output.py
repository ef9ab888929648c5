"""Errors of document generation.

Every document file is written through :func:`dhrdesk.core.files.write_atomic`
(temporary in the target folder, 0600, fsync, rename, folder fsync): a failed
generation or write leaves yesterday's file whole. :class:`DocumentError` is a
:class:`~dhrdesk.core.files.FileWriteError`, so there is one error class for a file
that was not written, whatever the reason.
"""

from __future__ import annotations

from dhrdesk.core.files import FileWriteError


class DocumentError(FileWriteError):
    """A document could not be generated or written. Any existing file is unchanged."""
