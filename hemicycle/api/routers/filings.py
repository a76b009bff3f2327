"""Filings: reads filtered by filings_visible_to (a partner sees what is shared with its
group, an observer what is filed) and the drafting workflow's writes.

Writes validate their input with the web pages' own forms, then call the same services;
nothing here decides who may do what.
"""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hemicycle.api.common import READ_ERRORS, WRITE_ERRORS, require
from hemicycle.api.pagination import Mapped, Pagination
from hemicycle.api.types import MAX_ID, Id, OptId, SearchText
from hemicycle.council.models import FilingKind
from hemicycle.filings import permissions, selectors, services
from hemicycle.filings.forms import FileForm, FilingCreateForm, VersionForm
from hemicycle.filings.models import Filing

router = Router()

Text = Field("", max_length=100_000)


class AuthorOut(Schema):
    councillor_id: int
    name: str
    role: str


class CosignatureOut(Schema):
    signer: str
    council_group_id: int


class VersionOut(Schema):
    number: int
    original_text: str
    preamble: str
    text: str
    motives: str
    summary: str
    created_at: dt.datetime


class FilingOut(Schema):
    id: int
    reference: str
    kind: str
    status: str
    title: str
    article: str
    paragraph: str
    sitting_id: int | None
    report_id: int | None
    parent_id: int | None
    registration_number: str
    filed_at: dt.datetime | None
    validated_at: dt.datetime | None
    outcome: str
    opinion: str
    decided_on: dt.date | None
    due_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    authors: list[AuthorOut]
    cosignatures: list[CosignatureOut]


class FilingDetailOut(FilingOut):
    current_version: VersionOut | None = Field(
        description="Le texte actuel ; son numéro est le base_number d’une nouvelle version"
    )


class FilingFilters(Schema):
    status: Literal["draft", "review", "validated", "filed", "decided", "abandoned"] | None = None
    kind: Literal[tuple(FilingKind.values)] | None = None  # type: ignore[valid-type]
    sitting: OptId = None
    author: OptId = Field(None, description="Id d’un·e élu·e du groupe")
    q: SearchText = None


class TextsIn(Schema):
    original_text: str = Text
    preamble: str = Text
    text: str = Text
    motives: str = Text


class FilingCreateIn(TextsIn):
    kind: Literal[tuple(FilingKind.values)]  # type: ignore[valid-type]
    title: str = Field(max_length=300)
    sitting: OptId = None
    report: OptId = None
    parent: OptId = Field(None, description="L’amendement visé (sous-amendement)")
    article: str = Field("", max_length=100)
    paragraph: str = Field("", max_length=100)
    due_at: dt.datetime | None = None
    first_author: OptId = Field(None, description="Par défaut : l’élu·e du compte")
    coauthors: list[Annotated[int, Field(ge=1, le=MAX_ID)]] = Field([], max_length=200)


class VersionIn(TextsIn):
    base_number: int = Field(
        ge=0, le=1_000_000, description="Numéro de la version sur laquelle vous avez écrit"
    )
    summary: str = Field("", max_length=300)


class FileIn(Schema):
    registration_number: str = Field(max_length=50)
    late_reason: str = Field("", max_length=10_000)


TRANSITIONS = {
    "submit": services.submit,
    "return-to-draft": services.return_to_draft,
    "validate": services.validate,
    "abandon": services.abandon,
    "restore": services.restore,
}


def _out(filing: Filing, *, with_text: bool = False) -> dict[str, Any]:
    data = {n: getattr(filing, n) for n in FilingOut.model_fields if hasattr(filing, n)}
    data["authors"] = [
        {"councillor_id": a.councillor_id, "name": str(a.councillor), "role": a.role}
        for a in filing.authorships.all()
    ]
    data["cosignatures"] = [
        {"signer": str(c.signer), "council_group_id": c.council_group_id}
        for c in getattr(filing, "active_cosignatures", [])
    ]
    if with_text:
        data["current_version"] = filing.latest_version()
    return data


def _check(form: Any) -> Any:
    """The web form's verdict on the input: its messages, by field, as a 400."""
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    return form


