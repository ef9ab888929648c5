"""Commands about the store itself: window, init, info, verify, passphrase, backup,
restore, demo, and the review list."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from dhrdesk.cli.base import (
    DEFAULT_DEMO_OUT,
    DEMO_DISPLAY_NAME,
    DEMO_PASSPHRASE,
    OVERWRITE_ARG,
    Context,
    _login_name,
    _out,
    _run_gui,
    _warn,
    arg,
    command,
    file_arg,
    new_out_file,
    out_arg,
    passphrase_file_arg,
    secret_from,
)
from dhrdesk.core.errors import (
    EXIT_ERROR,
    EXIT_OK,
    DhrDeskError,
    InputFileError,
    StoreExistsError,
)
from dhrdesk.store import paths


# --------------------------------------------------------------------------- commands
@command(
    "gui",
    "open the window (the same as running dhrdesk with no arguments)",
)
def cmd_gui(args: argparse.Namespace, ctx: Context) -> int:
    store = getattr(args, "store", None)
    return _run_gui(Path(store).expanduser() if store is not None else None)


@command(
    "init",
    "create a new encrypted store",
    arg(
        "--name",
        metavar="DISPLAY_NAME",
        help="your name as it appears in the audit log (default: your login name)",
    ),
    description=(
        "Create a new encrypted store at --store (or the default location). "
        "When prompting, the passphrase is asked twice."
    ),
)
def cmd_init(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.store import Store

    path = ctx.store_path
    if path.exists():
        raise StoreExistsError(
            f"A file already exists at {path}.",
            hint="Open it instead, or choose another file with --store.",
        )
    name = args.name if args.name is not None else _login_name()
    passphrase = ctx.passphrase(confirm=True, prompt=f"New passphrase for {path}: ")
    ctx.adopt(Store.create(path, passphrase, name))
    _out(f"Created the encrypted store {path}")
    _out(f"Changes are recorded in its audit log as made by '{name.strip()}'.")
    _out("Keep the passphrase safe: it cannot be recovered, DHR Desk has no back door.")
    return EXIT_OK


@command(
    "info",
    "show the store's format, encryption and record counts",
    arg("--json", action="store_true", help="print the details as JSON"),
)
def cmd_info(args: argparse.Namespace, ctx: Context) -> int:
    info = ctx.store.info()
    if args.json:
        _out(json.dumps(info, indent=2, sort_keys=True, default=str))
        return EXIT_OK
    rows = [
        ("Store", info.get("path", "")),
        (
            "Store format",
            f"{info.get('schema_version')} (this app reads up to {info.get('app_schema_version')})",
        ),
        ("SQLCipher", info.get("sqlcipher_version", "")),
        ("SQLite", info.get("sqlite_version", "")),
        ("Encryption", info.get("cipher", "")),
        ("KDF iterations", f"{info.get('kdf_iterations', 0):,} (PBKDF2-HMAC-SHA512)"),
        ("Created", info.get("created_at") or "unknown"),
        ("Audit name", info.get("display_name", "")),
        ("Store id", info.get("store_id", "")),
        ("Audit chain head", _head_text(info.get("audit_chain_head"))),
    ]
    width = max(len(label) for label, _ in rows) + 2
    for label, value in rows:
        _out(f"{label + ':':<{width}}{value}")
    counts = info.get("counts", {})
    _out("Records:")
    count_width = max([len(t) for t in counts] + [width - 3]) + 2
    for table, count in sorted(counts.items()):
        _out(f"  {table + ':':<{count_width}}{count:,}")
    return EXIT_OK


def _head_text(head: Any) -> str:
    if not isinstance(head, dict):
        return "unknown"
    return f"entry {head.get('entry')}, hash {head.get('hash')}"


def _against_passphrase(args: argparse.Namespace, path: Path, what: str) -> str:
    """The passphrase of the package or backup compared with (its file, else a prompt)."""
    return secret_from(
        args.against_passphrase_file,
        "against",
        prompt=f"Passphrase of the {what} {path.name}: ",
        confirm=False,
        what=f"{what} passphrase",
    )


def _against_anchor(path: Path, args: argparse.Namespace) -> Any:
    """The chain head recorded in a backup (its manifest, else the backup itself), a
    manifest, or an agency package."""
    from dhrdesk.store import anchors

    path = Path(path).expanduser()
    if path.is_file() and path.suffix.lower() == ".dhrpkg":
        from dhrdesk.exchange import package

        return package.package_anchor(path, _against_passphrase(args, path, "package"))
    if path.is_file() and not anchors.manifest_path_for(path).is_file():
        with open(path, "rb") as handle:
            looks_json = handle.read(16).lstrip().startswith(b"{")
        if not looks_json:
            return anchors.backup_anchor(path, _against_passphrase(args, path, "backup"))
    return anchors.read_anchor_file(path)


@command(
    "verify",
    "check encryption, structure, links, the audit log and the records against it",
    arg("--reindex", action="store_true", help="also rebuild the search index"),
    arg(
        "--against",
        type=Path,
        action="append",
        default=[],
        metavar="FILE",
        help="also compare the audit chain with the head recorded in FILE: a backup (read "
        "through its .manifest.json, else opened with its passphrase), a backup manifest, "
        "a publication pack manifest.json, or an agency package; repeat for several",
    ),
    arg(
        "--against-passphrase-file",
        type=Path,
        metavar="FILE",
        help="the passphrase of an --against backup without a manifest, or of a package",
    ),
    description=(
        "Run cipher_integrity_check, integrity_check, the foreign key check, the audit "
        "hash chain check, and recompute every record's content hash against its latest "
        "audit entry. The chain's head is compared with the heads recorded outside the "
        "store: the settings on this computer and every --against FILE. The first check "
        "after the upgrade to store format 7 records the baseline of record hashes. "
        "Exit code 1 when any check fails."
    ),
)
def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    # Read every anchor first: a bad --against file stops here and changes nothing.
    against = [_against_anchor(p, args) for p in args.against]
    store = ctx.store
    try:
        report = store.verify(reindex=args.reindex, against=against)
    except ImportError as exc:
        # The search index arrives with a later issue; until then, run the other checks.
        if not args.reindex or not (exc.name or "").startswith("dhrdesk"):
            raise
        _warn("the search index is not available in this version yet; ran the other checks.")
        report = store.verify(reindex=False, against=against)
    for line in report.lines():
        _out(line)
    return EXIT_OK if report.ok else EXIT_ERROR


@command(
    "change-passphrase",
    "re-encrypt the store under a new passphrase",
    passphrase_file_arg("new", twice=True),
)
def cmd_change_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    current = ctx.passphrase()
    new = secret_from(
        args.new_passphrase_file,
        "new",
        prompt="New passphrase: ",
        confirm=True,
    )
    store.change_passphrase(current, new)
    _out(f"The passphrase of {store.path} was changed.")
    _out("Backups made before now still open with the passphrase they were made with.")
    return EXIT_OK


@command(
    "backup",
    "write an encrypted backup with its own passphrase",
    out_arg("where to write the backup"),
    passphrase_file_arg("backup", "backup's", twice=True),
    OVERWRITE_ARG,
)
def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    out = new_out_file(args)
    store = ctx.store
    backup_passphrase = secret_from(
        args.backup_passphrase_file,
        "backup",
        prompt="Passphrase for the backup: ",
        confirm=True,
    )
    written = store.backup(out, backup_passphrase)
    _out(f"Backup written to {written}")
    head = store.chain_head()
    _out(
        f"Its manifest (SHA-256, audit chain head entry {head[0]}; no case data) is beside "
        f"it: {written.name}.manifest.json. Keep the two together."
    )
    _out(
        "It is encrypted with the backup passphrase, not the store passphrase; "
        "without the backup passphrase it cannot be restored."
    )
    return EXIT_OK


@command(
    "restore",
    "replace the store with the content of an encrypted backup",
    file_arg("the backup file"),
    passphrase_file_arg("backup", "backup's"),
    description=(
        "Verify the backup, then replace the store at --store (or the default) with it. "
        "The restored store opens with the store passphrase given the usual way "
        "(--passphrase-file, DHRDESK_PASSPHRASE or a prompt), not the backup passphrase. "
        "The current store is kept aside until the restore has succeeded."
    ),
)
def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.store import restore_backup

    backup_file = Path(args.file).expanduser()
    if not backup_file.is_file():
        raise InputFileError(f"There is no backup file at {backup_file}.")
    backup_passphrase = secret_from(
        args.backup_passphrase_file,
        "backup",
        prompt=f"Passphrase of the backup {backup_file.name}: ",
        confirm=False,
    )
    target = ctx.store_path
    existed = target.exists()
    new_passphrase = ctx.passphrase(
        confirm=True, prompt=f"Passphrase for the restored store {target}: "
    )
    restored = restore_backup(target, backup_file, backup_passphrase, new_passphrase)
    if existed:
        _out(f"Restored {backup_file} into {restored}, replacing the store that was there.")
    else:
        _out(f"Restored {backup_file} into a new store at {restored}.")
    _out("The store now opens with the store passphrase you gave, not the backup passphrase.")
    return EXIT_OK


@command(
    "demo",
    "build the fictional demo store and write its documents",
    arg(
        "--out",
        type=Path,
        default=DEFAULT_DEMO_OUT,
        metavar="DIR",
        help=f"folder for the generated documents (default: ./{DEFAULT_DEMO_OUT})",
    ),
    description=(
        "Create (or reuse) a store holding one fully fictional review and write its "
        "documents to DIR. Without --store the demo store lives in the data folder; "
        "without a passphrase from --passphrase-file or DHRDESK_PASSPHRASE it uses the "
        f"public demo passphrase '{DEMO_PASSPHRASE}'. The demo store holds only "
        "invented data: never put real case data in it."
    ),
)
def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.store import Store

    if ctx.store_given:
        path = ctx.store_path
        passphrase = ctx.passphrase(confirm=not ctx.store_path.exists())
    else:
        path = paths.demo_store_path()
        passphrase = ctx.given_passphrase() or DEMO_PASSPHRASE
    try:
        from dhrdesk.demo import run_demo
    except ModuleNotFoundError as exc:
        if exc.name != "dhrdesk.demo":
            raise
        raise DhrDeskError("The demo is not available in this version of DHR Desk.") from None
    if path.exists():
        store = ctx.adopt(ctx.open_store(path, passphrase))
        _out(f"Using the demo store {path}")
    else:
        store = ctx.adopt(Store.create(path, passphrase, DEMO_DISPLAY_NAME))
        _out(f"Created the demo store {path} (fictional data only)")
        if passphrase == DEMO_PASSPHRASE:
            _out(f"It opens with the demo passphrase: {DEMO_PASSPHRASE}")
    out_dir = Path(args.out).expanduser()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = run_demo(store, out_dir)
    for file in written:
        _out(f"Wrote {file}")
    return EXIT_OK


@command("review list", "list the reviews: reference, stage and title, tab-separated")
def cmd_review_list(args: argparse.Namespace, ctx: Context) -> int:
    reviews = ctx.store.repos.reviews.list()
    for review in reviews:
        _out(f"{review.reference}\t{review.stage}\t{review.title}")
    if not reviews:
        print("No reviews in this store yet.", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- interchange
