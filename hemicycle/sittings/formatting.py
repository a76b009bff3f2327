"""French presentation of amounts, countdowns and dates used by the séance pages."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
# French thousands separator: the narrow no-break space.
NNBSP = "\u202f"


def euros(value: Decimal | int | float | None) -> str:
    """`1 234 567,89 €` with no-break spaces; whole amounts without decimals."""
    if value is None or value == "":
        return ""
    amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if amount < 0 else ""
    units, cents = f"{abs(amount):.2f}".split(".")
    groups: list[str] = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    text = NNBSP.join(groups)
    if cents != "00":
        text += f",{cents}"
    return f"{sign}{text}{NBSP}€"


def countdown(delta: dt.timedelta) -> str:
    """`dans 2 j 5 h`, `dans 45 min`, `il y a 3 j`: a human distance to a deadline."""
    seconds = int(delta.total_seconds())
    future = seconds >= 0
    seconds = abs(seconds)
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        parts = [f"{days}{NBSP}j"] + ([f"{hours}{NBSP}h"] if hours else [])
    elif hours:
        parts = [f"{hours}{NBSP}h"] + ([f"{minutes}{NBSP}min"] if minutes else [])
    else:
        parts = [f"{max(minutes, 1)}{NBSP}min"]
    text = " ".join(parts)
    return f"dans {text}" if future else f"il y a {text}"
