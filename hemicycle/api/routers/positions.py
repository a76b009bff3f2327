"""The group's follow-up of rapports: vote lines, notes d'enjeux, speeches (internal work,
positions/permissions.py: members only)."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from hemicycle.api.common import READ_ERRORS, require
from hemicycle.api.pagination import Pagination
from hemicycle.api.types import Id, OptId
from hemicycle.positions import permissions, selectors
from hemicycle.positions.models import VoteLine

router = Router()


class VoteLineOut(Schema):
    id: int
    report_id: int
    position: str
    rationale: str
    explanation: str
    decided_on: dt.date | None


class SpeechOut(Schema):
    id: int
    councillor_id: int
    planned_minutes: Decimal
    topic: str
    order: int


class FollowUpOut(Schema):
    report_id: int
    status: str | None
    priority: str | None
    referent_id: int | None
    staff_member_id: int | None
    brief_status: str | None
    brief_version: int | None
    brief_text: str | None
    vote_line: VoteLineOut | None
    speeches: list[SpeechOut]


class VoteLineFilters(Schema):
    sitting: OptId = None


@router.get(
    "/vote-lines",
    response={200: list[VoteLineOut], **READ_ERRORS},
    summary="Consignes de vote / vote lines",
)
@paginate(Pagination)
def vote_line_list(request: HttpRequest, filters: Query[VoteLineFilters]) -> Any:
    require(permissions.can_view_follow_up, request)
    qs = VoteLine.objects.all()
    if filters.sitting:
        qs = qs.filter(report__sitting_id=filters.sitting)
    return qs.order_by("-report__sitting__starts_at", "report__order", "pk")


@router.get(
    "/reports/{pk}",
    response={200: FollowUpOut, **READ_ERRORS},
    summary="Suivi d’un rapport / a report's follow-up",
)
def follow_up_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_follow_up, request)
    report = selectors.get_report_for_user_or_404(user, pk)
    data = selectors.report_follow_up(report)
    follow_up, brief, current = data["follow_up"], data["brief"], data["current_version"]
    return {
        "report_id": report.pk,
        "status": follow_up.status if follow_up else None,
        "priority": follow_up.priority if follow_up else None,
        "referent_id": follow_up.referent_id if follow_up else None,
        "staff_member_id": follow_up.staff_member_id if follow_up else None,
        "brief_status": brief.status if brief else None,
        "brief_version": current.number if current else None,
        "brief_text": current.text if current else None,
        "vote_line": data["line"],
        "speeches": data["speeches"],
    }
