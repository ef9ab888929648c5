"""Passphrase strength rule, shared by the create dialog, the CLI and change-passphrase."""

from __future__ import annotations

from dhrdesk.core.errors import WeakPassphraseError

MIN_LENGTH = 12

RULE_TEXT = (
    f"Use at least {MIN_LENGTH} characters. A few unrelated words make a good "
    "passphrase (for example 'copper lantern orchard 47'). It cannot be recovered "
    "if lost: DHR Desk has no back door."
)

_COMMON = {
    "password1234",
    "passwordpassword",
    "123456789012",
    "qwertyuiopas",
    "letmeinletmein",
}


def passphrase_problems(passphrase: str) -> list[str]:
    """Reasons the passphrase is too weak; an empty list means it is acceptable."""
    problems: list[str] = []
    if len(passphrase) < MIN_LENGTH:
        problems.append(f"It has {len(passphrase)} characters; at least {MIN_LENGTH} are needed.")
    if passphrase and len(set(passphrase)) < 5:
        problems.append("It repeats too few different characters.")
    if passphrase.lower() in _COMMON:
        problems.append("It is a commonly used password.")
    if passphrase != passphrase.strip():
        problems.append("It starts or ends with a space, which is easy to mistype.")
    return problems


def check_passphrase(passphrase: str, confirmation: str | None = None) -> None:
    """Raise WeakPassphraseError with a clear message unless the passphrase is acceptable."""
    if confirmation is not None and passphrase != confirmation:
        raise WeakPassphraseError("The two passphrases do not match.")
    problems = passphrase_problems(passphrase)
    if problems:
        raise WeakPassphraseError(
            "The passphrase is too weak. " + " ".join(problems), hint=RULE_TEXT
        )
