"""Anchors: the audit chain's head written down outside the store.

The hash chain proves the log was not edited *unless* whoever edited it also
recomputed every hash after the edit, which anyone with the passphrase can do.
So the chain's head (entry number and hash) is also written, non-sensitive,
into places an insider cannot quietly rewrite together with the store:

* every backup (its own chain ends with the "store.backup" entry) and the
  plaintext manifest beside it (``<backup>.manifest.json``);
* every agency package and publication pack manifest (key ``audit_chain_head``);
* the settings on this computer after each session that changed the store
  (``audit-anchors.json`` in the platform config folder: store id, entry number,
  hash and time only, never case data or the store's path).

`verify` compares the chain with every anchor it can find and says in words
whether the store matches, is an older copy (a restored or opened backup) or
was cut short or rewritten.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core.errors import InputFileError
from dhrdesk.core.files import write_atomic
from dhrdesk.store import audit, paths

if TYPE_CHECKING:
    from dhrdesk.store.database import Store

ANCHOR_KEY = "audit_chain_head"
SETTINGS_FILE = "audit-anchors.json"
SETTINGS_FORMAT = "dhrdesk-audit-anchors"
BACKUP_MANIFEST_FORMAT = "dhrdesk-backup-manifest"
MANIFEST_SUFFIX = ".manifest.json"
KEEP_PER_STORE = 20
KEEP_STORES = 200
MAX_ANCHOR_FILE = 2_000_000


@dataclass(frozen=True)
class Anchor:
    """A chain head recorded somewhere else, and where (in words a chair reads)."""

    entry: int
    hash: str
    recorded_at: str
    source: str
    store_id: str = ""


@dataclass(frozen=True)
class Finding:
    """How the store's chain relates to one anchor."""

    status: str  # "match", "older", "truncated", "rewritten", "other store"
    text: str
    anchor: Anchor

    @property
    def failed(self) -> bool:
        return self.status in ("truncated", "rewritten")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


