"""The `dhrdesk` command line: the headless face of the same operations the window uses.

Structure, so later issues can add commands without touching the plumbing:

* every command is a small function ``(args, ctx) -> int`` registered with
  :func:`~dhrdesk.cli.base.command` in one of the ``*_commands`` modules; a name with
  a space (``"review list"``) becomes a nested subcommand, its group created on first
  use (give it help text in ``GROUPS``);
* :class:`~dhrdesk.cli.base.Context` resolves the store path and the passphrase and
  opens the store only when a command first asks for ``ctx.store``, so ``--version``
  or a usage error never prompts or touches a file;
* :func:`~dhrdesk.cli.main.main` turns every :class:`DhrDeskError` into
  ``dhrdesk: error: ...`` and its exit code, so a user never sees a traceback.

No Qt here: the GUI is imported only inside the branch that starts it.
"""

from __future__ import annotations

from dhrdesk.cli.base import (
    COMMANDS,
    DEMO_DISPLAY_NAME,
    DEMO_PASSPHRASE,
    PASSPHRASE_ENV,
    Context,
    read_passphrase_file,
)
from dhrdesk.cli.main import build_parser, main

__all__ = [
    "COMMANDS",
    "DEMO_DISPLAY_NAME",
    "DEMO_PASSPHRASE",
    "PASSPHRASE_ENV",
    "Context",
    "build_parser",
    "main",
    "read_passphrase_file",
]
