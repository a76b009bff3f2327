"""The demo's votes: the last three plenaries voted rapport by rapport, with the council's
result by group, a few councillors diverging from the line and a déport; the coming
plenary's scrutins opened, with a déport recorded ahead of the vote.

Everything goes through the services (audit rows included), as the secretariat would do
it on the day; only the past rapports' lines are written directly, the demo having no
follow-up history for them.
"""

from __future__ import annotations

import random
from typing import Any

from hemicycle.council.models import CouncilGroup
from hemicycle.group.models import Councillor
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Report, Sitting
from hemicycle.votes import services
from hemicycle.votes.models import Option, VoteEvent
from hemicycle.votes.selectors import result_rows

LINES = ["pour"] * 6 + ["contre"] * 2 + ["abstention"] + ["free"]
# How the other groups of the council usually vote, as a share of their seats.
HABITS = {
    "majority": {"pour": 0.97, "abstention": 0.03},
    "RN": {"contre": 0.6, "abstention": 0.35},
    "opposition": {"pour": 0.45, "contre": 0.35, "abstention": 0.15},
}


def _split(seats: int, habit: dict[str, float], rng: random.Random) -> tuple[int, int, int, int]:
    present = seats - rng.randint(0, max(1, seats // 12))
    pour = round(present * habit.get("pour", 0) * rng.uniform(0.9, 1.0))
    contre = min(present - pour, round(present * habit.get("contre", 0)))
    abstention = min(present - pour - contre, round(present * habit.get("abstention", 0)))
    return pour, contre, abstention, seats - pour - contre - abstention


def result_rows_missing(event: VoteEvent) -> list[Councillor]:
    """The councillors whose vote nobody has recorded yet in this scrutin."""
    from hemicycle.votes.selectors import recording_rows

    return [row.councillor for row in recording_rows(event) if row.vote is None]


def seed(*, users: dict[str, Any], recusal_reason: str) -> None:
    rng = random.Random(8817)  # noqa: S311  (deterministic demo data, not security)
    secretariat = users["secretariat"]
    plenary = Sitting.objects.get(title="Séance plénière — budget primitif 2027")
    past = list(
        Sitting.objects.filter(body=plenary.body, attendances__isnull=False)
        .distinct()
        .order_by("starts_at")
    )
    councillors = list(Councillor.objects.filter(status=Councillor.Status.ACTIVE).order_by("pk"))
    # Two councillors who sometimes part from the line, as real groups have.
    free_minds = {councillors[2].pk: "abstention", councillors[7].pk: "contre"}
    groups = list(CouncilGroup.objects.filter(term_id=plenary.body.term_id, is_archived=False))
    for sitting in past:
        for report in Report.objects.filter(sitting=sitting):
            VoteLine.objects.get_or_create(report=report, defaults={"position": rng.choice(LINES)})
        services.open_scrutins(sitting=sitting, acting_user=secretariat)
        events = list(VoteEvent.objects.filter(sitting=sitting).order_by("order"))
        for n, event in enumerate(events):
            services.confirm_proposals(vote_event=event, acting_user=secretariat)
            line = services.line_of(event)
            if line == "free":
                # Liberté de vote: each councillor chose; the demo lets most follow the majority.
                for councillor in result_rows_missing(event):
                    services.record_vote(
                        vote_event=event,
                        councillor=councillor,
                        option=rng.choice([Option.POUR] * 4 + [Option.ABSTENTION, Option.CONTRE]),
                        acting_user=secretariat,
                    )
            if line in {"pour", "contre"} and n % 2 == 0:
                for pk, option in free_minds.items():
                    if option != line:
                        services.record_vote(
                            vote_event=event,
                            councillor=next(c for c in councillors if c.pk == pk),
                            option=option,
                            acting_user=secretariat,
                        )
            counts: dict[int, tuple[int, int, int, int]] = {}
            for row in result_rows(event):
                group = row["group"]
                if row["values"] is not None:
                    counts[group.pk] = row["values"]
                    continue
                habit = HABITS.get(
                    group.short_name,
                    HABITS["majority"] if group.side == "majority" else HABITS["opposition"],
                )
                counts[group.pk] = _split(group.seats, habit, rng)
            pour = sum(v[0] for v in counts.values())
            contre = sum(v[1] for v in counts.values())
            services.record_result(
                vote_event=event,
                counts=counts,
                mode=VoteEvent.Mode.PUBLIC if n % 3 == 0 else VoteEvent.Mode.SHOW_OF_HANDS,
                result="",
                tie_break=Option.POUR if pour == contre else "",
                expected_version=None,
                acting_user=secretariat,
            )
    assert groups, "the demo has council groups"

    # The coming plenary: a déport noted ahead of the vote, scrutins ready to record.
    beneficiary_report = (
        Report.objects.filter(sitting=plenary, beneficiaries__isnull=False)
        .order_by("order")
        .first()
    )
    if beneficiary_report is not None:
        services.add_recusal(
            report=beneficiary_report,
            councillor=councillors[4],
            reason=recusal_reason,
            acting_user=secretariat,
        )
    services.open_scrutins(sitting=plenary, acting_user=secretariat)
