"""The `dhrdesk` command line: the headless face of the same operations the window uses.

Structure, so later issues can add commands without touching the plumbing:

* every command is a small function ``(args, ctx) -> int`` registered with
  :func:`command`; a name with a space (``"review list"``) becomes a nested
  subcommand, its group created on first use (give it help text in ``GROUPS``);
* :class:`Context` resolves the store path and the passphrase and opens the
  store only when a command first asks for ``ctx.store``, so ``--version`` or a
  usage error never prompts or touches a file;
* :func:`main` turns every :class:`DhrDeskError` into ``dhrdesk: error: ...``
  and its exit code, so a user never sees a traceback.

No Qt here: the GUI is imported only inside the branch that starts it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk import __version__
from dhrdesk.core.errors import (
    EXIT_ERROR,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PUBLICATION_BLOCKED,
    EXIT_STORE,
    EXIT_USAGE,
    DhrDeskError,
    InputFileError,
    StoreExistsError,
    StoreNotFoundError,
    UsageError,
)
from dhrdesk.store import paths

if TYPE_CHECKING:
    from dhrdesk.store import Store

PASSPHRASE_ENV = "DHRDESK_PASSPHRASE"
DEBUG_ENV = "DHRDESK_DEBUG"
EXIT_INTERRUPTED = 130

# The demo store holds only invented data, so its passphrase can be public.
DEMO_PASSPHRASE = "demo store - fictional data only"
DEMO_DISPLAY_NAME = "Demo chair (fictional)"
DEFAULT_DEMO_OUT = Path("demo-output")

NO_PASSPHRASE_MESSAGE = (
    "No passphrase given: use --passphrase-file, DHRDESK_PASSPHRASE, or run in a terminal."
)

EXIT_CODES_TEXT = f"""\
exit codes:
  {EXIT_OK}  ok
  {EXIT_ERROR}  other error
  {EXIT_USAGE}  usage error (wrong options, weak or missing passphrase)
  {EXIT_STORE}  cannot open the store (wrong passphrase, not a store, corrupt, newer version)
  {EXIT_INPUT}  an input file is invalid (nothing was changed)
  {EXIT_PUBLICATION_BLOCKED}  publication blocked by the anonymisation check

passphrase: from --passphrase-file FILE (its first line), else the
{PASSPHRASE_ENV} environment variable, else a prompt that does not echo.
Run 'dhrdesk' with no arguments to open the window. See docs/cli.md.
"""


# --------------------------------------------------------------------------- registry
@dataclass(frozen=True)
class Arg:
    """One argparse argument of a command: ``Arg("--out", type=Path, required=True)``."""

    flags: tuple[str, ...]
    kwargs: dict[str, Any] = field(default_factory=dict)


def arg(*flags: str, **kwargs: Any) -> Arg:
    return Arg(flags, kwargs)


CommandFunc = Callable[[argparse.Namespace, "Context"], int]


@dataclass(frozen=True)
class Command:
    name: str
    func: CommandFunc
    help: str
    description: str
    arguments: tuple[Arg, ...]


COMMANDS: dict[str, Command] = {}

# Help text for command groups (the first word of a two-word command).
GROUPS: dict[str, str] = {"review": "work with the reviews held in the store"}


def command(
    name: str, help: str, *arguments: Arg, description: str = ""
) -> Callable[[CommandFunc], CommandFunc]:
    """Register ``func`` as the command ``name`` (words separated by single spaces)."""

    def register(func: CommandFunc) -> CommandFunc:
        if name in COMMANDS:
            raise ValueError(f"command {name!r} registered twice")
        COMMANDS[name] = Command(name, func, help, description or help, tuple(arguments))
        return func

    return register


# --------------------------------------------------------------------------- passphrases
def read_passphrase_file(path: Path, what: str = "passphrase file") -> str:
    """The first line of ``path``, without its line ending. Clear errors, never a traceback."""
    try:
        data = path.expanduser().read_bytes()
    except FileNotFoundError:
        raise InputFileError(f"The {what} {path} does not exist.") from None
    except IsADirectoryError:
        raise InputFileError(f"The {what} {path} is a folder, not a file.") from None
    except OSError as exc:
        raise InputFileError(f"The {what} {path} cannot be read: {exc.strerror}.") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"The {what} {path} is not UTF-8 text.") from None
    first = text.split("\n", 1)[0].removesuffix("\r")
    if not first:
        raise InputFileError(
            f"The {what} {path} is empty.",
            hint="Put the passphrase on its first line.",
        )
    _warn_if_readable_by_others(path, what)
    return first


def _warn_if_readable_by_others(path: Path, what: str) -> None:
    if os.name != "posix":
        return
    try:
        mode = path.expanduser().stat().st_mode
    except OSError:
        return
    if mode & 0o077:
        _warn(
            f"the {what} {path} can be read by other users of this computer; "
            f"'chmod 600 {path}' makes it private."
        )


def _stdin_is_tty() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (ValueError, OSError):
        return False


def prompt_secret(prompt: str, *, confirm: bool = False) -> str:
    """Ask without echo; with ``confirm`` ask twice and refuse a mismatch (exit 2)."""
    try:
        first = getpass.getpass(prompt)
        if confirm:
            second = getpass.getpass("Type it again to confirm: ")
            if first != second:
                raise UsageError("The two passphrases do not match. Nothing was changed.")
    except EOFError:
        raise UsageError("No passphrase was entered.") from None
    if not first:
        raise UsageError("No passphrase was entered.")
    return first


def secret_from(file: Path | None, *, option: str, prompt: str, confirm: bool, what: str) -> str:
    """A passphrase that has its own file option (backup, new passphrase) or a prompt."""
    if file is not None:
        return read_passphrase_file(file, f"{what} file")
    if _stdin_is_tty():
        return prompt_secret(prompt, confirm=confirm)
    raise UsageError(f"No {what} given: use {option}, or run in a terminal.")


# --------------------------------------------------------------------------- context
class Context:
    """What a command needs besides its arguments; opens the store only when asked."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self._store: Store | None = None
        self._passphrase: str | None = None

    # paths
    @property
    def store_given(self) -> bool:
        """True when the user named a store with --store."""
        return getattr(self.args, "store", None) is not None

    @property
    def store_path(self) -> Path:
        given = getattr(self.args, "store", None)
        return Path(given).expanduser() if given is not None else paths.default_store_path()

    # passphrase
    def given_passphrase(self) -> str | None:
        """The passphrase from --passphrase-file or the environment, without prompting."""
        file = getattr(self.args, "passphrase_file", None)
        if file is not None:
            return read_passphrase_file(Path(file))
        env = os.environ.get(PASSPHRASE_ENV)
        if env:
            return env
        return None

    def passphrase(self, *, confirm: bool = False, prompt: str | None = None) -> str:
        """From the usual sources in order; ``confirm`` makes a prompt ask twice."""
        if self._passphrase is not None:
            return self._passphrase
        value = self.given_passphrase()
        if value is None:
            if not _stdin_is_tty():
                raise UsageError(NO_PASSPHRASE_MESSAGE)
            value = prompt_secret(prompt or f"Passphrase for {self.store_path}: ", confirm=confirm)
        self._passphrase = value
        return value

    # store
    @property
    def store(self) -> Store:
        """The store named by --store (or the default), opened on first use."""
        if self._store is None:
            self._store = self.open_store(self.store_path)
        return self._store

    def open_store(self, path: Path, passphrase: str | None = None) -> Store:
        from dhrdesk.store import Store

        if not path.exists():
            raise StoreNotFoundError(
                f"There is no store at {path}.",
                hint="Create one with 'dhrdesk init', or name another with --store.",
            )
        opened = Store.open(path, passphrase if passphrase is not None else self.passphrase())
        backup = getattr(opened, "upgrade_backup", None)
        if backup is not None:
            _warn(
                f"the store was upgraded to the current format; a backup of the previous "
                f"version was written to {backup}."
            )
        return opened

    def adopt(self, store: Store) -> Store:
        """Hand a store opened or created by a command to the context, which closes it."""
        self._store = store
        return store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def _out(text: str = "") -> None:
    print(text, file=sys.stdout)


