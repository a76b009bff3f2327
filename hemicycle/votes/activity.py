"""A councillor's activity sheet (fiche d'activité): selectors and the sheet's registry.

Every selector takes one councillor and a `Period` and runs a fixed number of queries:
counts are aggregated by the database, lists are sliced, so that the sheet costs the same
for a councillor with 2 séances or 200.

The sheet is assembled from `SheetSection`s registered here (from
`activity_sections.py`): each has its own access rule, a context function given the
period, and may add big numbers to the top of the page (`Figure`). Later areas plug in
the same way, at the orders reserved for them below, without touching the page:

    10 mandate and seats · 20 attendance · 30 votes · 40 divergences · 50 filings
    60 speeches · 70 press mentions (reserved) · 80 trainings (reserved)

The councillor page's own registry (`hemicycle.group.activity`) has no notion of period,
hence this one; `activity_sections.py` also puts a summary with a link to the sheet there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from hemicycle.core.permissions import Predicate
from hemicycle.council.models import FilingKind, Seat
from hemicycle.filings.models import Filing, FilingAuthor
from hemicycle.group.models import Councillor
from hemicycle.positions.models import Speech, VoteLine
from hemicycle.sittings.models import Attendance, Sitting
from hemicycle.votes.models import NppvReason, Option, Vote

LATEST = 5

# --- period ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Inclusive dates; `key` is the value of the page's `periode` parameter."""

    key: str
    label: str
    start: dt.date
    end: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end) for séances: a séance still to come is not activity,
        so the end never goes past now (an absence excused in advance does not count yet)."""
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, min(end, timezone.now())


def mandate_period(councillor: Councillor, term_end: dt.date | None = None) -> Period:
    end = councillor.left_on or councillor.mandate_end or term_end or timezone.localdate()
    return Period(
        key="mandat",
        label=f"du {_date(councillor.mandate_start)} au {_date(end)}",
        start=councillor.mandate_start,
        end=end,
    )


def available_years(councillor: Councillor, term_end: dt.date | None = None) -> list[int]:
    mandate = mandate_period(councillor, term_end)
    last = min(mandate.end.year, timezone.localdate().year)
    return list(range(last, mandate.start.year - 1, -1))


def parse_period(value: str | None, councillor: Councillor, term_end: dt.date | None) -> Period:
    """`mandat` (the default, also for anything unknown) or a year of the mandate."""
    mandate = mandate_period(councillor, term_end)
    if value and value.isdigit() and int(value) in available_years(councillor, term_end):
        year = int(value)
        # A year is cut to the mandate: activity before arrival is someone else's.
        start = max(dt.date(year, 1, 1), mandate.start)
        end = min(dt.date(year, 12, 31), mandate.end)
        return Period(key=str(year), label=f"année {year}", start=start, end=end)
    return mandate


def _date(value: dt.date) -> str:
    from django.utils.formats import date_format

    return date_format(value, "j F Y")


def rate(part: int, whole: int) -> Decimal | None:
    """A percentage with one decimal, or None when there is nothing to divide by."""
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


# --- selectors ---------------------------------------------------------------------------

ATTENDANCE_KEYS = ("recorded", "present", "remote", "represented", "excused", "absent")


def attendance(councillor: Councillor, period: Period) -> dict[str, Any]:
    """Per instance: séances with attendance recorded, and each status (1 query).

    The rate counts presence in the room or at a distance; a proxy (représenté·e) keeps
    the vote but is not presence."""
    start, end = period.bounds()
    S = Attendance.Status
    qs = (
        Attendance.objects.filter(
            councillor=councillor, sitting__starts_at__gte=start, sitting__starts_at__lt=end
        )
        .exclude(sitting__status=Sitting.Status.CANCELLED)
        .values("sitting__body_id", "sitting__body__name", "sitting__body__order")
        .annotate(
            recorded=Count("pk"),
            present=Count("pk", filter=Q(status=S.PRESENT)),
            remote=Count("pk", filter=Q(status=S.REMOTE)),
            represented=Count("pk", filter=Q(status=S.REPRESENTED)),
            excused=Count("pk", filter=Q(status=S.EXCUSED)),
            absent=Count("pk", filter=Q(status=S.ABSENT)),
        )
        .order_by("sitting__body__order", "sitting__body__name")
    )
    rows: list[dict[str, Any]] = [dict(row) for row in qs]
    bodies = [
        {"body": row["sitting__body__name"], **{k: row[k] for k in ATTENDANCE_KEYS}} for row in rows
    ]
    for body in bodies:
        body["rate"] = rate(body["present"] + body["remote"], body["recorded"])
    total = {k: sum(b[k] for b in bodies) for k in ATTENDANCE_KEYS}
    total["rate"] = rate(total["present"] + total["remote"], total["recorded"])
    return {"bodies": bodies, "total": total}


def speeches(councillor: Councillor, period: Period) -> dict[str, Any]:
    """Planned prises de parole on rapports of past séances, archived ones left out (2 queries)."""
    start, end = period.bounds()
    qs = (
        Speech.objects.current()
        .filter(
            councillor=councillor,
            report__sitting__starts_at__gte=start,
            report__sitting__starts_at__lt=end,
        )
        .exclude(report__sitting__status=Sitting.Status.CANCELLED)
    )
    totals = qs.aggregate(count=Count("pk"), minutes=Sum("planned_minutes"))
    latest = list(
        qs.select_related("report__sitting__body").order_by(
            "-report__sitting__starts_at", "-report__order", "-pk"
        )[:LATEST]
    )
    return {
        "count": totals["count"],
        "minutes": totals["minutes"] or Decimal(0),
        "latest": latest,
    }


ADOPTED = (Filing.Outcome.ADOPTED, Filing.Outcome.ADOPTED_AMENDED)
PUBLIC_STATUSES = (Filing.Status.FILED, Filing.Status.DECIDED)


def filings(councillor: Councillor, period: Period) -> dict[str, Any]:
    """Filings the councillor signed (first signatory or co-author) and the group filed,
    dated by their filing, else by their séance (2 queries).

    Drafts and abandoned texts are left out: the sheet reports what reached the council,
    which is also what observers may read."""
    qs = FilingAuthor.objects.filter(
        councillor=councillor, filing__status__in=PUBLIC_STATUSES
    ).annotate(on=Coalesce("filing__filed_at", "filing__sitting__starts_at"))
    qs = qs.filter(on__date__gte=period.start, on__date__lte=period.end)
    rows = qs.values("filing__kind", "role", "filing__outcome").annotate(n=Count("pk"))

    def bucket() -> dict[str, int]:
        # adopted includes "adopté modifié"; other = withdrawn, inadmissible, fallen, not moved.
        keys = ("author", "coauthor", "count", "adopted", "rejected", "other", "pending")
        return dict.fromkeys([*keys, *Filing.Outcome.values], 0)

    kinds: dict[str, dict[str, int]] = {}
    total = bucket()
    for row in rows:
        outcome = row["filing__outcome"]
        if not outcome:
            family = "pending"
        elif outcome in ADOPTED:
            family = "adopted"
        elif outcome == Filing.Outcome.REJECTED:
            family = "rejected"
        else:
            family = "other"
        for counts in (kinds.setdefault(row["filing__kind"], bucket()), total):
            counts[row["role"]] += row["n"]
            counts["count"] += row["n"]
            counts[family] += row["n"]
            if outcome:
                counts[outcome] += row["n"]
    labels = dict(FilingKind.choices)
    by_kind = [
        {"kind": k, "label": labels.get(k, k), **kinds[k]} for k in FilingKind.values if k in kinds
    ]
    latest = list(
        qs.select_related("filing__sitting__body").order_by("-on", "-filing__pk")[:LATEST]
    )
    return {
        "by_kind": by_kind,
        "total": total,
        "latest": latest,
    }


def votes(councillor: Councillor, period: Period) -> dict[str, Any]:
    """The councillor's recorded votes by option, by proxy, NPPV by reason, and the
    proxies they used for others (2 queries: an OR of the two councillor columns would
    read every vote of every mandature instead of using either index)."""
    start, end = period.bounds()
    in_period = Q(vote_event__sitting__starts_at__gte=start, vote_event__sitting__starts_at__lt=end)
    counts = Vote.objects.filter(in_period, councillor=councillor).aggregate(
        total=Count("pk"),
        pour=Count("pk", filter=Q(option=Option.POUR)),
        contre=Count("pk", filter=Q(option=Option.CONTRE)),
        abstention=Count("pk", filter=Q(option=Option.ABSTENTION)),
        nppv=Count("pk", filter=Q(option=Option.NPPV)),
        nppv_choice=Count(
            "pk", filter=Q(option=Option.NPPV) & Q(nppv_reason__in=[NppvReason.CHOICE, ""])
        ),
        nppv_recusal=Count("pk", filter=Q(nppv_reason=NppvReason.RECUSAL)),
        nppv_absent=Count("pk", filter=Q(nppv_reason=NppvReason.ABSENT)),
        by_proxy=Count("pk", filter=Q(proxy_holder__isnull=False)),
    )
    counts["held"] = Vote.objects.filter(in_period, proxy_holder=councillor).count()
    counts["cast"] = counts["pour"] + counts["contre"] + counts["abstention"]
    return counts


def _line_votes(councillor: Councillor, period: Period) -> Any:
    """Votes that can be held against the line: a rapport's own scrutin (filings have no
    line), a line other than "liberté de vote", and not a déport or an absence (the law or
    circumstance decided, not the councillor)."""
    start, end = period.bounds()
    return (
        Vote.objects.filter(
            councillor=councillor,
            vote_event__sitting__starts_at__gte=start,
            vote_event__sitting__starts_at__lt=end,
            vote_event__filing__isnull=True,
            vote_event__report__vote_line__isnull=False,
        )
        .exclude(vote_event__report__vote_line__position=VoteLine.Position.FREE)
        .exclude(option=Option.NPPV, nppv_reason__in=[NppvReason.RECUSAL, NppvReason.ABSENT])
        .annotate(line=F("vote_event__report__vote_line__position"))
    )


def divergences(councillor: Councillor, period: Period) -> dict[str, Any]:
    """Votes that differ from the group's line: count, rate, latest ones (2 queries)."""
    qs = _line_votes(councillor, period)
    counts = qs.aggregate(compared=Count("pk"), divergent=Count("pk", filter=~Q(option=F("line"))))
    lines = dict(VoteLine.Position.choices)
    latest = list(
        qs.exclude(option=F("line"))
        .select_related("vote_event__sitting__body", "vote_event__report")
        .order_by("-vote_event__sitting__starts_at", "-vote_event__order", "-pk")[:LATEST]
    )
    for vote in latest:
        vote.line_label = lines.get(vote.line, vote.line)
    return {
        **counts,
        "rate": rate(counts["divergent"], counts["compared"]),
        "latest": latest,
    }


