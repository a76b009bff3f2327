"""Generated data steps: scrutins, individual votes and the council's counts by group."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterator
from typing import NamedTuple

from hemicycle.demo.generate.base import (
    ReportRow,
    Unit,
)
from hemicycle.demo.generate.texts import (
    HABITS,
)
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance
from hemicycle.votes.models import (
    GroupResult,
    NppvReason,
    Option,
    PartyTally,
    ScrutinTally,
    Vote,
    VoteEvent,
)

# --- steps: votes ----------------------------------------------------------------------------

# Plain strings, not the enums: _outcome runs five times per scrutin (125,000 times a
# mandature), and an enum member lookup costs more than the comparison it feeds.
POUR, CONTRE, ABSTENTION, NPPV = (
    o.value for o in (Option.POUR, Option.CONTRE, Option.ABSTENTION, Option.NPPV)
)
EXPRESSED = (POUR, CONTRE, ABSTENTION)
LINE_OPTIONS: dict[str, str] = {
    VoteLine.Position.POUR.value: POUR,
    VoteLine.Position.CONTRE.value: CONTRE,
    VoteLine.Position.ABSTENTION.value: ABSTENTION,
    VoteLine.Position.NPPV.value: NPPV,
}
FREE_CHOICE = [POUR] * 5 + [ABSTENTION, CONTRE]
AWAY = (Attendance.Status.ABSENT.value, Attendance.Status.EXCUSED.value)
RECUSAL, ABSENT, CHOICE = NppvReason.RECUSAL.value, NppvReason.ABSENT.value, NppvReason.CHOICE.value


class Outcome(NamedTuple):
    """One scrutin: each of our councillors' vote, and every council group's counts."""

    # (councillor pk, option, nppv reason, proxy holder pk)
    votes: list[tuple[int, str, str, int | None]]
    counts: dict[int, tuple[int, int, int, int]]  # council group pk -> pour, contre, abst., nppv
    result: str
    tie_break: str


def _outcome(unit: Unit, position: int, report: ReportRow) -> Outcome:
    """The scrutin on `report` (the `position`-th rapport of the mandature), the same on
    every call: the votes, the counts and the result are needed by five steps, and
    recomputing them is cheaper than holding them for 25,000 scrutins."""
    rng = random.Random(unit.shared.seed * 1_000_003 + unit.index * 7_919_993 + position)  # noqa: S311
    line = unit.lines.get(report.pk)
    attendance = unit.attendance[report.sitting_pk]
    votes: list[tuple[int, str, str, int | None]] = []
    for councillor in unit.councillors:
        status, holder = attendance[councillor.pk]
        if (report.pk, councillor.pk) in unit.recusals:
            votes.append((councillor.pk, NPPV, RECUSAL, None))
            continue
        if status in AWAY:
            votes.append((councillor.pk, NPPV, ABSENT, None))
            continue
        option = LINE_OPTIONS.get(line or "")
        if option is None:
            option = rng.choice(FREE_CHOICE)  # no line, or liberté de vote
        elif option != NPPV and rng.random() < 0.03:
            # A few votes part from the line, as in any group.
            option = rng.choice([o for o in EXPRESSED if o != option])
        votes.append((councillor.pk, option, CHOICE if option == NPPV else "", holder))
    counts = {}
    for group in unit.council_groups:
        if group.own_group_id:
            tally = [sum(1 for v in votes if v[1] == o) for o in (*EXPRESSED, NPPV)]
            counts[group.pk] = (tally[0], tally[1], tally[2], tally[3])
            continue
        pour, contre, abstention = HABITS.get(group.short_name, HABITS[group.side])
        present = group.seats - rng.randint(0, max(1, group.seats // 12))
        p = round(present * pour * rng.uniform(0.9, 1.0))
        c = min(present - p, round(present * contre))
        a = min(present - p - c, round(present * abstention))
        counts[group.pk] = (p, c, a, group.seats - p - c - a)
    total_pour = sum(v[0] for v in counts.values())
    total_contre = sum(v[1] for v in counts.values())
    tie_break = POUR if total_pour == total_contre else ""
    adopted = total_pour > total_contre or bool(tie_break)
    result = VoteEvent.Result.ADOPTED if adopted else VoteEvent.Result.REJECTED
    return Outcome(votes, counts, result, tie_break)


def _vote_events(unit: Unit) -> Iterator[VoteEvent]:
    starts = {s.pk: s.starts_at for s in unit.sittings}
    for position, report in enumerate(unit.reports):
        outcome = _outcome(unit, position, report)
        number = int(report.number)
        yield VoteEvent(
            sitting_id=report.sitting_pk,
            report_id=report.pk,
            title=f"Rapport {report.number} — {report.title}"[:300],
            order=number,
            mode=VoteEvent.Mode.PUBLIC if number % 10 == 0 else VoteEvent.Mode.SHOW_OF_HANDS,
            result=outcome.result,
            tie_break=outcome.tie_break,
            result_recorded_at=starts[report.sitting_pk] + dt.timedelta(minutes=number),
        )


def _keep_vote_events(unit: Unit, rows: list[VoteEvent]) -> None:
    unit.event_pks.extend(e.pk for e in rows)


def _votes(unit: Unit) -> Iterator[Vote]:
    user = unit.shared.user
    for position, (report, event_pk) in enumerate(zip(unit.reports, unit.event_pks, strict=True)):
        for councillor_pk, option, reason, holder in _outcome(unit, position, report).votes:
            yield Vote(
                vote_event_id=event_pk,
                councillor_id=councillor_pk,
                option=option,
                nppv_reason=reason,
                proxy_holder_id=holder,
                recorded_by=user,
            )


def _group_results(unit: Unit) -> Iterator[GroupResult]:
    for position, (report, event_pk) in enumerate(zip(unit.reports, unit.event_pks, strict=True)):
        for group_pk, (p, c, a, n) in _outcome(unit, position, report).counts.items():
            yield GroupResult(
                vote_event_id=event_pk,
                council_group_id=group_pk,
                pour=p,
                contre=c,
                abstention=a,
                nppv=n,
            )


def _considered(unit: Unit) -> Iterator[tuple[int, list[tuple[int, str]]]]:
    """(scrutin pk, [(party pk or 0, option)]) of the considered votes of each scrutin:
    what votes/tallies.py counts (an NPPV for an absence or a déport is no choice)."""
    party_of = {c.pk: c.party_id or 0 for c in unit.councillors}
    for position, (report, event_pk) in enumerate(zip(unit.reports, unit.event_pks, strict=True)):
        votes = _outcome(unit, position, report).votes
        yield (
            event_pk,
            [(party_of[pk], option) for pk, option, reason, _ in votes if reason in ("", CHOICE)],
        )


def _scrutin_tallies(unit: Unit) -> Iterator[ScrutinTally]:
    for event_pk, votes in _considered(unit):
        n = Counter(option for _, option in votes)
        yield ScrutinTally(
            vote_event_id=event_pk,
            pour=n[POUR],
            contre=n[CONTRE],
            abstention=n[ABSTENTION],
            nppv=n[NPPV],
            options=len(n),
        )


def _party_tallies(unit: Unit) -> Iterator[PartyTally]:
    for event_pk, votes in _considered(unit):
        by_party: dict[int, Counter[str]] = {}
        for party, option in votes:
            if option in EXPRESSED:
                by_party.setdefault(party, Counter())[option] += 1
        for party, n in by_party.items():
            yield PartyTally(
                vote_event_id=event_pk,
                party_id=party or None,
                pour=n[POUR],
                contre=n[CONTRE],
                abstention=n[ABSTENTION],
            )
