"""Finding files under ``resources/`` from the source tree and from a frozen bundle.

The lead may move this into ``dhrdesk/core`` later; it has no dependencies so it
can live anywhere. PyInstaller unpacks (or lays out) data files below
``sys._MEIPASS``; the spec is expected to copy the repository's ``resources/``
folder to ``resources/`` inside the bundle.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dhrdesk.core.errors import DhrDeskError

# dhrdesk/documents/resources.py -> parents[2] is the repository root.
_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def resources_root() -> Path:
    """The ``resources`` folder: the bundle's copy when frozen, else the repository's."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidate = Path(bundle) / "resources"
        if candidate.is_dir():
            return candidate
    return _SOURCE_ROOT / "resources"


def resource_path(*parts: str) -> Path:
    """Path of a file below ``resources/``; raises a user-readable error when it is missing.

    A missing resource means a broken installation, not a user mistake, so the
    message says to reinstall rather than showing a traceback.
    """
    path = resources_root().joinpath(*parts)
    if not path.exists():
        raise DhrDeskError(
            f"A file DHR Desk needs is missing: resources/{'/'.join(parts)}.",
            hint="The installation is incomplete; reinstall DHR Desk.",
        )
    return path
