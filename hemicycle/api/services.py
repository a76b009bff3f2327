"""Creating and revoking API tokens, each audited."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hemicycle.api import permissions
from hemicycle.api.models import TOKEN_PREFIX, ApiToken
from hemicycle.api.selectors import hash_token
from hemicycle.core import audit
from hemicycle.core.permissions import ensure


@transaction.atomic
def create_token(
    *, owner: Any, name: str, expires_on: dt.date | None, acting_user: Any
) -> tuple[ApiToken, str]:
    """Create a token for `owner`; return it with the clear token, which is never stored."""
    ensure(permissions.can_manage_tokens_of(acting_user, owner))
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Donnez un nom au jeton."})
    expires_at = None
    if expires_on is not None:
        if expires_on <= timezone.localdate():
            raise ValidationError({"expires_on": "La date d’expiration doit être à venir."})
        expires_at = timezone.make_aware(dt.datetime.combine(expires_on, dt.time.min))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=owner,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        token_hash=hash_token(raw),
        expires_at=expires_at,
        created_by=acting_user,
    )
    token.full_clean()
    token.save()
    audit.record(
        actor=acting_user,
        action="api.token_created",
        target=token,
        changes={"compte": [None, owner.get_username()]},
    )
    return token, raw


@transaction.atomic
def revoke_token(*, token: ApiToken, acting_user: Any) -> ApiToken:
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    ensure(permissions.can_manage_tokens_of(acting_user, token.user))
    if token.revoked_at is not None:
        return token
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=acting_user,
        action="api.token_revoked",
        target=token,
        changes={"compte": [token.user.get_username(), None]},
    )
    return token
