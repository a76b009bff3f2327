"""What every router shares: the acting user, the refusal, the write responses."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest

from hemicycle.api.errors import ErrorOut

# Declared on write operations so that the OpenAPI description lists their refusals.
WRITE_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut}
READ_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 404: ErrorOut}


def user_of(request: HttpRequest) -> Any:
    """The token's user (set by TokenAuth)."""
    return request.auth  # type: ignore[attr-defined]


def require(rule: Callable[[Any], bool], request: HttpRequest) -> Any:
    """The acting user, if the area's page rule lets them in; else 404, like the pages."""
    user = user_of(request)
    if not rule(user):
        raise Http404
    return user
