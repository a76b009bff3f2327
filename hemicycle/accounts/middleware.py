"""Two middlewares of the accounts room: second-factor gate, session activity."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from hemicycle.accounts import permissions, sessions, twofactor


def two_factor_exempt(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page a session that still owes its second factor may open (the 2FA pages, logout)."""
    view.two_factor_exempt = True  # type: ignore[attr-defined]
    return view


def owes_second_factor(request: HttpRequest) -> bool:
    user: Any = request.user
    if not user.is_authenticated or user.is_verified():
        return False
    if permissions.requires_two_factor(user):
        return True
    return bool(request.session.get(twofactor.OWES_CODE_KEY)) and permissions.can_use_two_factor(
        user
    )


class TwoFactorMiddleware:
    """Send a logged-in session that has not passed its second factor to verify (or set up).

    Placed after LoginRequiredMiddleware: anonymous visitors go to the login page first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view_func, "two_factor_exempt", False):
            return None
        if getattr(view_func, "access_rule", None) == "public":
            return None
        if not owes_second_factor(request):
            return None
        user: Any = request.user
        target = (
            "accounts:two_factor_verify"
            if twofactor.has_device(user)
            else "accounts:two_factor_setup"
        )
        url = f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return redirect(url)


class SessionActivityMiddleware:
    """Keep the "Mes sessions" rows current, writing at most once a minute per session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and request.session.session_key:
            sessions.touch(request)
        return self.get_response(request)
