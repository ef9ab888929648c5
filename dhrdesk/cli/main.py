"""The parser built from the registered commands, and the entry point that turns
every DhrDeskError into a message and an exit code."""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dhrdesk import __version__
from dhrdesk.cli import (  # noqa: F401 - registers the commands
    document_commands,
    exchange_commands,
    followup_commands,
    package_commands,
    store_commands,
)
from dhrdesk.cli.base import (
    COMMANDS,
    DEBUG_ENV,
    EXIT_CODES_TEXT,
    EXIT_INTERRUPTED,
    GROUPS,
    PASSPHRASE_ENV,
    Context,
    _run_gui,
)
from dhrdesk.core.errors import (
    EXIT_ERROR,
    EXIT_OK,
    DhrDeskError,
)
from dhrdesk.store import paths


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
    except Exception as exc:  # the last line of defence against tracebacks
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
            except Exception:  # closing must not hide the real outcome
                pass