def _moment(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def chain_head(store: Store) -> tuple[int, str]:
    """The store's audit chain head: (entry number, SHA-256 hex) of its last entry.

    For manifests that leave the store (publication packs, packages): record it
    as ``{"audit_chain_head": anchor_dict(store)}`` so `verify --against` reads it.
    """
    return store.chain_head()


def anchor_dict(store: Store) -> dict[str, Any]:
    """The head as a manifest entry: store id, entry, hash, recorded_at (no case data)."""
    entry, digest = chain_head(store)
    return {"store_id": store.store_id, "entry": entry, "hash": digest, "recorded_at": _now()}


# --------------------------------------------------------------------------- files
def _write_json_atomic(path: Path, data: dict[str, Any], what: str) -> None:
    """The JSON file, all or nothing, 0600 (core.files; FileWriteError when it cannot be)."""
    text = json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    write_atomic(path, text, what)


def settings_path() -> Path:
    return paths.settings_dir() / SETTINGS_FILE


def _read_settings() -> dict[str, Any]:
    try:
        path = settings_path()
        if path.stat().st_size > MAX_ANCHOR_FILE:
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return {}
    if not isinstance(data, dict) or data.get("format") != SETTINGS_FORMAT:
        return {}
    stores = data.get("stores")
    return stores if isinstance(stores, dict) else {}


def record_settings_anchor(
    store_id: str,
    entry: int,
    digest: str,
    disagrees: Callable[[dict[str, Any]], bool] | None = None,
) -> None:
    """Remember the head on this computer (the last few per store); never case data.

    Older heads beyond the last KEEP_PER_STORE are dropped, except those the store
    no longer agrees with (``disagrees``): evidence of a cut or rewritten log is
    never rotated away by later sessions.
    """
    stores = _read_settings()
    heads = [h for h in stores.get(store_id, []) if isinstance(h, dict)]
    if heads and heads[-1].get("entry") == entry and heads[-1].get("hash") == digest:
        return
    heads.append({"entry": entry, "hash": digest, "recorded_at": _now()})
    older = heads[:-KEEP_PER_STORE]
    kept = [h for h in older if disagrees is not None and disagrees(h)]
    stores[store_id] = kept + heads[-KEEP_PER_STORE:]
    if len(stores) > KEEP_STORES:
        newest = sorted(stores, key=lambda k: str(stores[k][-1].get("recorded_at", "")))
        for old in newest[: len(stores) - KEEP_STORES]:
            del stores[old]
    _write_json_atomic(
        settings_path(),
        {"format": SETTINGS_FORMAT, "version": 1, "stores": stores},
        "settings file",
    )


def settings_anchors(store_id: str) -> list[Anchor]:
    """The heads this computer recorded for the store, oldest first."""
    found = []
    for head in _read_settings().get(store_id, []):
        anchor = anchor_from(head, "", "")
        if anchor is not None:
            moment = audit.when(anchor.recorded_at)
            found.append(
                Anchor(
                    anchor.entry,
                    anchor.hash,
                    anchor.recorded_at,
                    f"the settings on this computer (session ending {moment})",
                    store_id,
                )
            )
    return found


def anchor_from(value: Any, source: str, store_id: str) -> Anchor | None:
    if not isinstance(value, dict):
        return None
    entry, digest = value.get("entry"), value.get("hash")
    if not isinstance(entry, int) or isinstance(entry, bool) or entry < 0:
        return None
    if not isinstance(digest, str) or len(digest) != 64:
        return None
    recorded = value.get("recorded_at")
    return Anchor(
        entry,
        digest.lower(),
        recorded if isinstance(recorded, str) else "",
        source,
        str(value.get("store_id") or store_id or ""),
    )


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_path_for(backup: Path) -> Path:
    return backup.with_name(backup.name + MANIFEST_SUFFIX)


def write_backup_manifest(
    backup: Path, store_id: str, schema_version: int, entry: int, digest: str, at: str
) -> Path:
    """The plaintext manifest beside a backup: what it is and the chain head it ends with."""
    from dhrdesk import __version__

    data = {
        "format": BACKUP_MANIFEST_FORMAT,
        "version": 1,
        "file": backup.name,
        "sha256": _sha256_file(backup),
        "size": backup.stat().st_size,
        "store_id": store_id,
        "store_format": schema_version,
        "app_version": __version__,
        "taken_at": at,
        ANCHOR_KEY: {"store_id": store_id, "entry": entry, "hash": digest, "recorded_at": at},
    }
    target = manifest_path_for(backup)
    _write_json_atomic(target, data, "backup manifest")
    return target


def read_anchor_file(path: str | Path) -> Anchor:
    """The anchor in a backup manifest, a publication pack manifest, or beside a backup.

    A backup file is read through its manifest (``<backup>.manifest.json``), whose
    SHA-256 of the backup must match; a backup without a manifest needs its
    passphrase (see :func:`backup_anchor`).
    """
    path = Path(path).expanduser()
    if not path.is_file():
        raise InputFileError(f"There is no file at {path} to compare the audit chain with.")
    with open(path, "rb") as handle:
        start = handle.read(16)
    if not start.lstrip().startswith(b"{"):
        manifest = manifest_path_for(path)
        if not manifest.is_file():
            raise InputFileError(
                f"{path.name} has no manifest beside it ({manifest.name}).",
                hint="Give the manifest file, or the backup's passphrase with "
                "--against-passphrase-file to read the chain head from the backup itself.",
            )
        anchor = read_anchor_file(manifest)
        data = _load_json(manifest)
        if data.get("sha256") and data.get("sha256") != _sha256_file(path):
            raise InputFileError(
                f"The backup {path.name} does not match its manifest: the file was changed "
                "or replaced after it was written.",
                hint="Compare with another backup, or with the manifest alone.",
            )
        return anchor
    data = _load_json(path)
    value = data.get(ANCHOR_KEY)
    if data.get("format") == BACKUP_MANIFEST_FORMAT:
        taken = audit.when(str(data.get("taken_at", "")))
        source = f"a backup taken on {taken} ({data.get('file', path.name)})"
    elif "draft_version" in data or "files" in data:
        written = value.get("recorded_at") if isinstance(value, dict) else None
        written = written or data.get("generated_at") or ""
        review = f" for {data['review']}" if isinstance(data.get("review"), str) else ""
        source = f"the publication pack manifest{review} written on {audit.when(str(written))}"
        if isinstance(value, dict) and not value.get("recorded_at"):
            value = {**value, "recorded_at": str(written)}
    else:
        source = f"the anchor in {path.name}"
    found = anchor_from(value, source, str(data.get("store_id") or ""))
    if found is None:
        raise InputFileError(
            f"{path.name} holds no audit chain head ('{ANCHOR_KEY}' with an entry number "
            "and a hash).",
            hint="Give a backup, its manifest, or a publication pack manifest.json.",
        )
    return found


def nearby_backup_anchors(folder: Path, store_id: str, limit: int = 50) -> list[Anchor]:
    """Backup manifests of this store lying in ``folder`` (e.g. beside the store), newest first.

    A manifest is an anchor even when its backup was moved or deleted.
    """
    try:
        manifests = sorted(
            folder.glob("*" + MANIFEST_SUFFIX), key=lambda p: p.stat().st_mtime, reverse=True
        )
    except OSError:
        return []
    found = []
    for manifest in manifests[: limit * 2]:
        try:
            if _load_json(manifest).get("format") != BACKUP_MANIFEST_FORMAT:
                continue
            anchor = read_anchor_file(manifest)
        except (InputFileError, OSError):
            continue
        if anchor.store_id == store_id:
            found.append(anchor)
        if len(found) >= limit:
            break
    return found


def _load_json(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > MAX_ANCHOR_FILE:
            raise InputFileError(f"{path.name} is too large to be a manifest.")
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise InputFileError(f"{path.name} is not a JSON manifest.") from None
    except OSError as exc:
        raise InputFileError(f"{path.name} could not be read: {exc.strerror}.") from None
    if not isinstance(data, dict):
        raise InputFileError(f"{path.name} is not a manifest (no JSON object).")
    return data


def backup_anchor(path: str | Path, passphrase: str) -> Anchor:
    """Open a backup (read only, not upgraded) and read the head its chain ends with."""
    from dhrdesk.core.errors import StoreOpenError
    from dhrdesk.store.database import Store

    path = Path(path).expanduser()
    try:
        backup = Store.open(path, passphrase, migrate=False)
    except StoreOpenError as exc:
        raise InputFileError(f"The backup could not be opened: {exc.message}") from None
    try:
        last = backup.audit_entries(1)
        store_id = backup.store_id
    finally:
        backup.close()
    if not last:
        raise InputFileError(f"The backup {path.name} has no audit log.")
    taken = audit.when(last[0].at)
    return Anchor(
        last[0].seq, last[0].hash, last[0].at, f"a backup taken on {taken} ({path.name})", store_id
    )


# --------------------------------------------------------------------------- comparing
def compare(items: list[audit.AuditEntry], anchor: Anchor, store_id: str) -> Finding:
    """How the chain relates to an anchor, in words a chair reads."""
    source = anchor.source
    if anchor.store_id and store_id and anchor.store_id != store_id:
        return Finding(
            "other store",
            f"{source} belongs to another store (id {anchor.store_id}), so it was not compared",
            anchor,
        )
    by_seq = {e.seq: e for e in items}
    last = items[-1].seq if items else 0
    entry = by_seq.get(anchor.entry)
    if entry is not None and entry.hash == anchor.hash:
        return Finding("match", f"matches {source}: entry {anchor.entry}", anchor)
    anchored = _moment(anchor.recorded_at)
    restores = [
        e
        for e in items
        if e.kind == "store.restore"
        and e.seq <= anchor.entry
        and anchored is not None
        and (_moment(e.at) or anchored) > anchored
    ]
    if restores:
        r = restores[0]
        return Finding(
            "older",
            f"{source} recorded entry {anchor.entry}; on {audit.when(r.at)} this store was "
            f"replaced by an older backup that ended at entry {r.seq - 1} (entry {r.seq} "
            f"records the restore), so the entries after {r.seq - 1} that were recorded "
            "before the restore are not in it. The store is older, not altered",
            anchor,
        )
    if entry is None:
        end = items[-1] if items else None
        if end is not None and end.kind == "store.backup":
            return Finding(
                "older",
                f"the chain ends at entry {last}, where a backup was taken on "
                f"{audit.when(end.at)}, but {source} recorded entry {anchor.entry}. This store "
                "is an older copy (that backup), not altered - unless someone cut the chain "
                "back to exactly that backup",
                anchor,
            )
        return Finding(
            "truncated",
            f"the chain ends at entry {last} but {source} recorded entry {anchor.entry} "
            f"(hash {anchor.hash[:12]}…): the {anchor.entry - last} newest entries were "
            "removed from the log",
            anchor,
        )
    return Finding(
        "rewritten",
        f"the chain ends at entry {last} but {source} recorded entry {anchor.entry} with "
        f"another hash ({anchor.hash[:12]}… there, {entry.hash[:12]}… here): the log was "
        f"rewritten, or cut back and written again, at or before entry {anchor.entry}",
        anchor,
    )
