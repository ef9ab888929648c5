"""Commands for agency packages: export, import, open and respond."""

from __future__ import annotations

import argparse
from pathlib import Path

from dhrdesk.cli import base
from dhrdesk.cli.base import (
    OVERWRITE_ARG,
    REFERENCE_ARG,
    Context,
    _login_name,
    _out,
    arg,
    command,
    file_arg,
    new_out_file,
    out_arg,
    passphrase_file_arg,
    secret_from,
)
from dhrdesk.core.errors import (
    EXIT_OK,
    DhrDeskError,
)

_PACKAGE_PASSPHRASE_ARG = passphrase_file_arg("package")


def _package_passphrase(args: argparse.Namespace, *, confirm: bool, prompt: str) -> str:
    return secret_from(
        args.package_passphrase_file,
        "package",
        prompt=prompt,
        confirm=confirm,
    )


def _received_package(args: argparse.Namespace) -> tuple[Path, bytes]:
    """The package FILE given, and its bytes (refused early when it cannot be read)."""
    from dhrdesk.exchange import package

    path = Path(args.file).expanduser()
    return path, package.read_package(path)


def _passphrase_of(args: argparse.Namespace, path: Path) -> str:
    """The passphrase of a received package (its file, else a prompt)."""
    return _package_passphrase(args, confirm=False, prompt=f"Package passphrase of {path.name}: ")


@command(
    "package export",
    "encrypt an IMR request for one agency into a .dhrpkg package",
    REFERENCE_ARG,
    arg("--agency", required=True, metavar="NAME", help="the agency asked for the IMR"),
    out_arg("the package file to write"),
    _PACKAGE_PASSPHRASE_ARG,
    OVERWRITE_ARG,
    description=(
        "Write that agency's request, the terms of reference, the pseudonyms and blank IMR "
        "sections, encrypted (AES-256-GCM, key from scrypt) under a package passphrase of "
        "at least 12 characters. Nothing about other agencies or the restricted register "
        "is included. Give the passphrase to the agency separately, by phone."
    ),
)
def cmd_package_export(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import package

    out = new_out_file(args)
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
    file_arg("the .dhrpkg response package"),
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

    path, content = _received_package(args)
    store = ctx.store
    passphrase = _passphrase_of(args, path)
    preview = package.import_response(store, content, passphrase, filename=path.name)
    for line in preview.lines():
        _out(line)
    if not args.yes and not base.confirm("Import this response?"):
        _out("Nothing was imported.")
        return EXIT_OK
    package.apply_response(store, preview)
    _out(f"Imported the response from {preview.agency_name} into {preview.reference}.")
    return EXIT_OK


_WORKSPACE_ARGS = (
    arg("--workspace", type=Path, required=True, metavar="PATH", help="the agency workspace"),
    passphrase_file_arg("workspace"),
)


@command(
    "package open",
    "(agency author) create an agency workspace from an IMR request package",
    file_arg("the .dhrpkg request package"),
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

    path, content = _received_package(args)
    workspace = Path(args.workspace).expanduser()
    if workspace.exists():
        raise DhrDeskError(f"A file already exists at {workspace}.", hint="Choose a new name.")
    passphrase = _passphrase_of(args, path)
    package.read_request(content, passphrase)  # a wrong passphrase fails before any question
    ws_passphrase = secret_from(
        args.workspace_passphrase_file,
        "workspace",
        prompt=f"New passphrase for the workspace {workspace.name}: ",
        confirm=True,
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
    out_arg("the package file to write"),
    _PACKAGE_PASSPHRASE_ARG,
    OVERWRITE_ARG,
)
def cmd_package_respond(args: argparse.Namespace, ctx: Context) -> int:
    from dhrdesk.exchange import package

    out = new_out_file(args)
    workspace = Path(args.workspace).expanduser()
    ws_passphrase = secret_from(
        args.workspace_passphrase_file,
        "workspace",
        prompt=f"Passphrase of the workspace {workspace.name}: ",
        confirm=False,
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
