"""Writing generated files atomically, shared by every backend.

A chair may regenerate a report over the copy they sent yesterday; if
generation fails half-way, yesterday's file must still be there, whole. So the
bytes go to a temporary file in the target folder (same file system, so the
final rename is atomic), are flushed to disk, and only then replace the target.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from dhrdesk.core.errors import DhrDeskError


class DocumentError(DhrDeskError):
    """A document could not be generated or written. Any existing file is unchanged."""


def atomic_write_bytes(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temp file + ``os.replace``; return the path.

    The temporary file is created 0600 (``mkstemp``) and removed on any failure.
    """
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        raise DocumentError(
            f"The folder {folder} does not exist.", hint="Choose an existing folder."
        )
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise DocumentError(
            f"The document could not be written to {path}: {exc.strerror or exc}.",
            hint="Check there is free space and that you may write to that folder.",
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp_name)
        raise
    return path
