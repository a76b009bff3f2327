"""Bearer-token authentication: the request then runs as the token's user.

Only tokens are accepted, never the session cookie: a cookie is sent by the browser on
its own, so accepting it would expose every write endpoint to cross-site requests.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from hemicycle.api.selectors import user_for_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = user_for_token(token.strip())
        if user is None:
            return None
        # The selectors and permission predicates the web pages use read request.user.
        request.user = user
        return user
