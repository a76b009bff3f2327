"""Personal calendar feeds: create, revoke, regenerate, and find one by its token.

A token is 32 random bytes (43 URL-safe characters); the database keeps its SHA-256 only.
Finding a feed is a lookup on that hash, so neither the comparison time nor an error tells
anything about the stored tokens; a slow hash is not needed for a random 256-bit secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hemicycle.accounts.models import CalendarFeed, User
from hemicycle.core import audit, calendar
from hemicycle.core.permissions import ensure, is_authenticated

# The range a feed covers: what calendar apps keep of the past, and enough of the future.
PAST = dt.timedelta(days=180)
FUTURE = dt.timedelta(days=550)
# `last_used_at` is written at most this often: phones fetch every hour or so.
TOUCH_EVERY = dt.timedelta(hours=1)
TOKEN_CHARS = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def can_have_feed(user: Any) -> bool:
    return is_authenticated(user) and calendar.can_open_calendar(user)


def active_feeds(user: User) -> list[CalendarFeed]:
    return list(user.calendar_feeds.filter(revoked_at__isnull=True))


def _clean_kinds(user: User, kinds: Iterable[str]) -> list[str]:
    known = {k.key for k in calendar.kinds_for(user)}
    unknown = sorted(set(kinds) - known)
    if unknown:
        raise ValidationError({"kinds": f"Type inconnu : {', '.join(unknown)}."})
    return sorted(set(kinds))


@transaction.atomic
def create_feed(
    *, user: User, label: str, kinds: Iterable[str], acting_user: User
) -> tuple[CalendarFeed, str]:
    """A new feed for the acting user; returns it with its token (shown once, never stored)."""
    ensure(acting_user.pk == user.pk and can_have_feed(user))
    token = secrets.token_urlsafe(32)
    feed = CalendarFeed(
        user=user,
        label=label.strip() or "Mon agenda",
        token_hash=hash_token(token),
        kinds=_clean_kinds(user, kinds),
    )
    feed.full_clean()
    feed.save()
    audit.record(
        actor=acting_user,
        action="accounts.calendar_feed_created",
        target=user,
        changes={"abonnement": [None, feed.label], "types": [None, feed.kinds or "tous"]},
    )
    return feed, token


@transaction.atomic
def revoke_feed(*, feed: CalendarFeed, acting_user: User, note: str = "") -> CalendarFeed:
    ensure(acting_user.pk == feed.user_id and feed.is_active)
    feed.revoked_at = timezone.now()
    feed.save(update_fields=["revoked_at"])
    audit.record(
        actor=acting_user,
        action="accounts.calendar_feed_revoked",
        target=feed.user,
        changes={"abonnement": [feed.label, None]},
        note=note,
    )
    return feed


@transaction.atomic
def regenerate_feed(*, feed: CalendarFeed, acting_user: User) -> tuple[CalendarFeed, str]:
    """A new secret for the same subscription: the old URL stops at once."""
    revoke_feed(feed=feed, acting_user=acting_user, note="Nouvelle adresse")
    return create_feed(user=feed.user, label=feed.label, kinds=feed.kinds, acting_user=acting_user)


def feed_for_token(token: str) -> CalendarFeed | None:
    """The active feed of an active account with this token, or None."""
    if not 20 <= len(token) <= 100 or not set(token) <= TOKEN_CHARS:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token_hash=hash_token(token), revoked_at__isnull=True)
        .first()
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed


def touch(feed: CalendarFeed) -> None:
    """Remember the last fetch (shown on the account page), once an hour at most."""
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at >= TOUCH_EVERY:
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)


def feed_items(feed: CalendarFeed, now: dt.datetime | None = None) -> list[calendar.CalendarItem]:
    """What the feed's owner may see now: permissions are read again at every fetch."""
    now = now or timezone.now()
    return calendar.items_for(feed.user, now - PAST, now + FUTURE, kinds=feed.kinds or None)


def feed_name(feed: CalendarFeed) -> str:
    return f"Hémicycle — {feed.label}"
