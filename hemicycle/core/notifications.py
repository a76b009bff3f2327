"""Notifications: the one way any area tells a person something happened or is due.

`notify()` is called by other services (a deadline reminder, a workflow transition), which
have already checked their own permission rule and recorded their own audit row; it takes
no `acting_user` and records no audit row, because the event it reports is what the
journal keeps, not the message about it.

Reading a notification (`mark_read`, `mark_all_read`) records no audit row either: a
notification is personal, nobody else may see it, and "who read their reminder when"
is not the group's memory of who changed what. `read_at` on the row is enough.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator

from hemicycle.core.models import Notification
from hemicycle.core.notification_kinds import Channel
from hemicycle.core.notification_prefs import channels_for
from hemicycle.core.permissions import ensure, is_authenticated

TITLE_MAX = Notification._meta.get_field("title").max_length or 300
URL_MAX = Notification._meta.get_field("url").max_length or 500


def safe_url(url: str) -> str:
    """The URL if it is a path on this site, otherwise "".

    A notification link is followed after a click on our own page, so an absolute or
    protocol-relative URL would turn it into an open redirect. Browsers read "/\\host" as
    "//host", hence the backslash check on top of Django's.
    """
    url = (url or "").strip()
    if (
        not url.startswith("/")
        or url.startswith("//")
        or "\\" in url
        or len(url) > URL_MAX
        or not url_has_allowed_host_and_scheme(url, allowed_hosts=set())
    ):
        return ""
    return url


def _one_line(text: str) -> str:
    # The title becomes the e-mail subject, where a line break is refused.
    return " ".join(text.split())


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    dedupe_key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one notification per recipient and e-mail each after the transaction commits.

    - `recipients`: users (a list or a queryset); `None` entries, repeated users and
      inactive accounts are skipped, so callers may pass optional account links as they are.
    - `kind`: a dotted name, `<app>.<what>` (`"filings.deadline"`).
    - `title`: one line (line breaks are folded), cut at 300 characters with "…", since
      titles often quote a rapport's long title and a reminder must not fail for that.
    - `url`: a path on this site (`"/suivi/rapport/12/"`); anything else is dropped.
    - `dedupe_key`: when set, a recipient who already has a notification with that key
      gets nothing, so a reminder job may run every hour safely
      (`f"filings.deadline:{filing.pk}:j-2"`).
    - `email`: also e-mail it, once the rows are committed, to recipients with an address.

    Each recipient's preference for `kind` (see `notification_kinds`) decides the rest: no
    row at all ("off"), the row only ("app"), the row and an e-mail after commit ("email"),
    or the row marked for tomorrow's daily digest ("digest"). `email=False` keeps any
    e-mail out, digest included.

    Returns the notifications created (not the skipped ones).
    """
    users: dict[int, Any] = {}
    for user in recipients:
        if user is not None and user.is_active and user.pk not in users:
            users[user.pk] = user
    if not users:
        return []
    if dedupe_key:
        already = set(
            Notification.objects.filter(
                dedupe_key=dedupe_key, recipient_id__in=list(users)
            ).values_list("recipient_id", flat=True)
        )
        users = {pk: user for pk, user in users.items() if pk not in already}
    channels = channels_for(list(users), kind)

    title = Truncator(_one_line(title)).chars(TITLE_MAX)
    url = safe_url(url)
    created = []
    for user in users.values():
        channel = channels[user.pk]
        if channel == Channel.OFF:
            continue
        notification = Notification(
            recipient=user,
            kind=kind,
            title=title,
            body=body,
            url=url,
            dedupe_key=dedupe_key,
            digest_due=email and channel == Channel.DIGEST,
        )
        # The recipient is a live user and the constraint is checked by the database:
        # validating them here would cost two queries per row.
        notification.full_clean(exclude=["recipient"], validate_constraints=False)
        try:
            # A savepoint per row: a concurrent job that created the same reminder since our
            # check above makes this row fail alone, not the caller's transaction.
            with transaction.atomic():
                notification.save()
        except IntegrityError:
            if not dedupe_key:
                raise
            continue
        created.append(notification)
        if email and channel == Channel.EMAIL and user.email:
            transaction.on_commit(functools.partial(_schedule_email, notification.pk))
    return created


def _schedule_email(notification_id: int) -> None:
    # Imported late: tasks.py is the consumer's module and pulls in Huey's configuration.
    from hemicycle.core.tasks import send_notification_email

    send_notification_email(notification_id)


def unread_count(user: Any) -> int:
    if not is_authenticated(user):
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notifications_for(user: Any) -> QuerySet[Notification]:
    """The user's notifications, unread first, newest first within each."""
    if not is_authenticated(user):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by(
        Case(
            When(read_at__isnull=True, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        ),
        "-created_at",
        "-id",
    )


def mark_read(*, notification: Notification, acting_user: Any) -> Notification:
    """Mark one's own notification read (no-op if it already is)."""
    ensure(is_authenticated(acting_user) and notification.recipient_id == acting_user.pk)
    if notification.read_at is None:
        now = timezone.now()
        # Conditional: a second tab opening the same notification keeps the first read time.
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
    return notification


def mark_all_read(*, acting_user: Any) -> int:
    """Mark all of one's unread notifications read; returns how many changed."""
    ensure(is_authenticated(acting_user))
    return Notification.objects.filter(recipient=acting_user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
