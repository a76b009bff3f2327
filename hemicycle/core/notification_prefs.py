"""Notification preferences: reading them for `notify()` and the page, saving them.

Only the choices that differ from a kind's default are stored, so a kind whose default
changes in a later version reaches everyone who never chose otherwise.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hemicycle.core import audit
from hemicycle.core import notification_kinds as kinds
from hemicycle.core.models import NotificationPreference
from hemicycle.core.notification_kinds import Channel
from hemicycle.core.permissions import ensure, is_authenticated


def channels_for(user_ids: list[int], kind: str) -> dict[int, Channel]:
    """Each user's channel for `kind`, in one query (none when there is nobody)."""
    if not user_ids:
        return {}
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind, user_id__in=user_ids).values_list(
            "user_id", "channel"
        )
    )
    return {pk: kinds.effective(kind, chosen.get(pk)) for pk in user_ids}


def preferences_for(user: Any) -> dict[str, Channel]:
    """The user's channel for every registered kind, in one query."""
    chosen: dict[str, str] = {}
    if is_authenticated(user):
        chosen = dict(
            NotificationPreference.objects.filter(user=user).values_list("kind", "channel")
        )
    return {k.key: kinds.effective(k.key, chosen.get(k.key)) for k in kinds.all_kinds()}


@transaction.atomic
def save_preferences(*, user: Any, changes: dict[str, str], acting_user: Any) -> dict[str, Any]:
    """Apply the kinds the person changed (`{kind: channel}`); the others are left alone.

    Only changed kinds are passed, so two open tabs that each change a different kind both
    keep their change. Refuses an unknown kind, an unknown channel, or "off" for a mandatory
    kind, with a French message, and then changes nothing. One audit row lists the changes.
    """
    ensure(is_authenticated(acting_user) and user.pk == acting_user.pk)
    errors: dict[str, str] = {}
    for key, channel in changes.items():
        kind = kinds.get(key)
        if kind is None or not kind.offered_to(user):
            errors[key] = f"Type de notification inconnu : « {key} »."
        elif channel not in Channel.values:
            errors[key] = f"« {kind.label} » : choix de réception inconnu (« {channel} »)."
        elif Channel(channel) not in kind.allowed():
            errors[key] = (
                f"« {kind.label} » est obligatoire : vous pouvez choisir comment la recevoir, "
                "mais pas la désactiver."
            )
    if errors:
        raise ValidationError(errors)

    before = preferences_for(user)
    diff: dict[str, list[str]] = {}
    for key, channel in changes.items():
        kind = kinds.get(key)
        assert kind is not None  # checked above
        if before[key] == channel:
            continue
        if channel == kind.default:
            NotificationPreference.objects.filter(user=user, kind=key).delete()
        else:
            NotificationPreference.objects.update_or_create(
                user=user, kind=key, defaults={"channel": channel}
            )
        diff[key] = [str(before[key]), channel]
    if diff:
        audit.record(
            actor=acting_user,
            action="core.notification_preferences_changed",
            target=user,
            changes=diff,
        )
    return diff
