"""Money as whole pence: how amounts read ('£1,234.50') and how typed amounts are read."""

from __future__ import annotations

import re

from dhrdesk.core.errors import ValidationError

_MONEY = re.compile(r"^-?\d+(\.\d{1,2})?$")


def money_text(pence: int | None) -> str:
    """Whole pence as '£1,234.50' (empty for no amount)."""
    if pence is None:
        return ""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(int(pence)), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def parse_money(text: str, what: str = "The amount") -> int | None:
    """'£1,234.50', '1234.5' or '1234' as whole pence; empty gives None."""
    cleaned = text.strip().replace("£", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not _MONEY.match(cleaned):
        raise ValidationError(
            f"{what} must be an amount in pounds such as 1,250.00 (not '{text}')."
        )
    pounds, _, pence = cleaned.lstrip("-").partition(".")
    value = int(pounds) * 100 + int((pence + "00")[:2])
    return -value if cleaned.startswith("-") else value
