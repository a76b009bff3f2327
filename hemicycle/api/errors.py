"""Errors as JSON with a French `detail`, mapped like the web pages map them.

A refusal looks like a missing object (404), as on the pages; a service's refusal of the
input is a 400 with the messages by field; a concurrent edit is a 409.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError

from hemicycle.core.services import ConcurrentEditError
from hemicycle.filings.services import FilingConflict

if TYPE_CHECKING:
    from ninja import NinjaAPI

NOT_FOUND = "Introuvable : cet élément n’existe pas ou vous n’y avez pas accès."
UNAUTHORISED = (
    "Authentification requise : envoyez un jeton d’API valide dans l’en-tête "
    "« Authorization: Bearer <jeton> » (jeton absent, inconnu, expiré ou révoqué)."
)


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


def _messages_by_field(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): [str(m) for m in v]
            for k, v in exc.message_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def install(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, detail: str, **errors: Any) -> HttpResponse:
        body: dict[str, Any] = {"detail": detail, "errors": errors.get("errors", {})}
        return api.create_response(request, body, status=status)

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 404, NOT_FOUND)

    def unauthorised(request: HttpRequest, exc: Any) -> HttpResponse:
        response = respond(request, 401, UNAUTHORISED)
        response["WWW-Authenticate"] = 'Bearer realm="hemicycle"'
        return response

    def refused(request: HttpRequest, exc: Any) -> HttpResponse:
        errors = _messages_by_field(exc)
        detail = " ".join(m for ms in errors.values() for m in ms)
        return respond(request, 400, detail or "Requête refusée.", errors=errors)

    def conflict(request: HttpRequest, exc: Any) -> HttpResponse:
        return respond(request, 409, " ".join(exc.messages))

    def malformed(request: HttpRequest, exc: Any) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            where = ".".join(str(part) for part in error.get("loc", ()))
            errors.setdefault(where or "non_field_errors", []).append(str(error.get("msg", "")))
        fields = ", ".join(errors)
        return respond(request, 400, f"Requête invalide : vérifiez {fields}.", errors=errors)

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, not_found)
    api.add_exception_handler(AuthenticationError, unauthorised)
    api.add_exception_handler(DjangoValidationError, refused)
    api.add_exception_handler(ConcurrentEditError, conflict)
    api.add_exception_handler(FilingConflict, conflict)
    api.add_exception_handler(SchemaValidationError, malformed)
