"""Permission primitives: small predicates on a user, and the access rule a view declares.

Every view carries an `access_rule` attribute (set by `access` or `public`); a test walks
the URL configuration and fails for any view without one. A refused request answers 404,
exactly like a missing page, so that nothing tells an outsider what exists.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404

from hemicycle.core.roles import BUREAU_ROLES, LEADERSHIP_ROLES, MEMBER_ROLES, Role

Predicate = Callable[[Any], bool]


def _role(user: Any) -> str | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "role", None)


def is_authenticated(user: Any) -> bool:
    return _role(user) is not None


def is_secretariat(user: Any) -> bool:
    return _role(user) == Role.SECRETARIAT


def is_leadership(user: Any) -> bool:
    return _role(user) in LEADERSHIP_ROLES


def is_bureau_or_above(user: Any) -> bool:
    return _role(user) in BUREAU_ROLES


def is_member(user: Any) -> bool:
    """Secrétariat, présidence, bureau, élu·es and staff: the group's own people."""
    return _role(user) in MEMBER_ROLES


def is_member_or_observer(user: Any) -> bool:
    return _role(user) in MEMBER_ROLES or _role(user) == Role.OBSERVATEUR


def is_partner(user: Any) -> bool:
    return _role(user) == Role.PARTENAIRE


def ensure(condition: bool) -> None:
    """Refuse a service call whose permission predicate failed."""
    if not condition:
        raise PermissionDenied


def access(rule: Predicate) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Declare and enforce who may open a view; a refusal looks like a missing page."""

    def decorator(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not rule(request.user):
                raise Http404
            return view(request, *args, **kwargs)

        wrapped.access_rule = rule.__name__  # type: ignore[attr-defined]
        return wrapped

    return decorator


def public(view: Callable[..., Any]) -> Callable[..., Any]:
    """A page anyone may open without logging in (login, password reset)."""
    view = login_not_required(view)
    view.access_rule = "public"  # type: ignore[attr-defined]
    return view
