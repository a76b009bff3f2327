"""Legal limits on group staff contracts (collaborateurs de groupe).

A contract lasts at most 3 years and stays within the mandature; renewals may not take
the total past 6 years. These are the law's figures, not council settings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

MAX_CONTRACT_YEARS = 3
MAX_TOTAL_YEARS = 6
# Contracts ending within this many days are flagged on the dashboard.
END_WARNING_DAYS = 90


class ContractLike(Protocol):
    starts_on: dt.date
    ends_on: dt.date


@dataclass(frozen=True)
class ContractWarning:
    level: str  # "alert" (a limit is broken) or "warn" (act soon)
    message: str


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def contract_days(contract: ContractLike) -> int:
    return (contract.ends_on - contract.starts_on).days + 1


def exceeds_years(start: dt.date, end: dt.date, years: int) -> bool:
    """True when [start, end] (both inclusive) lasts longer than `years` calendar years."""
    return end >= add_years(start, years)


def total_days(contracts: Sequence[ContractLike]) -> int:
    return sum(contract_days(c) for c in contracts)


def _months(days: int) -> int:
    return max(0, round(days / 30.44))


def contract_warnings(
    contracts: Sequence[ContractLike],
    *,
    today: dt.date,
    term_end: dt.date | None = None,
) -> list[ContractWarning]:
    warnings: list[ContractWarning] = []
    if not contracts:
        return warnings
    ordered = sorted(contracts, key=lambda c: c.starts_on)
    for contract in ordered:
        if exceeds_years(contract.starts_on, contract.ends_on, MAX_CONTRACT_YEARS):
            warnings.append(
                ContractWarning(
                    "alert",
                    f"Le contrat du {contract.starts_on:%d/%m/%Y} dépasse la durée maximale "
                    f"de {MAX_CONTRACT_YEARS} ans.",
                )
            )
        if term_end and contract.ends_on > term_end:
            warnings.append(
                ContractWarning(
                    "alert",
                    f"Le contrat du {contract.starts_on:%d/%m/%Y} se termine après la fin de la "
                    f"mandature ({term_end:%d/%m/%Y}).",
                )
            )
    first_start = ordered[0].starts_on
    limit_days = (add_years(first_start, MAX_TOTAL_YEARS) - first_start).days
    used = total_days(ordered)
    if used > limit_days:
        warnings.append(
            ContractWarning(
                "alert",
                f"La durée totale des contrats ({_months(used)} mois) dépasse le plafond de "
                f"{MAX_TOTAL_YEARS} ans.",
            )
        )
    current = next((c for c in ordered if c.starts_on <= today <= c.ends_on), None)
    if current:
        left = (current.ends_on - today).days
        if left <= END_WARNING_DAYS:
            room = limit_days - used
            renewal = (
                f"renouvellement possible pour {_months(room)} mois au plus"
                if room > 0
                else "aucun renouvellement possible (plafond de 6 ans atteint)"
            )
            warnings.append(
                ContractWarning(
                    "warn",
                    f"Fin de contrat le {current.ends_on:%d/%m/%Y}, dans {left} jour"
                    f"{'s' if left > 1 else ''} : {renewal}.",
                )
            )
    return warnings


def remaining_days(contracts: Sequence[ContractLike]) -> int | None:
    """Days still available under the 6-year cap, counted from the first contract."""
    if not contracts:
        return None
    first_start = min(c.starts_on for c in contracts)
    limit_days = (add_years(first_start, MAX_TOTAL_YEARS) - first_start).days
    return limit_days - total_days(contracts)
