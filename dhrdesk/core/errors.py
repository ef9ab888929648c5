"""One error family. Every error a user can meet carries a message written for them.

The GUI shows ``error.message`` in a dialog; the CLI prints it and exits with
``error.exit_code``. A traceback in front of a user is a bug.
"""

from __future__ import annotations

# Exit codes, documented in `dhrdesk --help` and docs/cli.md.
EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_INPUT = 4
EXIT_PUBLICATION_BLOCKED = 5


class DhrDeskError(Exception):
    """Base of every expected failure. ``message`` is shown to the user as is."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip()


class UsageError(DhrDeskError):
    exit_code = EXIT_USAGE


class StoreOpenError(DhrDeskError):
    """The store could not be opened; the file was not changed."""

    exit_code = EXIT_STORE


class WrongPassphraseError(StoreOpenError):
    def __init__(self) -> None:
        super().__init__(
            "The passphrase is wrong, or this is not a DHR Desk store.",
            hint="Check the passphrase (it is case-sensitive) and the file you chose.",
        )


class StoreNotFoundError(StoreOpenError):
    pass


class NotAStoreError(StoreOpenError):
    pass


class PlainSqliteError(NotAStoreError):
    pass


class CorruptStoreError(StoreOpenError):
    pass


class NewerStoreError(StoreOpenError):
    pass


class StoreExistsError(DhrDeskError):
    pass


class WeakPassphraseError(DhrDeskError):
    exit_code = EXIT_USAGE


class InputFileError(DhrDeskError):
    """An input file (import, backup, package) is invalid. Nothing was changed."""

    exit_code = EXIT_INPUT


class ValidationError(DhrDeskError):
    """A value a user entered is not acceptable. Nothing was changed."""

    exit_code = EXIT_ERROR


class NotFoundError(DhrDeskError):
    exit_code = EXIT_ERROR


class PublicationBlockedError(DhrDeskError):
    exit_code = EXIT_PUBLICATION_BLOCKED


class StoreWriteError(DhrDeskError):
    """Writing failed (disk full, read-only medium). The transaction was rolled back."""
