"""Reads of the group's follow-up, each with the joins its page needs (fixed query counts)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hemicycle.council.models import FilingKind, FilingRule
from hemicycle.group.models import Councillor, StaffMember
from hemicycle.positions import permissions
from hemicycle.positions.models import Brief, BriefVersion, FollowUp, Speech, VoteLine
from hemicycle.sittings.models import Attendance, Report, Sitting


def get_report_for_user_or_404(user: Any, pk: int) -> Report:
    if not permissions.can_view_follow_up(user):
        raise Http404
    return get_object_or_404(Report.objects.select_related("sitting__body"), pk=pk)


def get_sitting_for_user_or_404(user: Any, pk: int) -> Sitting:
    if not permissions.can_view_follow_up(user):
        raise Http404
    return get_object_or_404(Sitting.objects.select_related("body"), pk=pk)


def speaking_time(sitting: Sitting) -> dict[str, Any]:
    """The group's planned minutes for the séance against what the instance grants it."""
    used = (
        Speech.objects.current()
        .filter(report__sitting=sitting)
        .aggregate(t=Sum("planned_minutes"))["t"]
    )
    used = used or Decimal("0")
    available = sitting.body.group_speaking_minutes
    return {
        "used": used,
        "available": available,
        "over": available is not None and used > available,
    }


def report_follow_up(report: Report) -> dict[str, Any]:
    """Everything the rapport page's follow-up section shows, in a fixed number of queries."""
    follow_up = (
        FollowUp.objects.select_related("referent", "staff_member").filter(report=report).first()
    )
    brief = Brief.objects.select_related("validated_by").filter(report=report).first()
    versions = (
        list(BriefVersion.objects.filter(brief=brief).select_related("author")) if brief else []
    )
    line = VoteLine.objects.filter(report=report).first()
    speeches = list(Speech.objects.current().filter(report=report).select_related("councillor"))
    return {
        "follow_up": follow_up,
        "brief": brief,
        "versions": versions,
        "current_version": versions[0] if versions else None,
        "line": line,
        "speeches": speeches,
        "speaking": speaking_time(report.sitting),
    }


