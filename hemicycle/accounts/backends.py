from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address, case-insensitively."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or password is None:
            return None
        User = get_user_model()
        field = "email__iexact" if "@" in username else "username__iexact"
        user = User._default_manager.filter(**{field: username.strip()}).first()
        if user is None:
            # Spend the same time as a real check, so timing does not reveal accounts.
            User().set_password(password)
            return None
        # An inactive account with the right password is returned so that the login form
        # can say it is deactivated; get_user() still refuses it a session.
        if user.check_password(password):
            return user
        return None
