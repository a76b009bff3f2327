"""Track each account's logged-in browsers ("Mes sessions") and close them on request."""

from __future__ import annotations

from importlib import import_module
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from hemicycle.accounts.models import User, UserSession
from hemicycle.core import audit

# Session key holding when this session's row was last touched (epoch seconds).
SEEN_KEY = "_hemicycle_seen"
TOUCH_EVERY_SECONDS = 60


def _store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    return engine.SessionStore(session_key)


def client_ip(request: HttpRequest) -> str | None:
    # Same resolution as django-axes, so that lock-outs and sessions show the same address.
    from axes.helpers import get_client_ip_address

    try:
        return get_client_ip_address(request) or None
    except Exception:  # a test request without META
        return None


def start(*, request: HttpRequest, user: User) -> None:
    """Record the session a login just opened (called from the user_logged_in signal)."""
    session = getattr(request, "session", None)
    if session is None:
        return
    if session.session_key is None:
        session.save()
    now = timezone.now()
    UserSession.objects.update_or_create(
        session_key=session.session_key,
        defaults={
            "user": user,
            "last_seen": now,
            "ip": client_ip(request),
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:300],
        },
    )
    session[SEEN_KEY] = int(now.timestamp())


def touch(request: HttpRequest) -> None:
    """Refresh last_seen, writing at most once a minute per session."""
    session = request.session
    now = timezone.now()
    seen = session.get(SEEN_KEY)
    if seen is not None and now.timestamp() - seen < TOUCH_EVERY_SECONDS:
        return
    if seen is None or not UserSession.objects.filter(session_key=session.session_key).update(
        last_seen=now
    ):
        # A session opened before tracking existed: adopt it.
        start(request=request, user=request.user)  # type: ignore[arg-type]
        return
    session[SEEN_KEY] = int(now.timestamp())


def forget(session_key: str | None) -> None:
    if session_key:
        UserSession.objects.filter(session_key=session_key).delete()


def active_sessions(*, user: User) -> list[UserSession]:
    """The account's sessions still alive; rows of expired sessions are removed on the way."""
    alive: list[UserSession] = []
    dead: list[UserSession] = []
    for row in UserSession.objects.filter(user=user):
        (alive if _store().exists(row.session_key) else dead).append(row)
    if dead:
        UserSession.objects.filter(pk__in=[row.pk for row in dead]).delete()
    return alive


def _kill(rows: Any) -> int:
    count = 0
    for row in rows:
        _store(row.session_key).delete()
        row.delete()
        count += 1
    return count


@transaction.atomic
def close_session(*, user: User, session_pk: int, current_key: str | None) -> bool:
    """Close one of the user's other sessions; False if there is no such session."""
    rows = UserSession.objects.filter(user=user, pk=session_pk).exclude(session_key=current_key)
    closed = _kill(list(rows))
    if closed:
        audit.record(actor=user, action="accounts.session_closed", target=user)
    return bool(closed)


@transaction.atomic
def close_other_sessions(*, user: User, current_key: str | None) -> int:
    """Log the user out everywhere but here."""
    closed = _kill(list(UserSession.objects.filter(user=user).exclude(session_key=current_key)))
    audit.record(
        actor=user,
        action="accounts.logged_out_everywhere",
        target=user,
        changes={"sessions": closed},
    )
    return closed


def close_all_sessions(*, user: User) -> int:
    """Log the user out everywhere (the caller records why in the audit trail)."""
    return _kill(list(UserSession.objects.filter(user=user)))
