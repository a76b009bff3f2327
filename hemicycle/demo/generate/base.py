"""Generated data: sizes, the state shared between steps, the step type, date helpers."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Model

from hemicycle.accounts.models import User
from hemicycle.council.models import Body, CouncilGroup, Term
from hemicycle.filings.models import Filing
from hemicycle.group.models import Councillor, Group, Party
from hemicycle.sittings.models import Sitting, Theme

PARIS = ZoneInfo("Europe/Paris")
BATCH_SIZE = 5000
MANDATE_YEARS = 6


# --- sizes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """One mandature's volumes. `fraction` shrinks the number of séances and filings (not
    the size of a séance), so that a test builds a small but well-proportioned mandature."""

    plenaries: int = 70
    permanent: int = 70
    commission_meetings: int = 500
    reports_per_plenary: int = 60
    reports_per_permanent: int = 300
    filings: int = 3000
    # Shares, in per mille, so that the plan stays in integers.
    vote_line_per_mille: int = 880
    recusal_per_mille: int = 5
    fraction: float = 1.0

    def scaled(self, count: int) -> int:
        return max(1, round(count * self.fraction))


# --- shared state ------------------------------------------------------------------------


class ReportRow(NamedTuple):
    """What later steps need of a rapport, without keeping the model instance."""

    pk: int
    sitting_pk: int
    number: str
    title: str


@dataclass
class Shared:
    """Rows common to every mandature: the account, the parties, the themes."""

    seed: int
    user: User | None = None
    parties: dict[str, Party] = field(default_factory=dict)
    themes: list[Theme] = field(default_factory=list)


@dataclass
class Unit:
    """One mandature being generated, and what its steps have created so far."""

    index: int
    sizes: Sizes
    shared: Shared
    start: dt.date
    end: dt.date
    term: Term | None = None
    group: Group | None = None
    councillors: list[Councillor] = field(default_factory=list)
    council_groups: list[CouncilGroup] = field(default_factory=list)
    bodies: dict[str, Body] = field(default_factory=dict)
    sittings: list[Sitting] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)
    # sitting pk -> councillor pk -> (attendance status, proxy holder pk or None)
    attendance: dict[int, dict[int, tuple[str, int | None]]] = field(default_factory=dict)
    lines: dict[int, str] = field(default_factory=dict)
    recusals: set[tuple[int, int]] = field(default_factory=set)
    event_pks: list[int] = field(default_factory=list)  # in the order of `reports`
    amendments: list[Filing] = field(default_factory=list)
    filings: list[tuple[int, str]] = field(default_factory=list)  # pk, kind

    @classmethod
    def build(cls, index: int, sizes: Sizes, shared: Shared) -> Unit:
        first_year = 2016 - MANDATE_YEARS * index
        return cls(
            index=index,
            sizes=sizes,
            shared=shared,
            start=dt.date(first_year, 1, 4),
            end=dt.date(first_year + MANDATE_YEARS - 1, 6, 30),
        )

    def rng(self, step: str) -> random.Random:
        # Seeded by text: Python hashes a str seed with SHA-512, the same on every run.
        return random.Random(f"{self.shared.seed}:{self.index}:{step}")  # noqa: S311  (test data)

    @property
    def voting_sittings(self) -> list[Sitting]:
        """Plenaries and commissions permanentes: the séances that vote."""
        voting = {self.bodies["plenary"].pk, self.bodies["cp"].pk}
        return [s for s in self.sittings if s.body_id in voting]

    @property
    def is_latest(self) -> bool:
        return self.index == 0


@dataclass(frozen=True)
class Step:
    """`name` labels the timings (the table, usually); `build` yields unsaved rows of one
    model; `keep` sees each inserted batch, primary keys set, to remember what later
    steps need."""

    name: str
    build: Callable[[Unit], Iterable[Model]]
    keep: Callable[[Unit, list[Any]], None] | None = None


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _weekday(day: dt.date, weekday: int) -> dt.date:
    """The first `weekday` (0 = Monday) on or after `day`."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _spread(unit: Unit, count: int, offset_days: int, weekday: int) -> list[dt.date]:
    """`count` days evenly spread over the mandature, moved to the given weekday."""
    span = (unit.end - unit.start).days - 14
    return [
        _weekday(unit.start + dt.timedelta(days=offset_days + span * i // count), weekday)
        for i in range(count)
    ]


def _amount(rng: random.Random) -> Decimal:
    return Decimal(round(rng.lognormvariate(11, 1.6), -2)).quantize(Decimal("1.00"))


def _euros(amount: Decimal) -> str:
    return f"{amount:,.0f} €".replace(",", "\u202f")