def _warn(text: str) -> None:
    print(f"dhrdesk: warning: {text}", file=sys.stderr)


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


def _login_name() -> str:
    try:
        return getpass.getuser() or "unknown user"
    except (KeyError, OSError, ImportError):
        return "unknown user"


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


def _against_anchor(path: Path, args: argparse.Namespace) -> Any:
    """The chain head recorded in a backup (its manifest, else the backup itself), a
    manifest, or an agency package."""
    from dhrdesk.store import anchors

    path = Path(path).expanduser()
    if path.is_file() and path.suffix.lower() == ".dhrpkg":
        from dhrdesk.exchange import package

        passphrase = secret_from(
            args.against_passphrase_file,
            option="--against-passphrase-file",
            prompt=f"Passphrase of the package {path.name}: ",
            confirm=False,
            what="package passphrase",
        )
        return package.package_anchor(path, passphrase)
    if path.is_file() and not anchors.manifest_path_for(path).is_file():
        with open(path, "rb") as handle:
            looks_json = handle.read(16).lstrip().startswith(b"{")
        if not looks_json:
            passphrase = secret_from(
                args.against_passphrase_file,
                option="--against-passphrase-file",
                prompt=f"Passphrase of the backup {path.name}: ",
                confirm=False,
                what="backup passphrase",
            )
            return anchors.backup_anchor(path, passphrase)
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
    arg(
        "--new-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the new passphrase from the first line of FILE (else prompt twice)",
    ),
)
def cmd_change_passphrase(args: argparse.Namespace, ctx: Context) -> int:
    store = ctx.store
    current = ctx.passphrase()
    new = secret_from(
        args.new_passphrase_file,
        option="--new-passphrase-file",
        prompt="New passphrase: ",
        confirm=True,
        what="new passphrase",
    )
    store.change_passphrase(current, new)
    _out(f"The passphrase of {store.path} was changed.")
    _out("Backups made before now still open with the passphrase they were made with.")
    return EXIT_OK