def seats(councillor: Councillor, period: Period) -> list[Seat]:
    """Seats held at some point of the period, with their instance (1 query)."""
    return list(
        Seat.objects.filter(councillor=councillor, starts_on__lte=period.end)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=period.start))
        .select_related("body")
        .order_by("body__order", "body__name", "starts_on")
    )


# --- the sheet's registry ----------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A big number at the top of the sheet; `unit` follows the number ("%", "min")."""

    label: str
    value: Any
    unit: str = ""
    order: int = 50


@dataclass(frozen=True)
class SheetSection:
    key: str
    title: str
    template: str
    rule: Predicate
    # (councillor, user, period) -> the section's context; may hold "figures": [Figure].
    context: Callable[[Councillor, Any, Period], dict[str, Any]]
    order: int = 50


_sections: dict[str, SheetSection] = {}


def register(section: SheetSection) -> None:
    _sections[section.key] = section


def sheet(councillor: Councillor, user: Any, period: Period) -> dict[str, Any]:
    """The sections this user may see, and their big numbers in one row."""
    items = [
        {"section": s, **s.context(councillor, user, period)}
        for s in sorted(_sections.values(), key=lambda s: (s.order, s.key))
        if s.rule(user)
    ]
    figures = sorted((f for item in items for f in item.get("figures", ())), key=lambda f: f.order)
    return {"sections": items, "figures": figures}
