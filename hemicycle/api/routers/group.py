"""The group: its identity, parties and councillors (group/permissions.py rules)."""

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from hemicycle.api.common import READ_ERRORS, require
from hemicycle.api.pagination import Mapped, Pagination
from hemicycle.api.types import Id, OptId, SearchText
from hemicycle.group import permissions, selectors
from hemicycle.group.models import Councillor

router = Router()


class GroupOut(Schema):
    id: int
    name: str
    short_name: str
    council_name: str
    term_id: int | None
    is_opposition: bool
    declared_on: dt.date | None
    address: str
    email: str
    phone: str
    website: str


class PartyOut(Schema):
    id: int
    name: str
    short_name: str
    colour: str
    is_archived: bool
    active_count: int = Field(description="Élu·es en mandat / councillors in office")


class CouncillorOut(Schema):
    id: int
    civility: str
    first_name: str
    last_name: str
    party_id: int | None
    affiliation: str
    section: str
    commune: str
    bureau_role: str
    status: str
    mandate_start: dt.date
    mandate_end: dt.date | None
    left_on: dt.date | None
    replaced_by_id: int | None
    email: str | None = Field(None, description="Membres du groupe seulement / members only")
    phone: str | None = Field(None, description="Membres du groupe seulement / members only")


class CouncillorFilters(Schema):
    status: str | None = Field(
        "active", pattern=r"^(active|left|)$", description="active, left, ou vide pour tous"
    )
    party: OptId = None
    section: str | None = Field(None, pattern=r"^[0-9]{2}$")
    q: SearchText = None


def _councillor(c: Councillor, contact: bool) -> dict[str, Any]:
    data = {name: getattr(c, name) for name in CouncillorOut.model_fields}
    if not contact:
        data["email"] = data["phone"] = None
    return data


@router.get("", response={200: GroupOut, **READ_ERRORS}, summary="Le groupe / the group")
def group_detail(request: HttpRequest) -> Any:
    require(permissions.can_view_group, request)
    group = selectors.current_group()
    if group is None:
        raise Http404
    return group


@router.get("/parties", response={200: list[PartyOut], **READ_ERRORS}, summary="Partis / parties")
@paginate(Pagination)
def party_list(request: HttpRequest) -> Any:
    require(permissions.can_view_group, request)
    # Party names are unique: the selector's order is stable.
    return selectors.parties_with_counts()


@router.get(
    "/councillors",
    response={200: list[CouncillorOut], **READ_ERRORS},
    summary="Élu·es / councillors",
)
@paginate(Pagination)
def councillor_list(request: HttpRequest, filters: Query[CouncillorFilters]) -> Any:
    user = require(permissions.can_view_group, request)
    contact = permissions.can_view_contact_details(user)
    rows = selectors.councillors(filters=filters.model_dump()).order_by(
        "last_name", "first_name", "pk"
    )
    return Mapped(rows, lambda c: _councillor(c, contact))


@router.get(
    "/councillors/{pk}",
    response={200: CouncillorOut, **READ_ERRORS},
    summary="Un·e élu·e / one councillor",
)
def councillor_detail(request: HttpRequest, pk: Id) -> Any:
    user = require(permissions.can_view_group, request)
    councillor = selectors.get_councillor_for_user_or_404(user, pk)
    return _councillor(councillor, permissions.can_view_contact_details(user))
