"""A pack of files that appears whole or not at all: staged, then one rename.

The publication pack and the submission pack are several files (documents and a
manifest or cover note) that only mean something together. Moving them into the
chosen folder one by one left, when the process was killed half-way, some of the
files without their manifest. So a pack is written into a hidden staging folder
inside the chosen folder (``.publication-pack.<random>``), which the writing process
holds locked (``flock`` on the folder itself, released by the kernel even on
SIGKILL), and published with **one** rename of that staging folder to
``DIR/<reference> publication pack/`` (or ``... submission pack/``), followed by an
fsync of ``DIR``. A kill at any moment leaves either no pack folder or a whole one,
plus at most a hidden staging folder that the next pack into ``DIR`` removes (it is
not held by a live process any more).

An existing pack folder is never touched or merged into: the new pack takes the next
free numbered name, ``DIR/<reference> publication pack (2)/``, ``(3)`` and so on, so
a pack already sent to the Community Safety Partnership stays exactly as it was sent.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from dhrdesk.core.files import fsync_dir
from dhrdesk.documents.output import DocumentError
from dhrdesk.store.leftovers import is_held

try:  # POSIX; on Windows an open folder cannot be removed anyway
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LEGACY_LOCK = ".lock"
"""Older staging folders held a lock file inside; they are cleaned up the same way."""

MAX_NUMBERED = 999


def slug(text: str) -> str:
    """'DHR 2026/03' -> 'DHR-2026-03': safe in a file name on every system."""
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-") or "review"


def remove_stale_staging(out_dir: Path, prefix: str) -> None:
    """Remove the staging folders (``prefix*``) in ``out_dir`` no live process holds."""
    for folder in Path(out_dir).glob(f"{prefix}*"):
        if not folder.is_dir() or folder.is_symlink():
            continue
        if is_held(folder) or is_held(folder / LEGACY_LOCK):
            continue
        shutil.rmtree(folder, ignore_errors=True)


def _lock(folder: Path) -> int:
    fd = os.open(folder, os.O_RDONLY)
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise
    return fd


class StagedPack:
    """The hidden, locked folder a pack is written into; :meth:`publish` moves it."""

    def __init__(self, out_dir: Path, staging: Path, final_name: str) -> None:
        self.out_dir = out_dir
        self.staging = staging
        self.final_name = final_name
        self.folder: Path | None = None

    def candidates(self) -> Iterator[Path]:
        yield self.out_dir / self.final_name
        for number in range(2, MAX_NUMBERED + 1):
            yield self.out_dir / f"{self.final_name} ({number})"

    def publish(self) -> Path:
        """Rename the staging folder to the first free pack name, in one step."""
        fsync_dir(self.staging)
        for target in self.candidates():
            if os.path.lexists(target):
                continue
            try:
                os.rename(self.staging, target)
            except OSError as exc:
                if exc.errno in (errno.EEXIST, errno.ENOTEMPTY):
                    continue  # made by someone else a moment ago: take the next name
                raise DocumentError(
                    f"The pack could not be moved into {self.out_dir}: {exc.strerror or exc}.",
                    hint="Nothing was written. Check that you may write to that folder.",
                ) from None
            fsync_dir(self.out_dir)
            self.folder = target
            return target
        raise DocumentError(
            f"The folder {self.out_dir} already holds {MAX_NUMBERED} packs named "
            f"'{self.final_name}'; nothing was written.",
            hint="Choose another folder, or move the old packs away.",
        )


@contextlib.contextmanager
def staged_pack(out_dir: Path, prefix: str, final_name: str) -> Iterator[StagedPack]:
    """Write a pack's files into ``pack.staging``, then call ``pack.publish()``.

    Any error, before or during the rename, removes the staging folder; nothing of the
    pack is left in ``out_dir``.
    """
    out_dir = Path(out_dir)
    remove_stale_staging(out_dir, prefix)
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=out_dir))
        fd = _lock(staging)
    except OSError as exc:
        raise DocumentError(
            f"Nothing could be written to {out_dir}: {exc.strerror or exc}.",
            hint="Check there is free space and that you may write to that folder.",
        ) from None
    pack = StagedPack(out_dir, staging, final_name)
    try:
        yield pack
    except BaseException:
        if pack.folder is None:
            shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        os.close(fd)
    if pack.folder is None:  # the caller never published: leave nothing behind
        shutil.rmtree(staging, ignore_errors=True)
