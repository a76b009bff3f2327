"""Statistics on the group's votes and attendance, computed by the database.

The figures come from SQL aggregates (conditional counts, Greatest), never from a loop
over votes in Python, so that a page costs the same number of queries for a month or for
a whole mandature. Splits and cohesion read the tallies kept per scrutin and per party
(votes/tallies.py) rather than counting the individual votes at each visit.

Vocabulary used below:

- *considered* votes: what a councillor chose in a scrutin — pour, contre, abstention, or
  NPPV by choice. NPPV because of an absence or a déport is not a choice and is left out
  when looking for splits.
- *expressed* votes: pour, contre, abstention. The agreement with the line and the
  cohesion index are computed on those only (an NPPV is not a position on the text).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    CharField,
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Greatest, NullIf
from django.shortcuts import get_object_or_404

from hemicycle.council.models import Body, Term
from hemicycle.group.models import Councillor, Party
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance, Report, Sitting, Theme
from hemicycle.votes.models import (
    GroupResult,
    NppvReason,
    Option,
    PartyTally,
    ScrutinTally,
    Vote,
    VoteEvent,
)

EXPRESSED = (Option.POUR, Option.CONTRE, Option.ABSTENTION)
# Lines the agreement is measured against: a "free" line or an NPPV line has no expressed
# option to agree with.
MEASURABLE_LINES = (VoteLine.Position.POUR, VoteLine.Position.CONTRE, VoteLine.Position.ABSTENTION)
# Lines a considered vote can diverge from (an NPPV line is a real instruction).
BINDING_LINES = (*MEASURABLE_LINES, VoteLine.Position.NPPV)
PRESENT = (Attendance.Status.PRESENT, Attendance.Status.REMOTE)


@dataclass(frozen=True)
class Filters:
    """The analysis page's filters; every selector below takes one (or None: everything).

    `start` and `end` are inclusive dates on the séance's start; `body` is the instance;
    `theme` keeps the scrutins whose rapport (or the rapport a filing amends) carries it.
    The theme does not apply to attendance: a séance has no theme of its own.
    """

    start: dt.date | None = None
    end: dt.date | None = None
    body: Body | None = None
    theme: Theme | None = None
    # The page defaults to the current mandature: a database holding archives of several
    # mandatures must not make today's analysis scan them all.
    term: Term | None = None

    def sittings_q(self, prefix: str = "") -> Q:
        """Conditions on a Sitting reached through `prefix` (e.g. "attendances__sitting__").

        Written as `<relation>__in` a subquery of séances rather than conditions on joined
        columns: the database then reads the chosen séances' rows through their index, and
        ten mandatures of archives cost nothing to a page about the current one.
        """
        q = Q()
        if self.term:
            q &= Q(body__term=self.term)
        if self.start:
            q &= Q(starts_at__date__gte=self.start)
        if self.end:
            q &= Q(starts_at__date__lte=self.end)
        if self.body:
            q &= Q(body=self.body)
        if not q:
            return q
        chosen = Sitting.objects.filter(q).values("pk")
        if not prefix:
            return Q(pk__in=chosen)
        return Q(**{f"{prefix.removesuffix('__')}__in": chosen})

    def events_q(self, prefix: str = "") -> Q:
        """Conditions on a VoteEvent reached through `prefix` (e.g. "votes__vote_event__")."""
        q = self.sittings_q(f"{prefix}sitting__")
        if self.theme:
            # An IN subquery rather than a join on the M2M: a rapport with several themes
            # must not count its votes several times.
            themed = Report.objects.filter(themes=self.theme).values("pk")
            q &= Q(**{f"{prefix}report__in": themed}) | Q(**{f"{prefix}filing__report__in": themed})
        return q


NO_FILTERS = Filters()


def _ratio(part: str | Combinable, whole: str | Combinable) -> Any:
    """part / whole as a float, NULL when whole is 0 (no division error on PostgreSQL)."""
    part_expr = F(part) if isinstance(part, str) else part
    whole_expr = F(whole) if isinstance(whole, str) else whole
    return Cast(part_expr, FloatField()) / Cast(NullIf(whole_expr, 0), FloatField())


def _considered_q(prefix: str = "") -> Q:
    """Votes that are a choice: everything but NPPV for an absence or a déport."""
    return ~Q(
        **{
            f"{prefix}option": Option.NPPV,
            f"{prefix}nppv_reason__in": [NppvReason.ABSENT, NppvReason.RECUSAL],
        }
    )


# --- scrutins ------------------------------------------------------------------------------


def scrutins(filters: Filters | None = None) -> QuerySet[VoteEvent]:
    """Scrutins matching the filters (in the model's order: séance, then order)."""
    return VoteEvent.objects.filter((filters or NO_FILTERS).events_q())


def _line_expr() -> Case:
    """The group's line for a scrutin: only the vote on the rapport itself has one (a vote
    on an amendment to that rapport does not follow the rapport's line)."""
    return Case(
        When(filing__isnull=True, then=Coalesce(F("report__vote_line__position"), Value(""))),
        default=Value(""),
        output_field=CharField(),
    )


def _with_option_counts(qs: QuerySet[VoteEvent]) -> QuerySet[VoteEvent]:
    """The group's considered votes per option, read from the scrutin's tally."""
    counts = {f"n_{option.value}": Coalesce(F(f"tally__{option.value}"), 0) for option in Option}
    return qs.annotate(**counts, n_options=Coalesce(F("tally__options"), 0), line=_line_expr())


def _beats_others(name: str) -> Q:
    others = [f"n_{o.value}" for o in Option if o.value != name]
    q = Q()
    for other in others:
        q &= Q(**{f"n_{name}__gt": F(other)})
    return q


def _reference_expr() -> Case:
    """What a considered vote is compared with: the line when it binds, otherwise the
    group's own majority (none on a tie: then nobody is singled out)."""
    return Case(
        When(line__in=BINDING_LINES, then=F("line")),
        *[When(_beats_others(o.value), then=Value(o.value)) for o in Option],
        default=Value(""),
        output_field=CharField(),
    )


def split_votes(filters: Filters | None = None) -> QuerySet[VoteEvent]:
    """Scrutins where the group's considered votes were not unanimous, latest first.

    Each scrutin carries `n_pour`, `n_contre`, `n_abstention`, `n_nppv` (considered votes),
    `line` (the group's line, "" if none), `reference` (the line when it binds, else the
    group's majority option, "" on a tie), `has_results` (the council's counts by group
    are recorded), and `considered_votes`: the considered votes with their councillor and
    a `divergent` flag (the vote differs from `reference`).

    A split is read from the scrutins' tallies (votes/tallies.py): counting every
    option of every scrutin at each visit cost seconds over a full mandate.
    """
    reference = Subquery(
        _with_option_counts(VoteEvent.objects.filter(pk=OuterRef("vote_event_id")))
        .annotate(reference=_reference_expr())
        .values("reference")[:1]
    )
    votes = (
        Vote.objects.filter(_considered_q())
        .select_related("councillor", "councillor__party")
        .annotate(reference=reference)
        .annotate(
            divergent=Case(
                When(Q(reference="") | Q(option=F("reference")), then=Value(False)),
                default=Value(True),
                output_field=BooleanField(),
            )
        )
        .order_by("councillor__last_name", "councillor__first_name")
    )
    return (
        _with_option_counts(scrutins(filters).filter(tally__options__gte=2))
        .annotate(
            reference=_reference_expr(),
            has_results=Exists(GroupResult.objects.filter(vote_event=OuterRef("pk"))),
        )
        .select_related("sitting", "sitting__body", "report", "filing")
        .prefetch_related(Prefetch("votes", queryset=votes, to_attr="considered_votes"))
        .order_by("-sitting__starts_at", "-order", "-pk")
    )


# --- agreement with the line ----------------------------------------------------------------


def line_agreement(filters: Filters | None = None) -> list[Councillor]:
    """Each councillor's agreement with the group's line.

    Over the scrutins on a rapport whose line is pour, contre or abstention (a free line or
    no line is left out), counts the councillor's expressed votes (`with_line`), those equal
    to the line (`agreed`), and `agreement` = agreed / with_line (None without any such
    vote). Councillors who left the group appear only if they voted in the period.

    Two queries: the votes grouped by councillor (starting from the scrutins keeps the
    join to the line one row per vote; starting from the councillors cost ~2 s per
    mandate), then the councillors.
    """
    on_line = Q(
        vote_event__filing__isnull=True,
        vote_event__report__vote_line__position__in=MEASURABLE_LINES,
        option__in=EXPRESSED,
    ) & (filters or NO_FILTERS).events_q("vote_event__")
    counts = {
        row["who"]: row
        for row in Vote.objects.filter(on_line)
        # Grouped by an expression, not the column: with statistics (ANALYZE), SQLite
        # otherwise walks every vote of every mandature in the (councillor, scrutin)
        # index to save a sort of fourteen groups, instead of starting from the scrutins.
        .values(who=F("councillor_id") + Value(0))
        .annotate(
            with_line=Count("pk"),
            agreed=Count("pk", filter=Q(option=F("vote_event__report__vote_line__position"))),
        )
        .order_by()
    }
    rows = []
    for councillor in Councillor.objects.select_related("party").order_by(
        "last_name", "first_name"
    ):
        row = counts.get(councillor.pk)
        with_line, agreed = (row["with_line"], row["agreed"]) if row else (0, 0)
        if councillor.status != Councillor.Status.ACTIVE and not with_line:
            continue
        councillor.with_line = with_line  # type: ignore[attr-defined]
        councillor.agreed = agreed  # type: ignore[attr-defined]
        councillor.agreement = agreed / with_line if with_line else None  # type: ignore[attr-defined]
        rows.append(councillor)
    return rows


# --- cohesion (Agreement Index) ------------------------------------------------------------


def _with_index(qs: QuerySet[Any]) -> QuerySet[Any]:
    """Tally rows (group or party) with at least 2 expressed votes, each with its `ai`:

    AI = (max(Y, N, A) − ½ (Y + N + A − max(Y, N, A))) / (Y + N + A)
       = (3 max − total) / (2 total)

    (Hix, Noury and Roland): 1 when everyone voted the same, 0 when the votes split
    evenly in three.
    """
    return (
        qs.annotate(
            expressed=F("pour") + F("contre") + F("abstention"),
            top=Greatest("pour", "contre", "abstention"),
        )
        .filter(expressed__gte=2)
        .annotate(ai=_ratio(3 * F("top") - F("expressed"), 2 * F("expressed")))
    )


def _in_scope(filters: Filters | None) -> Q:
    return Q(vote_event__in=scrutins(filters).order_by().values("pk"))


def cohesion(filters: Filters | None = None) -> dict[str, Any]:
    """The group's mean Agreement Index over the scrutins with at least 2 expressed votes.
    Returns `{"cohesion": float | None, "scrutins": int}`."""
    return _with_index(ScrutinTally.objects.filter(_in_scope(filters))).aggregate(
        cohesion=Avg("ai"), scrutins=Count("pk")
    )


def unaffiliated_cohesion(filters: Filters | None = None) -> dict[str, Any]:
    """The same index over the votes of the councillors without a party only."""
    return _with_index(PartyTally.objects.filter(_in_scope(filters), party__isnull=True)).aggregate(
        cohesion=Avg("ai"), scrutins=Count("pk")
    )


def party_cohesion(filters: Filters | None = None) -> list[Party]:
    """Parties that have councillors in the group, each with `cohesion` (mean AI of its
    councillors' votes, None if never 2 expressed votes) and `scrutins` (how many scrutins
    the mean is over): two queries, over the party tallies."""
    figures = {
        row["party"]: row
        for row in _with_index(PartyTally.objects.filter(_in_scope(filters), party__isnull=False))
        .values("party")
        .annotate(cohesion=Avg("ai"), scrutins=Count("pk"))
        .order_by()
    }
    parties = list(
        Party.objects.filter(Exists(Councillor.objects.filter(party=OuterRef("pk")))).order_by(
            "name"
        )
    )
    for party in parties:
        row = figures.get(party.pk, {})
        party.cohesion = row.get("cohesion")  # type: ignore[attr-defined]
        party.scrutins = row.get("scrutins", 0)  # type: ignore[attr-defined]
    return parties


# --- attendance ----------------------------------------------------------------------------


def _attendance_counts(relation: str, sittings_q: Q) -> dict[str, Any]:
    """Conditional counts of the Attendance rows reached through `relation`."""
    status = f"{relation}__status"
    return {
        "recorded": Count(relation, filter=sittings_q),
        "present": Count(relation, filter=sittings_q & Q(**{f"{status}__in": PRESENT})),
        "remote": Count(relation, filter=sittings_q & Q(**{status: Attendance.Status.REMOTE})),
        "represented": Count(
            relation, filter=sittings_q & Q(**{status: Attendance.Status.REPRESENTED})
        ),
    }


def _with_rates(qs: QuerySet[Any]) -> QuerySet[Any]:
    return qs.annotate(
        absent=F("recorded") - F("present") - F("represented"),
        attendance_rate=_ratio("present", "recorded"),
        represented_rate=_ratio("represented", "recorded"),
    )


def attendance_by_councillor(filters: Filters | None = None) -> list[Councillor]:
    """Each councillor's attendance over the séances where it was recorded.

    `recorded` séances with an attendance row, `present` (present or remote; `remote` is
    the part at a distance), `represented` (absent with a proxy, shown apart), `absent`
    (excused or absent without proxy), `attendance_rate` = present / recorded and
    `represented_rate` = represented / recorded (None when nothing is recorded).

    Two queries: the period's attendance rows grouped by councillor (through the séances'
    index), then the councillors; joining from every councillor of every mandature read
    all their attendance rows.
    """
    rows = (
        Attendance.objects.filter((filters or NO_FILTERS).sittings_q("sitting__"))
        .values(who=F("councillor_id") + Value(0))
        .annotate(
            recorded=Count("pk"),
            present=Count("pk", filter=Q(status__in=PRESENT)),
            remote=Count("pk", filter=Q(status=Attendance.Status.REMOTE)),
            represented=Count("pk", filter=Q(status=Attendance.Status.REPRESENTED)),
        )
        .order_by()
    )
    counts = {row["who"]: row for row in rows}
    result = []
    for councillor in Councillor.objects.select_related("party").order_by(
        "last_name", "first_name"
    ):
        row = counts.get(councillor.pk)
        if row is None and councillor.status != Councillor.Status.ACTIVE:
            continue
        recorded = row["recorded"] if row else 0
        present = row["present"] if row else 0
        represented = row["represented"] if row else 0
        figures = {
            "recorded": recorded,
            "present": present,
            "remote": row["remote"] if row else 0,
            "represented": represented,
            "absent": recorded - present - represented,
            "attendance_rate": present / recorded if recorded else None,
            "represented_rate": represented / recorded if recorded else None,
        }
        for name, value in figures.items():
            setattr(councillor, name, value)
        result.append(councillor)
    return result


def attendance_by_body(filters: Filters | None = None) -> QuerySet[Body]:
    """The group's attendance per instance, over the séances with attendance recorded:
    `sittings` (how many séances), then the same counts and rates as per councillor,
    counted in councillor-séances."""
    filters = filters or NO_FILTERS
    sittings_q = filters.sittings_q("sittings__")
    # Only the chosen instance or mandature's instances: the others would be counted for
    # nothing and dropped by `recorded > 0`.
    bodies = Body.objects.all()
    if filters.body:
        bodies = bodies.filter(pk=filters.body.pk)
    elif filters.term:
        bodies = bodies.filter(term=filters.term)
    return _with_rates(
        bodies.annotate(
            **_attendance_counts("sittings__attendances", sittings_q),
            sittings_count=Count(
                "sittings",
                filter=sittings_q & Q(sittings__attendances__isnull=False),
                distinct=True,
            ),
        )
        .filter(Q(recorded__gt=0))
        .order_by("order", "name")
    )


def attendance_totals(filters: Filters | None = None) -> dict[str, Any]:
    """The group's attendance over all the recorded councillor-séances, in one row."""
    qs = Attendance.objects.filter((filters or NO_FILTERS).sittings_q("sitting__"))
    totals = qs.aggregate(
        recorded=Count("pk"),
        present=Count("pk", filter=Q(status__in=PRESENT)),
        represented=Count("pk", filter=Q(status=Attendance.Status.REPRESENTED)),
    )
    recorded = totals["recorded"]
    # A division of two numbers already aggregated: no data-size loop here.
    totals["attendance_rate"] = totals["present"] / recorded if recorded else None
    totals["represented_rate"] = totals["represented"] / recorded if recorded else None
    return totals


# --- one scrutin's hemicycle ------------------------------------------------------------------


def get_scrutin_or_404(pk: int) -> VoteEvent:
    """A scrutin with what its hemicycle page shows (every scrutin is readable by members)."""
    return get_object_or_404(
        VoteEvent.objects.select_related("sitting", "sitting__body__term", "report", "filing"),
        pk=pk,
    )


def group_results_of(vote_event: VoteEvent) -> list[GroupResult]:
    return list(GroupResult.objects.filter(vote_event=vote_event).select_related("council_group"))
