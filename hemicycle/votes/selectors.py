"""Reads of the votes area, at a fixed number of queries whatever the séance's size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from hemicycle.council.models import CouncilGroup
from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Attendance, Sitting
from hemicycle.votes import permissions
from hemicycle.votes.models import GroupResult, Option, Recusal, Vote, VoteEvent
from hemicycle.votes.services import Proposal, line_of, propose


@dataclass
class Row:
    councillor: Councillor
    attendance: Attendance | None
    vote: Vote | None
    proposal: Proposal

    @property
    def shown_option(self) -> str | None:
        return self.vote.option if self.vote else self.proposal.option

    @property
    def diverges(self) -> bool:
        """Recorded, expressed and different from the line's proposal."""
        return bool(
            self.vote
            and not self.proposal.locked
            and self.proposal.option
            and self.vote.option != self.proposal.option
        )


def scrutins_of(sitting: Sitting) -> QuerySet[VoteEvent]:
    return (
        VoteEvent.objects.filter(sitting=sitting)
        .select_related("report", "filing")
        .annotate(recorded=Count("votes"))
        .order_by("order", "pk")
    )


def active_councillor_count() -> int:
    return Councillor.objects.filter(status=Councillor.Status.ACTIVE).count()


def get_vote_event_or_404(user: Any, pk: int) -> VoteEvent:
    if not permissions.can_view_votes(user):
        raise Http404
    return get_object_or_404(
        VoteEvent.objects.select_related("sitting__body", "report", "filing"), pk=pk
    )


def recording_rows(vote_event: VoteEvent) -> list[Row]:
    """One row per active group councillor: attendance, recorded vote, proposal (5 queries)."""
    councillors = list(
        Councillor.objects.filter(status=Councillor.Status.ACTIVE).order_by(
            "last_name", "first_name"
        )
    )
    attendances = {
        a.councillor_id: a
        for a in Attendance.objects.filter(sitting_id=vote_event.sitting_id).select_related(
            "proxy_holder"
        )
    }
    votes = {
        v.councillor_id: v
        for v in Vote.objects.filter(vote_event=vote_event).select_related("proxy_holder")
    }
    recusals = (
        {r.councillor_id: r for r in Recusal.objects.filter(report_id=vote_event.report_id)}
        if vote_event.report_id
        else {}
    )
    line = line_of(vote_event)
    return [
        Row(
            councillor=c,
            attendance=attendances.get(c.pk),
            vote=votes.get(c.pk),
            proposal=propose(
                attendance=attendances.get(c.pk), line=line, recusal=recusals.get(c.pk)
            ),
        )
        for c in councillors
    ]


def row_for(vote_event: VoteEvent, councillor: Councillor) -> Row:
    return next(r for r in recording_rows(vote_event) if r.councillor.pk == councillor.pk)


def tally(rows: list[Row]) -> dict[str, int]:
    counts = {o: 0 for o in Option.values}
    for row in rows:
        if row.vote:
            counts[row.vote.option] += 1
    counts["missing"] = sum(1 for r in rows if r.vote is None)
    counts["divergent"] = sum(1 for r in rows if r.diverges)
    return counts


def result_rows(vote_event: VoteEvent) -> list[dict[str, Any]]:
    """Every active council group of the mandature with its recorded counts (or blanks); our
    own group's counts prefilled from the recorded votes."""
    groups = list(
        CouncilGroup.objects.filter(
            term_id=vote_event.sitting.body.term_id, is_archived=False
        ).order_by("-seats", "name")
    )
    saved = {r.council_group_id: r for r in GroupResult.objects.filter(vote_event=vote_event)}
    own_counts = dict(
        Vote.objects.filter(vote_event=vote_event)
        .values_list("option")
        .annotate(n=Count("pk"))
        .values_list("option", "n")
    )
    rows = []
    for group in groups:
        result = saved.get(group.pk)
        if result is not None:
            values = (result.pour, result.contre, result.abstention, result.nppv)
        elif group.own_group_id is not None:
            values = tuple(own_counts.get(o, 0) for o in Option.values)  # type: ignore[assignment]
        else:
            values = None  # type: ignore[assignment]
        rows.append({"group": group, "values": values})
    return rows


def sitting_progress(sitting: Sitting) -> dict[str, int]:
    qs = VoteEvent.objects.filter(sitting=sitting)
    return qs.aggregate(
        total=Count("pk"),
        with_result=Count("pk", filter=~Q(result="")),
    )
