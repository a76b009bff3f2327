"""Votes: the scrutins, each councillor's vote and the council's result by group
(votes/permissions.py: members read; a councillor records their own vote, the
secrétariat, staff and bureau anyone's)."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hemicycle.api.common import READ_ERRORS, WRITE_ERRORS, require
from hemicycle.api.pagination import Pagination
from hemicycle.api.types import Id, OptId
from hemicycle.group.models import Councillor
from hemicycle.votes import permissions, selectors, services
from hemicycle.votes.forms import TapForm
from hemicycle.votes.models import Vote, VoteEvent

router = Router()


class VoteEventOut(Schema):
    id: int
    sitting_id: int
    report_id: int | None
    filing_id: int | None
    title: str
    order: int
    mode: str
    result: str
    result_recorded_at: dt.datetime | None


class GroupResultOut(Schema):
    council_group_id: int
    council_group: str
    pour: int | None
    contre: int | None
    abstention: int | None
    nppv: int | None


class VoteEventDetailOut(VoteEventOut):
    group_results: list[GroupResultOut] = Field(
        description="Chaque groupe du conseil ; null si son décompte n’est pas saisi"
    )


class VoteOut(Schema):
    councillor_id: int
    option: str
    nppv_reason: str
    proxy_holder_id: int | None
    updated_at: dt.datetime


class VoteIn(Schema):
    option: Literal["pour", "contre", "abstention", "nppv"]
    nppv_reason: Literal["", "choix", "deport", "absent"] = ""


class VoteEventFilters(Schema):
    sitting: OptId = None


@router.get(
    "/events", response={200: list[VoteEventOut], **READ_ERRORS}, summary="Scrutins / vote events"
)
@paginate(Pagination)
def vote_event_list(request: HttpRequest, filters: Query[VoteEventFilters]) -> Any:
    require(permissions.can_view_votes, request)
    qs = VoteEvent.objects.all()
    if filters.sitting:
        qs = qs.filter(sitting_id=filters.sitting)
    return qs.order_by("-sitting__starts_at", "order", "pk")


@router.get(
    "/events/{pk}",
    response={200: VoteEventDetailOut, **READ_ERRORS},
    summary="Un scrutin et les résultats par groupe / a vote event and its results by group",
)
def vote_event_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_votes, request)
    event = selectors.get_vote_event_or_404(user, pk)
    data = {n: getattr(event, n) for n in VoteEventOut.model_fields}
    data["group_results"] = [
        {
            "council_group_id": row["group"].pk,
            "council_group": row["group"].name,
            **dict(
                zip(
                    ("pour", "contre", "abstention", "nppv"),
                    row["values"] or (None,) * 4,
                    strict=True,
                )
            ),
        }
        for row in selectors.result_rows(event)
    ]
    return data


@router.get(
    "/events/{pk}/votes",
    response={200: list[VoteOut], **READ_ERRORS},
    summary="Votes des élu·es du groupe / the group's votes",
)
@paginate(Pagination)
def vote_list(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_votes, request)
    event = selectors.get_vote_event_or_404(user, pk)
    return Vote.objects.filter(vote_event=event).order_by(
        "councillor__last_name", "councillor__first_name", "pk"
    )


@router.put(
    "/events/{pk}/votes/{councillor_pk}",
    response={200: VoteOut, **WRITE_ERRORS},
    summary="Enregistrer le vote d’un·e élu·e / record a councillor's vote",
    description="Idempotent : renvoyer le même vote ne change rien.",
)
def vote_record(request: HttpRequest, pk: Id, councillor_pk: Id, payload: VoteIn) -> Any:
    user = require(permissions.can_record_any, request)
    event = selectors.get_vote_event_or_404(user, pk)
    councillor = get_object_or_404(Councillor, pk=councillor_pk)
    if not permissions.can_record_for(user, councillor.pk):
        raise Http404
    form = TapForm(payload.model_dump())
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return services.record_vote(
        vote_event=event,
        councillor=councillor,
        option=form.cleaned_data["option"],
        nppv_reason=form.cleaned_data.get("nppv_reason") or "",
        acting_user=user,
    )
