"""Audit and session bookkeeping hooked on Django's and django-axes's login signals.

Signals rather than view code because logins also happen through the Django admin's form,
and django-axes reports lock-outs only this way. Connected in AccountsConfig.ready().
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from hemicycle.accounts import permissions, sessions, twofactor
from hemicycle.core import audit

# The audit keeps what was typed as a username, cut short; never anything else.
USERNAME_MAX = 150


@receiver(user_logged_in, dispatch_uid="hemicycle.accounts.logged_in")
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None:
        return
    sessions.start(request=request, user=user)
    if permissions.can_use_two_factor(user) and twofactor.has_device(user):
        # Someone who enabled 2FA owes a code even when their role does not require it.
        request.session[twofactor.OWES_CODE_KEY] = True


@receiver(user_logged_out, dispatch_uid="hemicycle.accounts.logged_out")
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    audit.record(actor=user, action="accounts.logged_out", target=user)
    if request is not None and getattr(request, "session", None) is not None:
        sessions.forget(request.session.session_key)


@receiver(user_login_failed, dispatch_uid="hemicycle.accounts.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kw: Any
) -> None:
    username = str(credentials.get("username") or "")[:USERNAME_MAX]
    audit.record(
        actor=None,
        action="accounts.login_failed",
        changes={"username": username, "ip": sessions.client_ip(request) if request else None},
    )


@receiver(user_locked_out, dispatch_uid="hemicycle.accounts.locked_out")
def on_locked_out(sender: Any, request: Any, username: str, ip_address: str, **kw: Any) -> None:
    audit.record(
        actor=None,
        action="accounts.locked_out",
        changes={"username": str(username or "")[:USERNAME_MAX], "ip": ip_address},
    )
