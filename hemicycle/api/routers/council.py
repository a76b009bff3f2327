"""The council: mandatures, its groups, the roster of all councillors, the instances.

Rules of council/permissions.py: roster and groups for members and observers; the
instances (council/structure_services.py) for members only.
"""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hemicycle.api.common import READ_ERRORS, require
from hemicycle.api.pagination import Mapped, Pagination
from hemicycle.api.types import Id, OptId, SearchText
from hemicycle.council import permissions, selectors
from hemicycle.council.models import Body, Seat, Term
from hemicycle.council.structure_services import can_view_structure

router = Router()


class TermOut(Schema):
    id: int
    name: str
    region_code: str
    region_name: str
    seats: int
    start_date: dt.date
    end_date: dt.date


class CouncilGroupOut(Schema):
    id: int
    term_id: int
    name: str
    short_name: str
    side: str
    seats: int
    colour: str
    president_name: str
    is_own_group: bool
    is_archived: bool
    active_members: int


class RosterMemberOut(Schema):
    id: int
    term_id: int
    first_name: str
    last_name: str
    section: str
    function: str
    status: str
    mandate_start: dt.date
    left_on: dt.date | None
    council_group_id: int | None
    group_councillor_id: int | None


class SeatOut(Schema):
    id: int
    councillor_id: int
    role: str
    starts_on: dt.date
    ends_on: dt.date | None


class BodyOut(Schema):
    id: int
    term_id: int
    kind: str
    name: str
    short_name: str
    members_count: int | None
    is_archived: bool


class BodyDetailOut(BodyOut):
    seats: list[SeatOut]


class TermFilter(Schema):
    term: OptId = Field(None, description="Mandature (par défaut : l’actuelle)")


class RosterFilters(TermFilter):
    status: str | None = Field(None, pattern=r"^(active|left|all)$")
    group: OptId = None
    section: str | None = Field(None, pattern=r"^[0-9]{2}$")
    q: SearchText = None


def _term(term_id: int | None) -> Term:
    term = Term.objects.filter(pk=term_id).first() if term_id else selectors.current_term()
    if term is None:
        raise Http404
    return term


@router.get("/terms", response={200: list[TermOut], **READ_ERRORS}, summary="Mandatures / terms")
@paginate(Pagination)
def term_list(request: HttpRequest) -> Any:
    require(permissions.can_view_council_groups, request)
    return Term.objects.order_by("-start_date", "-pk")


@router.get(
    "/groups",
    response={200: list[CouncilGroupOut], **READ_ERRORS},
    summary="Groupes du conseil / groups",
)
@paginate(Pagination)
def council_group_list(request: HttpRequest, filters: Query[TermFilter]) -> Any:
    require(permissions.can_view_council_groups, request)
    rows = selectors.council_groups(term=_term(filters.term)).order_by(
        "is_archived", "-seats", "name", "pk"
    )
    return _with_own(rows)


def _with_own(rows: Any) -> Mapped:
    def row(g: Any) -> dict[str, Any]:
        data = {n: getattr(g, n, None) for n in CouncilGroupOut.model_fields}
        data["is_own_group"] = g.own_group_id is not None
        return data

    return Mapped(rows, row)


@router.get(
    "/groups/{pk}", response={200: CouncilGroupOut, **READ_ERRORS}, summary="Un groupe / a group"
)
def council_group_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_council_groups, request)
    group = permissions.get_council_group_for_user_or_404(user, pk)
    rows = selectors.council_groups(term=group.term).filter(pk=group.pk)
    return _with_own(rows)[0:1][0]


@router.get(
    "/roster",
    response={200: list[RosterMemberOut], **READ_ERRORS},
    summary="Conseiller·ères / roster",
)
@paginate(Pagination)
def roster_list(request: HttpRequest, filters: Query[RosterFilters]) -> Any:
    require(permissions.can_view_roster, request)
    data = filters.model_dump()
    return selectors.roster_members(term=_term(filters.term), filters=data)


@router.get(
    "/roster/{pk}",
    response={200: RosterMemberOut, **READ_ERRORS},
    summary="Un·e conseiller·ère / one roster member",
)
def roster_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_roster, request)
    return permissions.get_roster_member_for_user_or_404(user, pk)


@router.get("/bodies", response={200: list[BodyOut], **READ_ERRORS}, summary="Instances / bodies")
@paginate(Pagination)
def body_list(request: HttpRequest, filters: Query[TermFilter]) -> Any:
    require(can_view_structure, request)
    return Body.objects.filter(term=_term(filters.term)).order_by(
        "is_archived", "order", "name", "pk"
    )


@router.get(
    "/bodies/{pk}",
    response={200: BodyDetailOut, **READ_ERRORS},
    summary="Une instance et ses sièges / a body and its seats",
)
def body_detail(request: HttpRequest, pk: Id) -> Any:
    require(can_view_structure, request)
    body = Body.objects.filter(pk=pk).first()
    if body is None:
        raise Http404
    data = {n: getattr(body, n) for n in BodyOut.model_fields}
    data["seats"] = list(Seat.objects.filter(body=body).order_by("role", "starts_on", "pk"))
    return data
