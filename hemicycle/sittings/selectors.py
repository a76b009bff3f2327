"""Reads of séances, rapports and documents, with the prefetching that keeps pages at a
fixed number of queries whatever the size of the agenda."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hemicycle.council.models import Body, FilingRule
from hemicycle.group.models import Councillor
from hemicycle.sittings import permissions
from hemicycle.sittings.formatting import countdown
from hemicycle.sittings.models import Attendance, Report, ReportDocument, Sitting, Theme

# A deadline this close is highlighted.
SOON = dt.timedelta(hours=48)


# --- deadlines -------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    kind: str
    label: str
    at: dt.datetime
    hours_before: int
    now: dt.datetime

    @property
    def passed(self) -> bool:
        return self.at <= self.now

    @property
    def soon(self) -> bool:
        return not self.passed and self.at - self.now <= SOON

    @property
    def countdown(self) -> str:
        return countdown(self.at - self.now)


def filing_rules_by_term() -> dict[int, list[FilingRule]]:
    """Every filing rule, by mandature: one query for a whole page of séances."""
    rules: dict[int, list[FilingRule]] = defaultdict(list)
    for rule in FilingRule.objects.order_by("-deadline_hours", "kind"):
        rules[rule.term_id].append(rule)
    return rules


FILING_BODY_KINDS = frozenset({Body.Kind.PLENARY, Body.Kind.PERMANENT})


def deadlines_for(
    sitting: Sitting, rules: list[FilingRule], now: dt.datetime | None = None
) -> list[Deadline]:
    if sitting.body.kind not in FILING_BODY_KINDS:
        # Amendments, vœux and questions go to the deliberating instances, not to the
        # thematic commissions or the conférence des présidents.
        return []
    now = now or timezone.now()
    return sorted(
        (
            Deadline(
                kind=rule.kind,
                label=rule.get_kind_display(),
                at=sitting.deadline_for(rule.deadline_hours),
                hours_before=rule.deadline_hours,
                now=now,
            )
            for rule in rules
        ),
        key=lambda d: (d.at, d.label),
    )


def next_deadline(deadlines: list[Deadline]) -> Deadline | None:
    return next((d for d in deadlines if not d.passed), None)


# --- séances -----------------------------------------------------------------------------


def _report_count() -> Coalesce:
    counts = (
        Report.objects.filter(sitting=OuterRef("pk"))
        .order_by()
        .values("sitting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def sittings(*, filters: dict[str, Any] | None = None) -> QuerySet[Sitting]:
    filters = filters or {}
    qs = Sitting.objects.select_related("body", "body__term").annotate(report_count=_report_count())
    if filters.get("body"):
        qs = qs.filter(body=filters["body"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    return qs


def with_deadlines(rows: list[Sitting], now: dt.datetime | None = None) -> list[Sitting]:
    """Attach `deadlines` and `next_deadline` to each séance (one query for all rules)."""
    now = now or timezone.now()
    rules = filing_rules_by_term()
    for sitting in rows:
        deadlines = deadlines_for(sitting, rules.get(sitting.body.term_id, []), now)
        sitting.deadlines = deadlines  # type: ignore[attr-defined]  # attached for the templates
        sitting.next_deadline = next_deadline(deadlines)  # type: ignore[attr-defined]  # idem
    return rows


def sittings_grouped(*, filters: dict[str, Any] | None = None) -> dict[str, list[Sitting]]:
    """Upcoming séances (soonest first), then past ones (latest first)."""
    now = timezone.now()
    qs = sittings(filters=filters)
    today_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    upcoming = with_deadlines(
        list(qs.filter(starts_at__gte=today_start).order_by("starts_at")), now
    )
    past = with_deadlines(list(qs.filter(starts_at__lt=today_start).order_by("-starts_at")), now)
    return {"upcoming": upcoming, "past": past}


def upcoming_sittings(limit: int = 3, kinds: frozenset[str] | None = None) -> list[Sitting]:
    """The next séances that will be held, with their deadlines (dashboard)."""
    now = timezone.now()
    qs = sittings()
    if kinds is not None:
        qs = qs.filter(body__kind__in=kinds)
    qs = (
        qs.filter(starts_at__gte=now)
        .exclude(status=Sitting.Status.CANCELLED)
        .order_by("starts_at")[:limit]
    )
    return with_deadlines(list(qs), now)


def get_sitting_for_user_or_404(user: Any, pk: int) -> Sitting:
    if not permissions.can_view_sittings(user):
        raise Http404
    sitting = sittings().filter(pk=pk).first()
    if sitting is None:
        raise Http404
    return sitting


def month_calendar(year: int, month: int) -> dict[str, Any]:
    """The weeks of a month (Monday first) with each day's séances."""
    cal = pycalendar.Calendar(firstweekday=0)
    weeks = cal.monthdatescalendar(year, month)
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(weeks[0][0], dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(weeks[-1][-1] + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    by_day: dict[dt.date, list[Sitting]] = defaultdict(list)
    in_month = []
    for sitting in sittings().filter(starts_at__gte=start, starts_at__lt=end).order_by("starts_at"):
        day = timezone.localtime(sitting.starts_at).date()
        by_day[day].append(sitting)
        if day.month == month:
            in_month.append(sitting)
    first = dt.date(year, month, 1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    today = timezone.localdate()
    return {
        "month": first,
        "weeks": [
            [
                {
                    "date": day,
                    "in_month": day.month == month,
                    "today": day == today,
                    "sittings": by_day.get(day, []),
                }
                for day in week
            ]
            for week in weeks
        ],
        "sittings": in_month,
        "previous": previous,
        "next": following,
    }


# --- rapports ----------------------------------------------------------------------------


def _document_count() -> Coalesce:
    counts = (
        ReportDocument.objects.filter(report=OuterRef("pk"))
        .order_by()
        .values("report")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def reports(
    *, filters: dict[str, Any] | None = None, sitting: Sitting | None = None
) -> QuerySet[Report]:
    """Rapports with everything the agenda table shows, in a fixed number of queries."""
    filters = filters or {}
    qs = (
        Report.objects.select_related("sitting", "sitting__body")
        .prefetch_related(
            Prefetch("commissions", queryset=Body.objects.order_by("order", "name")),
            Prefetch("themes", queryset=Theme.objects.order_by("name")),
            "departments",
        )
        .annotate(document_count=_document_count())
    )
    if sitting is not None:
        qs = qs.filter(sitting=sitting)
    if filters.get("sitting"):
        qs = qs.filter(sitting=filters["sitting"])
    if filters.get("body"):
        qs = qs.filter(sitting__body=filters["body"])
    if filters.get("since"):
        qs = qs.filter(sitting__starts_at__date__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(sitting__starts_at__date__lte=filters["until"])
    if filters.get("commission"):
        qs = qs.filter(commissions=filters["commission"])
    if filters.get("theme"):
        qs = qs.filter(themes=filters["theme"])
    if filters.get("department"):
        qs = qs.filter(departments__section=filters["department"])
    if filters.get("amount_min") is not None:
        qs = qs.filter(amount__gte=filters["amount_min"])
    if filters.get("amount_max") is not None:
        qs = qs.filter(amount__lte=filters["amount_max"])
    if filters.get("text_status"):
        qs = qs.filter(text_status=filters["text_status"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(Q(number__icontains=q) | Q(title__icontains=q))
    if any(filters.get(k) for k in ("commission", "theme", "department")):
        qs = qs.distinct()
    if sitting is not None:
        return qs.order_by("order", "number", "pk")
    return qs.order_by("-sitting__starts_at", "order", "number", "pk")


REPORT_RELATED = ("commissions", "themes", "departments", "beneficiaries")


def get_report_for_user_or_404(user: Any, pk: int, *, related: bool = True) -> Report:
    """The rapport, with what its page shows unless `related` is False (one query: what
    decides access; `with_related()` loads the rest when the page is built)."""
    if not permissions.can_view_sittings(user):
        raise Http404
    report = Report.objects.select_related("sitting", "sitting__body").filter(pk=pk).first()
    if report is None:
        raise Http404
    return with_related(report) if related else report


def with_related(report: Report) -> Report:
    prefetch_related_objects([report], *REPORT_RELATED)
    return report


def documents_by_title(report: Report) -> list[dict[str, Any]]:
    """A rapport's documents, one entry per title with its versions (newest first)."""
    groups: dict[str, list[ReportDocument]] = defaultdict(list)
    docs = (
        report.documents.select_related("uploaded_by").defer("text").order_by("title", "-version")
    )
    for doc in docs:
        groups[doc.title].append(doc)
    return [{"title": t, "latest": v[0], "versions": v} for t, v in groups.items()]


def get_document_for_user_or_404(user: Any, pk: int) -> ReportDocument:
    if not permissions.can_view_sittings(user):
        raise Http404
    document = (
        ReportDocument.objects.select_related("report", "report__sitting")
        .defer("text")
        .filter(pk=pk)
        .first()
    )
    if document is None:
        raise Http404
    return document


# --- attendance --------------------------------------------------------------------------


def active_councillors() -> list[Councillor]:
    return list(
        Councillor.objects.filter(status=Councillor.Status.ACTIVE).order_by(
            "last_name", "first_name"
        )
    )


def attendance_by_councillor(sitting: Sitting) -> dict[int, Attendance]:
    return {a.councillor_id: a for a in sitting.attendances.all()}


def attendance_totals(statuses: list[str]) -> dict[str, int]:
    s = Attendance.Status
    return {
        "present": statuses.count(s.PRESENT),
        "remote": statuses.count(s.REMOTE),
        "represented": statuses.count(s.REPRESENTED),
        "away": statuses.count(s.EXCUSED) + statuses.count(s.ABSENT),
        "unknown": statuses.count(""),
    }
