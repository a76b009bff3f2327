"""The API's URLs, mounted at /api/v1/.

Every ninja view is marked for the project's access rules: the OpenAPI description and the
endpoint list are public; every endpoint is "token" (ninja checks the token itself and
answers 401), which tests/test_url_access.py accepts and hemicycle/api/tests test.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.urls import URLPattern

from hemicycle.api.main import api

PUBLIC = {"openapi-json", "openapi-view"}


def _mark(patterns: list[Any]) -> list[Any]:
    for pattern in patterns:
        if not isinstance(pattern, URLPattern):
            continue
        view: Any = pattern.callback
        # Not the login page: the API answers 401 in JSON; tokens, not sessions, so no
        # second-factor redirect either (the token was created from a verified session).
        login_not_required(view)
        view.two_factor_exempt = True
        view.access_rule = "public" if pattern.name in PUBLIC else "token"
    return patterns


app_name = "api"
urlpatterns = _mark(list(api.urls[0]))