def agenda_columns(report_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Référent·e, note and line of many rapports, in one query."""
    rows = Report.objects.filter(pk__in=report_ids).select_related(
        "follow_up__referent", "brief", "vote_line"
    )
    result = {}
    for r in rows:
        follow_up = getattr(r, "follow_up", None) if _has(r, "follow_up") else None
        result[r.pk] = {
            "referent": follow_up.referent if follow_up else None,
            "brief": r.brief if _has(r, "brief") else None,
            "line": r.vote_line if _has(r, "vote_line") else None,
        }
    return result


def _has(obj: Any, name: str) -> bool:
    try:
        return getattr(obj, name) is not None
    except Exception:  # RelatedObjectDoesNotExist: no row yet
        return False


def sitting_preparation(sitting: Sitting) -> dict[str, Any]:
    counts = Report.objects.filter(sitting=sitting).aggregate(
        total=Count("pk"),
        without_referent=Count(
            "pk", filter=Q(follow_up__isnull=True) | Q(follow_up__referent__isnull=True)
        ),
        to_validate=Count("pk", filter=Q(brief__status=Brief.Status.REVIEW)),
        lines=Count("pk", filter=Q(vote_line__isnull=False)),
    )
    return {"counts": counts, "speaking": speaking_time(sitting)}


def upcoming_reports() -> QuerySet[Report]:
    return Report.objects.filter(sitting__starts_at__gte=timezone.now()).exclude(
        sitting__status=Sitting.Status.CANCELLED
    )


def my_reports(councillor: Councillor | None, *, limit: int | None = None) -> list[Report]:
    if councillor is None:
        return []
    qs = (
        Report.objects.filter(
            # One Q on the same join: the speech must be this councillor's *and* current.
            Q(follow_up__referent=councillor)
            | Q(speeches__councillor=councillor, speeches__archived_at__isnull=True)
        )
        .distinct()
        .select_related("sitting__body", "follow_up", "brief", "vote_line")
    )
    now = timezone.now()
    upcoming = list(
        qs.filter(sitting__starts_at__gte=now).order_by("sitting__starts_at", "order", "number")[
            :limit
        ]
    )
    if limit is not None:
        return upcoming
    past = list(qs.filter(sitting__starts_at__lt=now).order_by("-sitting__starts_at", "order")[:50])
    return upcoming + past


def backlog(*, filters: dict[str, Any]) -> list[Report]:
    """Rapports of coming séances whose line is not set yet, nearest first."""
    qs = (
        upcoming_reports()
        .exclude(follow_up__status=FollowUp.Status.LINE_SET)
        .select_related("sitting__body", "follow_up__referent", "follow_up__staff_member", "brief")
        .order_by("sitting__starts_at", "order", "number")
    )
    if filters.get("referent"):
        qs = qs.filter(follow_up__referent=filters["referent"])
    if filters.get("staff_member"):
        qs = qs.filter(follow_up__staff_member=filters["staff_member"])
    if filters.get("unassigned"):
        qs = qs.filter(Q(follow_up__isnull=True) | Q(follow_up__referent__isnull=True))
    rows = list(qs[:500])
    rule = (
        FilingRule.objects.filter(kind=FilingKind.AMENDEMENT).order_by("-term__start_date").first()
    )
    for r in rows:
        r.amendment_deadline = r.sitting.deadline_for(rule.deadline_hours) if rule else None  # type: ignore[attr-defined]  # for the template
    return rows


def active_councillors() -> QuerySet[Councillor]:
    return Councillor.objects.filter(status=Councillor.Status.ACTIVE).order_by(
        "last_name", "first_name"
    )


def active_staff() -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(status=StaffMember.Status.ACTIVE).order_by(
        "last_name", "first_name"
    )


def sitting_reports_for_brief(sitting: Sitting) -> list[Report]:
    """The séance's rapports with their line, speakers and current note (fixed queries)."""
    reports = list(
        Report.objects.filter(sitting=sitting)
        .select_related("vote_line", "brief")
        .prefetch_related(
            Prefetch("speeches", queryset=Speech.objects.current().select_related("councillor")),
            Prefetch("brief__versions", queryset=BriefVersion.objects.order_by("-number")),
        )
        .order_by("order", "number")
    )
    for r in reports:
        r.line = r.vote_line if _has(r, "vote_line") else None  # type: ignore[attr-defined]  # for the template
        brief = r.brief if _has(r, "brief") else None
        versions = list(brief.versions.all()) if brief else []
        r.note = versions[0].text if versions else ""  # type: ignore[attr-defined]  # for the template
        r.note_status = brief.get_status_display() if brief else ""  # type: ignore[attr-defined]  # idem
    return reports


def voting_sheet(sitting: Sitting, councillor: Councillor) -> dict[str, Any]:
    reports = list(
        Report.objects.filter(sitting=sitting)
        .select_related("vote_line")
        .prefetch_related(
            Prefetch(
                "speeches",
                queryset=Speech.objects.current().filter(councillor=councillor),
                to_attr="my_speeches",
            )
        )
        .order_by("order", "number")
    )
    for r in reports:
        r.line = r.vote_line if _has(r, "vote_line") else None  # type: ignore[attr-defined]  # for the template
    mine = (
        Attendance.objects.filter(sitting=sitting, councillor=councillor)
        .select_related("proxy_holder")
        .first()
    )
    held = (
        Attendance.objects.filter(sitting=sitting, proxy_holder=councillor)
        .select_related("councillor")
        .first()
    )
    return {"reports": reports, "attendance": mine, "proxy_held": held}


def dashboard_reports(user: Any) -> list[Report]:
    councillor = getattr(user, "councillor", None) if getattr(user, "councillor_id", None) else None
    if councillor is not None:
        return my_reports(councillor, limit=10)
    staff_id = getattr(user, "staff_member_id", None)
    if staff_id:
        return list(
            upcoming_reports()
            .filter(follow_up__staff_member_id=staff_id)
            .exclude(follow_up__status=FollowUp.Status.LINE_SET)
            .select_related("sitting__body", "follow_up", "brief", "vote_line")
            .order_by("sitting__starts_at", "order")[:10]
        )
    # Without a seat or a post (the secrétariat): the coming rapports nobody has settled yet.
    return list(
        upcoming_reports()
        .exclude(follow_up__status=FollowUp.Status.LINE_SET)
        .select_related("sitting__body", "follow_up", "brief", "vote_line")
        .order_by("sitting__starts_at", "order")[:10]
    )


def archived_speeches(limit: int = 200) -> list[Speech]:
    """Archived speeches for the Archives page, newest first, in one query."""
    return list(
        Speech.objects.archived()
        .select_related("councillor", "archived_by", "report__sitting__body")
        .order_by("-archived_at", "-pk")[:limit]
    )
