"""Reads of API tokens, and the lookup that turns a presented token into its user."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hemicycle.api import permissions
from hemicycle.api.models import TOKEN_PREFIX, ApiToken

# last_used_at is for people reviewing their tokens, not an access log: one write a
# minute per token at most, so that a busy client does not write on every request.
TOUCH_EVERY = dt.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def tokens_of(owner: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=owner).select_related("created_by")


def get_token_for_user_or_404(user: Any, pk: int) -> ApiToken:
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None or not permissions.can_manage_tokens_of(user, token.user):
        raise Http404
    return token


def user_for_token(raw: str) -> Any | None:
    """The active account a valid, unrevoked, unexpired token belongs to, or None."""
    if not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