@command(
    "backup",
    "write an encrypted backup with its own passphrase",
    arg("--out", type=Path, required=True, metavar="FILE", help="where to write the backup"),
    arg(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the backup's passphrase from the first line of FILE (else prompt twice)",
    ),
    arg("--overwrite", action="store_true", help="replace FILE if it already exists"),
)
def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    out = Path(args.out).expanduser()
    if out.exists() and not args.overwrite:
        raise DhrDeskError(
            f"A file already exists at {out}.",
            hint="Choose another name, or add --overwrite to replace it.",
        )
    store = ctx.store
    backup_passphrase = secret_from(
        args.backup_passphrase_file,
        option="--backup-passphrase-file",
        prompt="Passphrase for the backup: ",
        confirm=True,
        what="backup passphrase",
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
    arg("file", type=Path, metavar="FILE", help="the backup file"),
    arg(
        "--backup-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the backup's passphrase from the first line of FILE (else prompt)",
    ),
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
        option="--backup-passphrase-file",
        prompt=f"Passphrase of the backup {backup_file.name}: ",
        confirm=False,
        what="backup passphrase",
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
PLAINTEXT_NOTICE = (
    "This file is PLAINTEXT by design: it holds the whole review, including the "
    "restricted identity register, unencrypted. Keep it only on storage you control "
    "and delete it once it has been imported."
)


def _outside_home(path: Path) -> bool:
    try:
        home = Path.home().resolve()
    except (RuntimeError, OSError):
        return True
    return not path.resolve().is_relative_to(home)


@command(
    "export-review",
    "write one review (with its restricted register) to a plaintext JSON file",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--out", type=Path, required=True, metavar="FILE", help="the JSON file to write"),
    arg(
        "--no-timestamp",
        action="store_true",
        help="write exported_at as null, so exporting the same review twice gives identical files",
    ),
    description=(
        "Write everything of one review to FILE in the documented interchange format "
        "(docs/interchange.md). The file is written atomically with mode 0600 and replaces "
        "FILE if it exists. It is PLAINTEXT by design, for moving a review between stores "
        "you control: it holds the restricted identity register unencrypted."
    ),
)
def cmd_export_review(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import review_json

    out = Path(args.out).expanduser()
    data = review_json.export_review(ctx.store, args.reference, timestamp=not args.no_timestamp)
    written = review_json.write_file(out, review_json.dumps(data))
    _out(f"Exported review '{data['review']['reference']}' to {written}")
    _out(f"  {review_json.summary(data)}")
    _out(PLAINTEXT_NOTICE)
    if _outside_home(written):
        _warn(
            f"{written} is outside your home folder: make sure this place is private to "
            "you (not a shared, removable or synced drive)."
        )
    return EXIT_OK


@command(
    "import-review",
    "import a review from a JSON file written by export-review",
    arg("file", type=Path, metavar="FILE", help="the JSON file to import"),
    arg("--replace", action="store_true", help="replace a review with the same reference"),
    arg("--as-new", metavar="NEW-REF", help="import under a new reference"),
    description=(
        "Check FILE completely (format version, JSON Schema, dates, references), then "
        "import it in one transaction: an invalid file changes nothing (exit code 4). "
        "When the store already holds the reference, give --replace (the existing review "
        "is deleted in the same transaction) or --as-new NEW-REF; otherwise exit code 1."
    ),
)
def cmd_import_review(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import review_json

    if args.replace and args.as_new is not None:
        raise UsageError("Give either --replace or --as-new, not both.")
    data = review_json.load_review_file(args.file)  # before the passphrase: bad files fail fast
    mode = "replace" if args.replace else "as_new" if args.as_new is not None else "fail"
    try:
        reference = review_json.import_review(ctx.store, data, mode, args.as_new)
    except review_json.ReviewExistsError as exc:
        raise DhrDeskError(
            f"A review with the reference '{exc.reference}' already exists: "
            "use --replace or --as-new NEW-REF."
        ) from None
    _out(f"Imported review '{reference}' from {args.file}")
    _out(f"  {review_json.summary(data)}")
    return EXIT_OK


# --------------------------------------------------------------------------- agency chronologies
def _read_received_file(path: Path) -> bytes:
    """The bytes of a file an agency sent, refused early when missing or too large."""
    from dhrdesk.exchange.chronology_import import MAX_FILE_BYTES

    path = path.expanduser()
    try:
        if not path.is_file():
            raise InputFileError(f"There is no file at {path}.")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputFileError(
                f"{path.name} is {size / 1024 / 1024:.1f} MB; the limit for a chronology is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB.",
                hint="Split it, or remove pictures and other embedded objects.",
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{path} cannot be read: {exc.strerror or exc}.") from None


def _print_limited(title: str, lines: list[str], limit: int = 40) -> None:
    if not lines:
        return
    _out(title)
    for line in lines[:limit]:
        _out(f"  {line}")
    if len(lines) > limit:
        _out(f"  ... and {len(lines) - limit} more")


def _import_progress() -> Any:
    """Progress of a large import on a terminal ("Importing 12,000 of 40,000 rows"), on
    stderr so that output stays clean; Ctrl+C cancels (the transaction rolls back)."""
    from dhrdesk.exchange.chronology_import import ImportProgress

    if not sys.stderr.isatty():
        return None

    def report(stage: str, done: int, total: int) -> None:
        if total >= 2000:
            end = "\n" if done >= total else ""
            print(f"\r{stage} {done:,} of {total:,} rows", end=end, file=sys.stderr, flush=True)

    return ImportProgress(report, every=1000)


@command(
    "import-chronology",
    "import an agency's chronology from a CSV, XLSX or DOCX file",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("file", type=Path, metavar="FILE", help="the chronology file the agency sent"),
    arg("--agency", required=True, metavar="NAME", help="the agency (added if new)"),
    arg("--sheet", metavar="NAME", help="the worksheet to read (default: the best match)"),
    arg("--table", type=int, metavar="N", help="the Word table to read, 1 = first"),
    arg(
        "--yes",
        action="store_true",
        help="import without asking (only when the mapping is unambiguous and no row has "
        "a problem)",
    ),
    description=(
        "Read FILE (the kind is found from its content), show how its columns map to the "
        "chronology fields and the problems found per row, then ask before importing. "
        "The file is kept, encrypted, in the store with its SHA-256 (the receipt log). "
        "Importing the same file again adds no duplicate rows. A refused file changes "
        "nothing (exit code 4)."
    ),
)
def cmd_import_chronology(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core import model
    from dhrdesk.exchange import chronology_import as ci

    path = Path(args.file).expanduser()
    content = _read_received_file(path)
    progress = _import_progress()
    raw = ci.read_table(
        path.name, content, sheet=args.sheet, table=args.table, progress=progress
    )  # fail fast
    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    agency = store.repos.agency_input.agency_by_name(review.id, args.agency)
    subjects = {s.pseudonym: s.id for s in store.repos.records.list(model.Subject, review.id)}
    mapping = ci.guess_mapping(raw.headers)
    preview = ci.preview(
        raw, mapping, review.id, agency.id if agency else None, subjects=subjects, progress=progress
    )

    _out(f"Read {path.name} ({raw.source}): {len(preview.rows)} row(s).")
    _print_limited("Notes:", raw.notes)
    _print_limited("Columns (field <- column header):", ci.describe_mapping(mapping, raw.headers))
    _print_limited("Problems (these rows cannot be imported):", preview.problem_lines())
    _print_limited("Warnings:", preview.warning_lines())
    if agency is None:
        _out(
            f"'{' '.join(args.agency.split())}' is not an agency of {review.reference} yet; "
            "it will be added."
        )

    reasons = list(preview.mapping_problems)
    if preview.error_count:
        reasons.append(f"{preview.error_count} row(s) have problems (listed above)")
    if reasons:
        raise InputFileError(
            "Nothing was imported: " + "; ".join(r.rstrip(".") for r in reasons) + ".",
            hint="Correct the file and import it again.",
        )
    if args.yes:
        if mapping.ambiguous:
            fields = ", ".join(sorted(mapping.ambiguous))
            raise InputFileError(
                f"Nothing was imported: the columns for {fields} are ambiguous, so --yes "
                "cannot decide.",
                hint="Rename the column headers in the file, or run without --yes in a "
                "terminal to confirm.",
            )
    elif not _stdin_is_tty():
        raise UsageError(
            "Nothing was imported: confirm in a terminal, or add --yes to import without asking."
        )
    else:
        question = (
            f"Import {preview.ok_count} row(s) from {path.name} into {review.reference} "
            f"for {' '.join(args.agency.split())}? [y/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            _out("Nothing was imported.")
            return EXIT_OK
    result = ci.apply_import(
        store, review.id, args.agency, path.name, content, preview, progress=progress
    )
    _out(f"Imported into {review.reference}: {result.summary()}")
    if result.agency_added:
        _out(f"Added the agency '{' '.join(args.agency.split())}' to the review.")
    return EXIT_OK


@command(
    "imr-template",
    "write a blank IMR template (DOCX) for one agency of a review",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--agency", required=True, metavar="NAME", help="an agency of the review"),
    arg("--out", type=Path, required=True, metavar="FILE", help="the .docx file to write"),
    description=(
        "Write a Word template for an agency that does not use DHR Desk: front sheet, IMR "
        "sections with guidance, analysis headings per key line of enquiry, and a "
        "chronology table that 'dhrdesk import-chronology' reads back. It holds pseudonyms "
        "only, never the restricted register. FILE is written atomically (replaced if it "
        "exists)."
    ),
)
def cmd_imr_template(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import NotFoundError
    from dhrdesk.documents.output import atomic_write_bytes
    from dhrdesk.exchange.imr_template import build_imr_template

    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    agency = store.repos.agency_input.agency_by_name(review.id, args.agency)
    if agency is None:
        from dhrdesk.core import model

        known = ", ".join(a.name for a in store.repos.records.list(model.Agency, review.id))
        raise NotFoundError(
            f"'{args.agency}' is not an agency of {review.reference}.",
            hint=f"Its agencies are: {known}." if known else "It has no agencies yet.",
        )
    out = Path(args.out).expanduser()
    written = atomic_write_bytes(out, build_imr_template(store, review.id, agency.id))
    _out(f"Wrote the IMR template for {agency.name} to {written}")
    if out.suffix.lower() != ".docx":
        _warn(f"{out.name} does not end in .docx; Word may not recognise it.")
    return EXIT_OK


# --------------------------------------------------------------------------- documents
_REPORT_DOCUMENTS = (
    "overview",
    "executive-summary",
    "action-plan",
    "chronology",
    "terms-of-reference",
    "imr",
)


@command(
    "report",
    "generate a document of a review (overview, executive summary, action plan ...)",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--document", required=True, choices=_REPORT_DOCUMENTS, help="which document"),
    arg("--agency", metavar="NAME", help="the agency whose IMR to print (--document imr)"),
    arg("--edition", choices=("restricted", "publication"), default="restricted"),
    arg(
        "--format",
        dest="format",
        choices=("pdf", "docx", "html"),
        default="pdf",
        help="pdf, docx, or html (one self-contained, accessible HTML file)",
    ),
    arg("--out", type=Path, required=True, metavar="FILE", help="the file to write"),
    arg("--marking", metavar="TEXT", help="protective marking (default OFFICIAL-SENSITIVE)"),
    arg("--group-by-theme", action="store_true", help="group the action plan by theme"),
    arg("--key-events", action="store_true", help="chronology: key events only"),
    description=(
        "Write one document of the review, built from the store in the Home Office format. "
        "The restricted edition carries the protective marking on every page; the "
        "publication edition goes through the anonymisation check (exit 5 with the findings, "
        "nothing written, while anything blocks; see check-publication). FILE "
        "is written atomically: an existing file is replaced only when generation succeeded."
    ),
)
def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.build import DEFAULT_MARKING
    from dhrdesk.documents.builders import build_document, check_edition
    from dhrdesk.documents.output import atomic_write_bytes

    if args.document == "imr" and not (args.agency or "").strip():
        raise UsageError("An IMR belongs to one agency: name it with --agency NAME.")
    check_edition(args.document, args.edition)  # before the store is opened or a file touched
    if args.edition == "publication":  # through the anonymisation gate (issue 6)
        return _report_publication(args, ctx)
    document = build_document(
        ctx.store,
        args.reference,
        args.document,
        edition=args.edition,
        marking=args.marking or DEFAULT_MARKING,
        agency=args.agency,
        group_by_theme=args.group_by_theme,
        key_events_only=args.key_events,
    )
    if args.format == "docx":
        from dhrdesk.documents import docx as docx_backend

        data = docx_backend.render_docx(document)
    elif args.format == "html":
        from dhrdesk.documents.html import render_html

        data = render_html(document)
    else:
        from dhrdesk.documents.pdf import render_pdf

        data = render_pdf(document)
    written = atomic_write_bytes(Path(args.out).expanduser(), data)
    _out(f"Wrote the {document.kind_label.lower()} ({args.edition} edition) to {written}")
    return EXIT_OK


_LETTER_KINDS = ("home-office-notification", "agency-request", "family-first-letter")


@command(
    "letter",
    "write a standard letter of a review (Home Office, agency request, first family letter)",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--kind", required=True, choices=_LETTER_KINDS, help="which letter"),
    arg("--agency", metavar="NAME", help="the agency written to (--kind agency-request)"),
    arg(
        "--family-member",
        metavar="NAME",
        help="the family member written to (--kind family-first-letter)",
    ),
    arg("--format", dest="format", choices=("pdf", "docx"), default="pdf"),
    arg("--out", type=Path, required=True, metavar="FILE", help="the file to write"),
    description=(
        "Write one of the standard letters from its editable template in resources/letters "
        "(placeholders filled from the review; a value not recorded prints as "
        "[not recorded]). The letter carries the protective marking in its header and "
        "footer; the file's properties never hold a name. FILE is written atomically."
    ),
)
def cmd_letter(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.letters import build_letter, family_member_by_name, write_letter

    if args.kind == "agency-request" and not (args.agency or "").strip():
        raise UsageError("An agency letter goes to one agency: name it with --agency NAME.")
    if args.kind == "family-first-letter" and not (args.family_member or "").strip():
        raise UsageError(
            "The first family letter goes to one person: name them with --family-member NAME."
        )
    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    member_id = None
    if (args.family_member or "").strip():
        member_id = family_member_by_name(store, review.id, args.family_member).id
    letter = build_letter(
        store, review.id, args.kind, agency=args.agency, family_member_id=member_id
    )
    written = write_letter(letter, Path(args.out).expanduser(), args.format)
    _out(f"Wrote the {letter.kind_label.lower()} ({args.format.upper()}) to {written}")
    return EXIT_OK


# --------------------------------------------------------------------------- publication
def _print_findings(reports: list) -> None:
    """Each document's findings: place, context, blocking/warning/accepted, fingerprint."""
    for report in reports:
        for line in report.lines():
            _out(line)


def _print_blocked(err: DhrDeskError) -> None:
    findings = getattr(err, "findings", None) or []
    for finding in findings:
        _out(finding.describe())
        _out(f"      fingerprint: {finding.fingerprint}")


def _report_publication(args: argparse.Namespace, ctx: Context) -> int:
    """`report --edition publication`: substitute, scan, write, read back, or exit 5."""
    from dhrdesk.core.errors import PublicationBlockedError
    from dhrdesk.documents.gate import export_publication

    try:
        written = export_publication(
            ctx.store,
            args.reference,
            args.document,
            Path(args.out).expanduser(),
            args.format,
            group_by_theme=args.group_by_theme,
            key_events_only=args.key_events,
        )
    except PublicationBlockedError as err:
        _print_blocked(err)
        raise
    _out(
        f"Wrote the {written.document.lower()} (publication edition, checked before and "
        f"after writing; {written.accepted} accepted finding(s)) to {written.path}"
    )
    return EXIT_OK


@command(
    "check-publication",
    "scan the publication edition for identifiers; exit 5 while anything blocks",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg(
        "--document",
        action="append",
        choices=(
            "overview",
            "executive-summary",
            "action-plan",
            "chronology",
            "terms-of-reference",
        ),
        help="a document to check (repeatable; default: overview, executive summary, action plan)",
    ),
    arg("--accept", metavar="FINGERPRINT", help="keep this finding as written (chair)"),
    arg(
        "--replace",
        metavar="FINGERPRINT",
        help="this finding IS the registered identifier: replace it in that place",
    ),
    arg("--reason", metavar="TEXT", help="why (required with --accept/--replace, audited)"),
    arg("--withdraw", metavar="FINGERPRINT", help="withdraw an earlier resolution"),
    arg(
        "--sign-off",
        metavar="NAME",
        help="a second person (not the chair) signs off the current resolutions",
    ),
    arg("--sign-off-role", metavar="ROLE", default="", help="their role, e.g. CSP manager"),
    arg("--sign-off-date", metavar="DATE", help="the date they signed (default today)"),
    description=(
        "Build each document's publication edition (substituted from the restricted "
        "register) and scan it for register identifiers, dates to the day, postcodes, "
        "phone numbers, e-mail, NHS and NI numbers, street addresses and unconfirmed "
        "ordinary-word names, name parts shared with other people, misspellings of "
        "registered names, and names not in the register. Prints the unresolved findings "
        "and then the resolved ones, each with its place, context and fingerprint. Exit 5 "
        "while any finding is unresolved, 0 when every finding is resolved. --accept "
        "FINGERPRINT --reason TEXT keeps it as written; --replace FINGERPRINT --reason TEXT "
        "says it is the registered identifier (replaced in that place); both are recorded "
        "in the audit log. --sign-off NAME records a second person's sign-off of the "
        "current resolutions (required before a pack when the CSP asks for it). Nothing is "
        "written to disk."
    ),
)
def cmd_check_publication(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.gate import PACK_DOCUMENTS, check_publication, finding_by_fingerprint

    if args.accept and args.replace:
        raise UsageError("Give either --accept or --replace, not both.")
    chosen = args.accept or args.replace
    if chosen and not (args.reason or "").strip():
        raise UsageError("Give the reason for your decision with --reason TEXT.")
    if args.reason and not chosen:
        raise UsageError("--reason goes with --accept or --replace FINGERPRINT.")
    kinds = tuple(dict.fromkeys(args.document or PACK_DOCUMENTS))
    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    if args.withdraw:
        if args.withdraw not in store.repos.publication.acceptances(review.id):
            raise UsageError("No accepted finding has that fingerprint.")
        store.repos.publication.withdraw(review.id, args.withdraw)
        _out(f"Withdrew the acceptance of {args.withdraw}")
    if args.sign_off:
        import datetime as dt

        from dhrdesk.core.dates import parse_date

        day = parse_date(args.sign_off_date) if args.sign_off_date else dt.date.today()
        signoff = store.repos.publication.sign_off(
            review.id, args.sign_off, day, args.sign_off_role
        )
        _out(f"Signed off by {signoff.name} on {signoff.signed_on:%d/%m/%Y} (audited)")
    reports = check_publication(store, args.reference, kinds)
    if chosen:
        finding = finding_by_fingerprint(reports, chosen)
        if finding is None:
            raise UsageError(
                "No current finding has that fingerprint.",
                hint="Run check-publication without --accept and copy the fingerprint shown.",
            )
        decision = "replace" if args.replace else "keep"
        store.repos.publication.accept(review.id, finding, args.reason, decision=decision)
        verb = "Accepted" if decision == "keep" else "Marked for replacement"
        _out(f"{verb}: {chosen} (recorded in the audit log)")
        reports = check_publication(store, args.reference, kinds)
    _print_findings(reports)
    unresolved = sum(len(r.unresolved) for r in reports)
    resolved = sum(len(r.resolved) for r in reports)
    _out(f"Resolved: {resolved}. Unresolved: {unresolved}.")
    if unresolved:
        _out(f"Publication blocked: {unresolved} finding(s) to fix, register or accept.")
        return EXIT_PUBLICATION_BLOCKED
    _out("Every finding is resolved: nothing blocks publication.")
    return EXIT_OK


@command(
    "publication-pack",
    "write the publication pack (overview, executive summary, action plan, manifest)",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--out", type=Path, required=True, metavar="DIR", help="an existing folder"),
    description=(
        "Write the overview report, executive summary and action plan in the publication "
        "edition (PDF, and DOCX when available), each checked before writing and read back "
        "after, plus manifest.json and manifest.txt (files, SHA-256, sizes, draft version, "
        "check result) for the Community Safety Partnership. All or nothing: if any "
        "document blocks, nothing is left in DIR (exit 5, findings printed)."
    ),
)
def cmd_publication_pack(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import PublicationBlockedError
    from dhrdesk.documents.gate import publication_pack

    store = ctx.store
    review = store.repos.reviews.get(args.reference)
    try:
        manifest = publication_pack(store, review.id, Path(args.out).expanduser())
    except PublicationBlockedError as err:
        _print_blocked(err)
        raise
    _out(manifest.text().rstrip())
    _out(f"Wrote the publication pack to {manifest.folder}")
    return EXIT_OK


# --------------------------------------------------------------------------- submission
@command(
    "submission-check",
    "pre-flight and QA Board readiness of a review; exit 5 while anything fails",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    description=(
        "The pre-flight lists gaps that would leave a hole in the submitted documents "
        "(sections not written, exclusions without a reason, acronyms the glossary cannot "
        "explain). The readiness check tests the review against the Home Office QA Board's "
        "three tests and the common returns, with the evidence from the records."
    ),
)
def cmd_submission_check(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import EXIT_PUBLICATION_BLOCKED
    from dhrdesk.documents.readiness import assess

    assessment = assess(ctx.store, args.reference)
    _out(assessment.text())
    if assessment.preflight.ok and assessment.readiness.ok:
        return EXIT_OK
    return EXIT_PUBLICATION_BLOCKED


@command(
    "submission-pack",
    "write the Home Office submission pack (overview, summary, action plan, chronology)",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--out", type=Path, required=True, metavar="DIR", help="an empty folder for the pack"),
    arg(
        "--justification-file",
        type=Path,
        metavar="FILE",
        help="the chair's justification for failing readiness checks (printed in the cover note)",
    ),
    description=(
        "Writes the overview report, executive summary, action plan and combined chronology "
        "(restricted edition, PDF and DOCX) and a cover note with the readiness evidence. "
        "Refused (exit 5, nothing written) while the pre-flight fails, or while a readiness "
        "check fails and no justification is given."
    ),
)
def cmd_submission_pack(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.submission import SubmissionBlockedError, submission_pack

    justification = ""
    if args.justification_file is not None:
        try:
            justification = Path(args.justification_file).expanduser().read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DhrDeskError(
                f"The justification file {args.justification_file} could not be read.",
                hint="Give a UTF-8 text file.",
            ) from exc
    try:
        pack = submission_pack(
            ctx.store, args.reference, Path(args.out).expanduser(), justification=justification
        )
    except SubmissionBlockedError as err:
        _out(err.report.text())
        raise
    _out(pack.text().rstrip())
    _out(f"Wrote the submission pack to {pack.folder}")
    return EXIT_OK


# --------------------------------------------------------------------------- agency packages
GROUPS.setdefault("package", "exchange encrypted IMR packages with agencies (docs/packages.md)")
_PACKAGE_PASSPHRASE_ARG = arg(
    "--package-passphrase-file",
    type=Path,
    metavar="FILE",
    help="read the package passphrase from the first line of FILE (else prompt)",
)


def _package_passphrase(args: argparse.Namespace, *, confirm: bool, prompt: str) -> str:
    return secret_from(
        args.package_passphrase_file,
        option="--package-passphrase-file",
        prompt=prompt,
        confirm=confirm,
        what="package passphrase",
    )


def _refuse_existing(out: Path, overwrite: bool) -> None:
    if out.exists() and not overwrite:
        raise DhrDeskError(
            f"A file already exists at {out}.",
            hint="Choose another name, or add --overwrite to replace it.",
        )


@command(
    "package export",
    "encrypt an IMR request for one agency into a .dhrpkg package",
    arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"'),
    arg("--agency", required=True, metavar="NAME", help="the agency asked for the IMR"),
    arg("--out", type=Path, required=True, metavar="FILE", help="the package file to write"),
    _PACKAGE_PASSPHRASE_ARG,
    arg("--overwrite", action="store_true", help="replace FILE if it already exists"),
    description=(
        "Write that agency's request, the terms of reference, the pseudonyms and blank IMR "
        "sections, encrypted (AES-256-GCM, key from scrypt) under a package passphrase of "
        "at least 12 characters. Nothing about other agencies or the restricted register "
        "is included. Give the passphrase to the agency separately, by phone."
    ),
)
def cmd_package_export(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import package

    out = Path(args.out).expanduser()
    _refuse_existing(out, args.overwrite)
    store = ctx.store
    passphrase = _package_passphrase(
        args, confirm=True, prompt="Package passphrase (at least 12 characters): "
    )
    package.export_request(store, args.reference, args.agency, passphrase, out=out)
    _out(f"Wrote the encrypted IMR request for {' '.join(args.agency.split())} to {out}")
    _out(package.PASSPHRASE_ADVICE)
    return EXIT_OK


@command(
    "package import",
    "import an agency's IMR response package into its review",
    arg("file", type=Path, metavar="FILE", help="the .dhrpkg response package"),
    _PACKAGE_PASSPHRASE_ARG,
    arg("--yes", action="store_true", help="import without asking after the preview"),
    description=(
        "Decrypt and authenticate FILE, check its content, match it to the request this "
        "store sent, show what it adds or changes, then import it in one transaction. "
        "A tampered or truncated file, a wrong passphrase, a response for another review "
        "or store, or a response imported before is refused with exit code 4 and changes "
        "nothing."
    ),
)
def cmd_package_import(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import package

    path = Path(args.file).expanduser()
    content = package.read_package(path)
    store = ctx.store
    passphrase = _package_passphrase(
        args, confirm=False, prompt=f"Package passphrase of {path.name}: "
    )
    preview = package.import_response(store, content, passphrase, filename=path.name)
    for line in preview.lines():
        _out(line)
    if not args.yes:
        if not _stdin_is_tty():
            raise UsageError(
                "Nothing was imported: confirm in a terminal, or add --yes to import "
                "without asking."
            )
        try:
            answer = input("Import this response? [y/N] ")
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            _out("Nothing was imported.")
            return EXIT_OK
    package.apply_response(store, preview)
    _out(f"Imported the response from {preview.agency_name} into {preview.reference}.")
    return EXIT_OK


_WORKSPACE_ARGS = (
    arg("--workspace", type=Path, required=True, metavar="PATH", help="the agency workspace"),
    arg(
        "--workspace-passphrase-file",
        type=Path,
        metavar="FILE",
        help="read the workspace passphrase from the first line of FILE (else prompt)",
    ),
)


@command(
    "package open",
    "(agency author) create an agency workspace from an IMR request package",
    arg("file", type=Path, metavar="FILE", help="the .dhrpkg request package"),
    *_WORKSPACE_ARGS,
    _PACKAGE_PASSPHRASE_ARG,
    arg("--name", metavar="NAME", help="your name, recorded in the workspace's audit log"),
    description=(
        "Decrypt the request and create a new encrypted store at --workspace holding only "
        "that request. The workspace gets its own passphrase (asked twice), not the "
        "package passphrase. Fill it in the window (File > Open agency package…), then "
        "'dhrdesk package respond'."
    ),
)
def cmd_package_open(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import package

    path = Path(args.file).expanduser()
    content = package.read_package(path)
    workspace = Path(args.workspace).expanduser()
    if workspace.exists():
        raise DhrDeskError(f"A file already exists at {workspace}.", hint="Choose a new name.")
    passphrase = _package_passphrase(
        args, confirm=False, prompt=f"Package passphrase of {path.name}: "
    )
    package.read_request(content, passphrase)  # a wrong passphrase fails before any question
    ws_passphrase = secret_from(
        args.workspace_passphrase_file,
        option="--workspace-passphrase-file",
        prompt=f"New passphrase for the workspace {workspace.name}: ",
        confirm=True,
        what="workspace passphrase",
    )
    name = args.name if args.name is not None else _login_name()
    ctx.adopt(package.open_request(content, passphrase, workspace, ws_passphrase, name))
    _out(f"Created the agency workspace {workspace}")
    _out("It opens with the workspace passphrase you chose, not the package passphrase.")
    return EXIT_OK


@command(
    "package respond",
    "(agency author) export the workspace's IMR as a response package",
    *_WORKSPACE_ARGS,
    arg("--out", type=Path, required=True, metavar="FILE", help="the package file to write"),
    _PACKAGE_PASSPHRASE_ARG,
    arg("--overwrite", action="store_true", help="replace FILE if it already exists"),
)
def cmd_package_respond(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import package

    out = Path(args.out).expanduser()
    _refuse_existing(out, args.overwrite)
    workspace = Path(args.workspace).expanduser()
    ws_passphrase = secret_from(
        args.workspace_passphrase_file,
        option="--workspace-passphrase-file",
        prompt=f"Passphrase of the workspace {workspace.name}: ",
        confirm=False,
        what="workspace passphrase",
    )
    store = ctx.adopt(ctx.open_store(workspace, ws_passphrase))
    passphrase = _package_passphrase(
        args, confirm=True, prompt="Package passphrase (at least 12 characters): "
    )
    package.export_response(store, passphrase, out=out)
    _out(f"Wrote the encrypted IMR response to {out}")
    _out(package.PASSPHRASE_ADVICE)
    return EXIT_OK


# --------------------------------------------------------------------------- search
@command(
    "search",
    "search every text of every review (restricted text: for the chair only)",
    arg("query", metavar="QUERY", help='words (all must match), "a phrase", or a prefix*'),
    arg("--review", metavar="REF", action="append", help="only this review (repeatable)"),
    arg("--agency", metavar="NAME", help="only texts of this agency (exact name, any case)"),
    arg("--theme", metavar="ID", help="only texts tagged with this theme id"),
    arg("--from", dest="date_from", metavar="DATE", help="dated texts on or after (2024-03)"),
    arg("--to", dest="date_to", metavar="DATE", help="dated texts on or before (2024-12-31)"),
    arg("--limit", type=int, default=20, metavar="N", help="at most N hits (default 20)"),
    description=(
        "Search the whole store (report sections, IMRs, chronology rows, recommendations, "
        "learning, actions, minutes, family contacts) and print the best hits: reference, "
        "kind, title and a snippet with the matching words marked \u00ablike this\u00bb. "
        "The text shown is restricted (real names): this is the chair's own view."
    ),
)
def cmd_search(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.store import search

    review_ids = None
    if args.review:
        review_ids = [ctx.store.repos.reviews.get(ref).id for ref in args.review]
    hits = search.search(
        ctx.store,
        args.query,
        review_ids=review_ids,
        agency=args.agency,
        theme=args.theme,
        date_from=args.date_from,
        date_to=args.date_to,
        limit=args.limit,
    )
    for hit in hits:
        label = search.KIND_LABELS.get(hit.kind, hit.kind)
        _out(f"{hit.reference}\t{label}\t{hit.title}")
        _out(f"    {hit.snippet}")
    if not hits:
        print("No texts match.", file=sys.stderr)
    return EXIT_OK


# --------------------------------------------------------------------------- monitoring
GROUPS.setdefault("update-sheet", "action update sheets for lead agencies (docs/interchange.md)")


def _today_arg(text: str | None) -> Any:
    from dhrdesk.core.dates import parse_date

    return parse_date(text) if text else None


def _confirm(question: str, refused: str) -> bool:
    if not _stdin_is_tty():
        raise UsageError(refused)
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


@command(
    "monitoring-report",
    "write the quarterly action-plan monitoring report for the CSP board (PDF or DOCX)",
    arg("--quarter", required=True, metavar="YYYYQN", help="the quarter, e.g. 2026Q4"),
    arg("--out", type=Path, required=True, metavar="FILE", help="FILE.pdf or FILE.docx"),
    arg("--today", metavar="DATE", help="position as at DATE (default: today or quarter end)"),
    arg("--marking", metavar="TEXT", help="protective marking (default OFFICIAL-SENSITIVE)"),
    description=(
        "Progress per review and per lead agency, overdue actions, actions closed in the "
        "quarter, themes of open actions and the RAG summary, over every review in the "
        "store. A restricted board paper: review references are shown as stored. FILE is "
        "written atomically."
    ),
)
def cmd_monitoring_report(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.monitoring import parse_quarter
    from dhrdesk.documents import monitoring_report as mr

    quarter = parse_quarter(args.quarter)
    out = Path(args.out).expanduser()
    mr.format_for(out)  # a wrong suffix fails before the store is opened
    today = _today_arg(args.today)
    written = mr.write_monitoring_report(
        ctx.store, quarter, out, today=today, marking=args.marking or mr.DEFAULT_MARKING
    )
    _out(f"Wrote the monitoring report for {quarter.code} to {written}")
    return EXIT_OK


@command(
    "update-sheet export",
    "write an XLSX action update sheet for one lead agency",
    arg("--agency", required=True, metavar="NAME", help="the lead agency"),
    arg("--out", type=Path, required=True, metavar="FILE", help="the .xlsx file to write"),
    arg("--overwrite", action="store_true", help="replace FILE if it already exists"),
    description=(
        "List the agency's open actions across every review, with shaded columns for the "
        "new status, the update and its date. Everything else is locked and checked on "
        "import (HMAC per row), so a sheet changed outside the shaded columns is refused."
    ),
)
def cmd_update_sheet_export(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.output import atomic_write_bytes
    from dhrdesk.exchange import update_sheet

    out = Path(args.out).expanduser()
    _refuse_existing(out, args.overwrite)
    data = update_sheet.export_sheet(ctx.store, args.agency)
    atomic_write_bytes(out, data)
    _out(f"Wrote the action update sheet for {' '.join(args.agency.split())} to {out}")
    return EXIT_OK


@command(
    "update-sheet import",
    "check a filled action update sheet, show what it changes, then apply it",
    arg("file", type=Path, metavar="FILE", help="the filled .xlsx sheet"),
    arg("--agency", metavar="NAME", help="refuse the sheet unless it is this agency's"),
    arg("--yes", action="store_true", help="apply without asking after the preview"),
    description=(
        "Refuses (exit 4, nothing changed) a file that is not the sheet this store made, "
        "a sheet changed outside its shaded columns, with rows added or removed, for "
        "another agency, with an unknown status or a date in the future, or one already "
        "imported. Otherwise prints the updates and applies them all in one transaction."
    ),
)
def cmd_update_sheet_import(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import update_sheet

    path = Path(args.file).expanduser()
    content = _read_received_file(path)
    preview = update_sheet.read_sheet(ctx.store, path.name, content, agency=args.agency)
    for line in preview.lines():
        _out(line)
    if not preview.changes:
        _out("The sheet has no updates filled in: nothing was imported.")
        return EXIT_OK
    if not args.yes and not _confirm(
        "Apply these updates?",
        "Nothing was imported: confirm in a terminal, or add --yes to apply without asking.",
    ):
        _out("Nothing was imported.")
        return EXIT_OK
    count = update_sheet.apply_sheet(ctx.store, preview)
    _out(f"Recorded {count} update(s) from {preview.agency}.")
    return EXIT_OK


@command(
    "aggregate-export",
    "write the anonymised aggregate export (themes, descriptors, statuses) as JSON or CSV",
    arg("--out", type=Path, required=True, metavar="FILE", help="FILE.json or FILE.csv"),
    arg("--overwrite", action="store_true", help="replace FILE if it already exists"),
    description=(
        "For a regional analyst: per review a random stable id, the CSP, the year of "
        "death, the case descriptors, and per recommendation and learning point only "
        "closed-vocabulary values. No names, no free text, no references, no day dates; "
        "checked against every review's register before writing (exit 5 if a value "
        "matches). Format: docs/interchange.md."
    ),
)
def cmd_aggregate_export(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.documents.output import atomic_write_bytes
    from dhrdesk.exchange import aggregate

    out = Path(args.out).expanduser()
    aggregate.render({"reviews": []}, out)  # a wrong suffix fails before the store opens
    _refuse_existing(out, args.overwrite)
    export = aggregate.build_aggregate(ctx.store)
    atomic_write_bytes(out, aggregate.render(export, out))
    _out(f"Wrote the aggregate export of {len(export['reviews'])} review(s) to {out}")
    return EXIT_OK


# --------------------------------------------------------------------------- learning report
@command(
    "learning-report",
    "write the regional themes report over several reviews (publication edition, PDF/DOCX)",
    arg("--reviews", metavar="REF,REF,...", help="the reviews to include (at least two)"),
    arg("--all", dest="all_reviews", action="store_true", help="include every review"),
    arg("--from", dest="date_from", metavar="DATE", help="deaths from this month (2023-04)"),
    arg("--to", dest="date_to", metavar="DATE", help="deaths up to this month (2024-12)"),
    arg("--out", type=Path, required=True, metavar="FILE", help="FILE.pdf or FILE.docx"),
    description=(
        "Themes across the chosen reviews: introduction and method, the reviews by "
        "descriptors (labels Review A, B ... only), themes ranked by frequency with charts, "
        "the lessons and recommendations of each main theme, recommendations at regional "
        "or national level, and good practice. Built in the publication edition through "
        "the anonymisation check with every included review's register (exit 5 with the "
        "findings, nothing written, while anything blocks). Fewer than two reviews in the "
        "period is refused: one review alone would be identified."
    ),
)
def cmd_learning_report(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.core.errors import PublicationBlockedError
    from dhrdesk.documents import learning_report as lr

    if bool(args.reviews) == bool(args.all_reviews):
        raise UsageError("Choose the reviews with --reviews REF,REF,... or --all (not both).")
    out = Path(args.out).expanduser()
    lr.format_for(out)  # a wrong suffix fails before the store is opened
    store = ctx.store
    if args.all_reviews:
        ids = [r.id for r in store.repos.reviews.list()]
    else:
        ids = lr.review_ids_for(store, args.reviews.split(","))
    try:
        written = lr.write_learning_report(store, ids, out, args.date_from, args.date_to)
    except PublicationBlockedError as err:
        _print_blocked(err)
        raise
    _out(
        f"Wrote the regional themes report (publication edition, checked before and after "
        f"writing) to {written.path}"
    )
    return EXIT_OK


# --------------------------------------------------------------------------- parser
def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Global options, accepted before and after the command name.

    On subcommand parsers the defaults are SUPPRESS so that an option given
    before the command is not overwritten by the subparser's default.
    """
    default: Any = argparse.SUPPRESS if suppress else None
    group = parser.add_argument_group("global options")
    group.add_argument(
        "--store",
        type=Path,
        metavar="PATH",
        default=default,
        help="the store file (default: store.dhrdesk in your DHR Desk data folder)",
    )
    group.add_argument(
        "--passphrase-file",
        type=Path,
        metavar="FILE",
        default=default,
        help=f"read the store passphrase from the first line of FILE (else ${PASSPHRASE_ENV}, "
        "else a prompt)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dhrdesk",
        description="DHR Desk: offline, encrypted workspace for Domestic Homicide Reviews.",
        epilog=EXIT_CODES_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"dhrdesk {__version__}")
    _add_global_options(parser, suppress=False)
    top = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    top.required = True
    groups: dict[tuple[str, ...], argparse._SubParsersAction] = {(): top}

    for cmd in COMMANDS.values():
        words = tuple(cmd.name.split(" "))
        for depth in range(1, len(words)):
            prefix = words[:depth]
            if prefix not in groups:
                group_parser = groups[prefix[:-1]].add_parser(
                    prefix[-1],
                    help=GROUPS.get(" ".join(prefix), ""),
                    description=GROUPS.get(" ".join(prefix)),
                )
                sub = group_parser.add_subparsers(
                    dest="_".join(prefix) + "_command", metavar="COMMAND", title="commands"
                )
                sub.required = True
                groups[prefix] = sub
        leaf = groups[words[:-1]].add_parser(
            words[-1],
            help=cmd.help,
            description=cmd.description,
            epilog=EXIT_CODES_TEXT,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        for a in cmd.arguments:
            leaf.add_argument(*a.flags, **a.kwargs)
        _add_global_options(leaf, suppress=True)
        leaf.set_defaults(_command=cmd)
    return parser


# --------------------------------------------------------------------------- entry
def _run_gui(store_path: Path | None) -> int:
    """Start the window; Qt is imported only here."""
    try:
        from dhrdesk.ui.app import run_gui
    except ImportError as exc:
        raise DhrDeskError(
            f"The window cannot start: {exc.name or exc} is not available.",
            hint="Run 'make install', or use the command line (dhrdesk --help).",
        ) from None
    return int(run_gui(store_path=store_path) or 0)


def _report(err: DhrDeskError) -> int:
    text = f"{err.message} {err.hint}".strip()
    print(f"dhrdesk: error: {text}", file=sys.stderr)
    return err.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI (or, with no arguments at all, the GUI) and return the exit code."""
    paths.restrict_umask()
    argv = list(sys.argv[1:] if argv is None else argv)
    ctx: Context | None = None
    try:
        if not argv:
            return _run_gui(None)
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exc:  # --help, --version and usage errors (2)
            return exc.code if isinstance(exc.code, int) else (EXIT_OK if exc.code is None else 2)
        ctx = Context(args)
        return int(args._command.func(args, ctx))
    except DhrDeskError as err:
        return _report(err)
    except KeyboardInterrupt:
        print(file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (e.g. `| head`); nothing useful left to say.
        try:
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        except OSError:
            pass
        return EXIT_ERROR
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get(DEBUG_ENV) == "1":
            traceback.print_exc()
        print(
            f"dhrdesk: unexpected error ({type(exc).__name__}). This is a bug in DHR Desk; "
            f"run again with {DEBUG_ENV}=1 to see the details.",
            file=sys.stderr,
        )
        return EXIT_ERROR
    finally:
        if ctx is not None:
            try:
                ctx.close()
            except Exception:  # noqa: BLE001 - closing must not hide the real outcome
                pass