def _form_value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        try:
            local = timezone.localtime(value) if timezone.is_aware(value) else value
        except OverflowError as exc:  # a date at the edge of the calendar, once moved to Paris
            raise ValidationError({"due_at": "Date hors des limites du calendrier."}) from exc
        return local.strftime("%Y-%m-%dT%H:%M")
    if value is None:
        return ""
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _out(selectors.get_filing_for_user_or_404(request.user, pk), with_text=True)


# --- reads --------------------------------------------------------------------------------


@router.get("", response={200: list[FilingOut], **READ_ERRORS}, summary="Dépôts / filings")
@paginate(Pagination)
def filing_list(request: HttpRequest, filters: Query[FilingFilters]) -> Any:
    user = require(permissions.can_open_filings, request)
    qs = selectors.filing_list(user, filters.model_dump(exclude_none=True))
    return Mapped(qs, _out)


@router.get("/{pk}", response={200: FilingDetailOut, **READ_ERRORS}, summary="Un dépôt / a filing")
def filing_detail(request: HttpRequest, pk: Id) -> Any:
    require(permissions.can_open_filings, request)
    return _detail(request, pk)


# --- writes -------------------------------------------------------------------------------


@router.post(
    "",
    response={201: FilingDetailOut, **WRITE_ERRORS},
    summary="Créer un brouillon / create a draft",
)
def filing_create(request: HttpRequest, payload: FilingCreateIn) -> Any:
    user = require(permissions.can_create, request)
    data = payload.model_dump()
    if data["first_author"] is None and getattr(user, "councillor_id", None):
        data["first_author"] = user.councillor_id
    form = _check(FilingCreateForm({k: _form_value(v) for k, v in data.items()}, kind=payload.kind))
    filing = services.create_filing(
        data=form.details(),
        texts=form.texts(),
        first_author=form.cleaned_data.get("first_author"),
        coauthors=form.cleaned_data.get("coauthors") or [],
        acting_user=user,
    )
    return Status(201, _detail(request, filing.pk))


@router.post(
    "/{pk}/versions",
    response={201: FilingDetailOut, **WRITE_ERRORS},
    summary="Nouvelle version du texte / new version of the text",
    description="409 si une version plus récente que base_number existe (écriture concurrente).",
)
def filing_add_version(request: HttpRequest, pk: Id, payload: VersionIn) -> Any:
    user = require(permissions.can_create, request)
    filing = selectors.get_filing_for_user_or_404(user, pk)
    if not permissions.can_edit_text(user, filing):
        raise Http404
    data = {k: _form_value(v) for k, v in payload.model_dump().items()}
    form = _check(VersionForm(data, kind=filing.kind))
    services.add_version(
        filing=filing,
        texts=form.texts(),
        summary=form.cleaned_data.get("summary") or "",
        base_number=form.cleaned_data["base_number"],
        acting_user=user,
    )
    return Status(201, _detail(request, pk))


@router.post(
    "/{pk}/transitions/{action}",
    response={200: FilingDetailOut, **WRITE_ERRORS},
    summary="Soumettre, valider, renvoyer, abandonner, restaurer / workflow transition",
)
def filing_transition(
    request: HttpRequest,
    pk: Id,
    action: Literal["submit", "return-to-draft", "validate", "abandon", "restore"],
) -> Any:
    user = require(permissions.can_create, request)
    filing = selectors.get_filing_for_user_or_404(user, pk)
    TRANSITIONS[action](filing=filing, acting_user=user)
    return Status(200, _detail(request, pk))


@router.post(
    "/{pk}/file",
    response={200: FilingDetailOut, **WRITE_ERRORS},
    summary="Marquer comme déposé / mark as filed",
)
def filing_file(request: HttpRequest, pk: Id, payload: FileIn) -> Any:
    user = require(permissions.can_create, request)
    filing = selectors.get_filing_for_user_or_404(user, pk)
    if not permissions.can_file(user, filing):
        raise Http404
    form = _check(FileForm(payload.model_dump()))
    services.file_filing(
        filing=filing,
        registration_number=form.cleaned_data["registration_number"],
        late_reason=form.cleaned_data.get("late_reason") or "",
        acting_user=user,
    )
    return Status(200, _detail(request, pk))
