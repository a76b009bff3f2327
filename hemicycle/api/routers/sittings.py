"""Séances and rapports, with their documents' metadata (sittings/permissions.py: members
and observers). Documents themselves are downloaded from the web pages."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hemicycle.api.common import READ_ERRORS, require
from hemicycle.api.pagination import Mapped, Pagination
from hemicycle.api.types import Id, OptId, SearchText
from hemicycle.sittings import permissions, selectors
from hemicycle.sittings.models import Report, Sitting

router = Router()


class SittingOut(Schema):
    id: int
    body_id: int
    body_name: str
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    place_detail: str
    status: str
    report_count: int


class ReportOut(Schema):
    id: int
    sitting_id: int
    number: str
    title: str
    order: int
    rapporteur: str
    amount: Decimal | None
    deliberation_number: str
    text_status: str
    commission_ids: list[int]
    themes: list[str]
    departments: list[str]


class DocumentOut(Schema):
    id: int
    title: str
    version: int
    original_name: str
    size: int
    pages: int | None
    text_status: str
    created_at: dt.datetime


class ReportDetailOut(ReportOut):
    summary: str
    documents: list[DocumentOut] = Field(
        description="Toutes les versions, la plus récente d’abord / all versions, newest first"
    )


class SittingFilters(Schema):
    body: OptId = None
    status: str | None = Field(None, pattern=r"^(planned|convoked|held|cancelled)$")
    since: dt.date | None = Field(None, description="Séances à partir de cette date")
    until: dt.date | None = Field(None, description="Séances jusqu’à cette date")


class ReportFilters(Schema):
    sitting: OptId = None
    body: OptId = None
    q: SearchText = None


def _sitting(s: Sitting) -> dict[str, Any]:
    data = {n: getattr(s, n, None) for n in SittingOut.model_fields}
    data["body_name"] = s.body.name
    return data


def _report(r: Report) -> dict[str, Any]:
    data = {n: getattr(r, n) for n in ReportOut.model_fields if hasattr(r, n)}
    data["commission_ids"] = [b.pk for b in r.commissions.all()]
    data["themes"] = [t.name for t in r.themes.all()]
    data["departments"] = [d.section for d in r.departments.all()]
    return data


@router.get("", response={200: list[SittingOut], **READ_ERRORS}, summary="Séances / sittings")
@paginate(Pagination)
def sitting_list(request: HttpRequest, filters: Query[SittingFilters]) -> Any:
    require(permissions.can_view_sittings, request)
    qs = selectors.sittings(filters=filters.model_dump())
    if filters.since:
        qs = qs.filter(starts_at__date__gte=filters.since)
    if filters.until:
        qs = qs.filter(starts_at__date__lte=filters.until)
    return Mapped(qs.order_by("-starts_at", "pk"), _sitting)


@router.get(
    "/reports", response={200: list[ReportOut], **READ_ERRORS}, summary="Rapports / reports"
)
@paginate(Pagination)
def report_list(request: HttpRequest, filters: Query[ReportFilters]) -> Any:
    require(permissions.can_view_sittings, request)
    return Mapped(selectors.reports(filters=filters.model_dump()), _report)


@router.get(
    "/reports/{pk}",
    response={200: ReportDetailOut, **READ_ERRORS},
    summary="Un rapport et ses documents / a report and its documents",
)
def report_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_sittings, request)
    report = selectors.get_report_for_user_or_404(user, pk)
    data = _report(report)
    data["summary"] = report.summary
    data["documents"] = [
        doc for entry in selectors.documents_by_title(report) for doc in entry["versions"]
    ]
    return data


@router.get("/{pk}", response={200: SittingOut, **READ_ERRORS}, summary="Une séance / a sitting")
def sitting_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_sittings, request)
    return _sitting(selectors.get_sitting_for_user_or_404(user, pk))
