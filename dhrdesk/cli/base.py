"""The plumbing of the `dhrdesk` command line: commands, arguments, passphrases, the
context that opens the store on first use, and output helpers. No Qt here."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dhrdesk.core.errors import (
    EXIT_ERROR,
    EXIT_INPUT,
    EXIT_OK,
    EXIT_PUBLICATION_BLOCKED,
    EXIT_STORE,
    EXIT_USAGE,
    DhrDeskError,
    InputFileError,
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


# Arguments several commands share.
REFERENCE_ARG = arg("reference", metavar="REF", help='the review reference, e.g. "DHR 2026/03"')
OVERWRITE_ARG = arg("--overwrite", action="store_true", help="replace FILE if it already exists")
MARKING_ARG = arg(
    "--marking", metavar="TEXT", help="protective marking (default OFFICIAL-SENSITIVE)"
)


def file_arg(help: str) -> Arg:
    """The FILE a command reads (its first positional argument)."""
    return arg("file", type=Path, metavar="FILE", help=help)


def out_arg(help: str, metavar: str = "FILE") -> Arg:
    """The ``--out`` argument (required) of a command that writes ``metavar``."""
    return arg("--out", type=Path, required=True, metavar=metavar, help=help)


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


def stdin_is_tty() -> bool:
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


def passphrase_file_arg(name: str, whose: str = "", *, twice: bool = False) -> Arg:
    """``--NAME-passphrase-file FILE``, read by :func:`secret_from`."""
    prompt = "prompt twice" if twice else "prompt"
    return arg(
        f"--{name}-passphrase-file",
        type=Path,
        metavar="FILE",
        help=f"read the {whose or name} passphrase from the first line of FILE (else {prompt})",
    )


def secret_from(file: Path | None, name: str, *, prompt: str, confirm: bool, what: str = "") -> str:
    """A passphrase that has its own option ``--NAME-passphrase-file`` (backup, new
    passphrase) or a prompt; ``what`` names it in messages (default "NAME passphrase")."""
    what = what or f"{name} passphrase"
    option = f"--{name}-passphrase-file"
    if file is not None:
        return read_passphrase_file(file, f"{what} file")
    if stdin_is_tty():
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
            if not stdin_is_tty():
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


IMPORT_NOT_CONFIRMED = (
    "Nothing was imported: confirm in a terminal, or add --yes to import without asking."
)


def confirm(question: str, refused: str = IMPORT_NOT_CONFIRMED) -> bool:
    """Ask ``question`` ([y/N]) on a terminal; without one, UsageError(``refused``)."""
    if not stdin_is_tty():
        raise UsageError(refused)
    try:
        answer = input(f"{question} [y/N] ")
    except EOFError:
        answer = ""
    return answer.strip().lower() in ("y", "yes")


def _refuse_existing(out: Path, overwrite: bool) -> None:
    if out.exists() and not overwrite:
        raise DhrDeskError(
            f"A file already exists at {out}.",
            hint="Choose another name, or add --overwrite to replace it.",
        )


def new_out_file(args: argparse.Namespace) -> Path:
    """The ``--out`` FILE, refused when it exists and ``--overwrite`` was not given."""
    out = Path(args.out).expanduser()
    _refuse_existing(out, args.overwrite)
    return out


def _print_blocked(err: DhrDeskError) -> None:
    findings = getattr(err, "findings", None) or []
    for finding in findings:
        _out(finding.describe())
        _out(f"      fingerprint: {finding.fingerprint}")


def _print_findings(reports: list) -> None:
    """Each document's findings: place, context, blocking/warning/accepted, fingerprint."""
    for report in reports:
        for line in report.lines():
            _out(line)


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


def _login_name() -> str:
    try:
        return getpass.getuser() or "unknown user"
    except (KeyError, OSError, ImportError):
        return "unknown user"
