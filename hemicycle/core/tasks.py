"""Background jobs of the core (Huey; immediate in tests and the demo)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from hemicycle.core import audit, digest, maintenance
from hemicycle.core.models import Notification


@db_task(retries=2, retry_delay=60)
def send_notification_email(notification_id: int) -> None:
    """E-mail one notification to its recipient, once.

    Safe to run twice (a retry, a job enqueued again): the row is claimed by setting
    `emailed_at` before sending, so a second run finds it set and does nothing. If the mail
    server refuses, the claim is released so that Huey's retry can send it.
    """
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return
    recipient = notification.recipient
    # Re-checked here: the account may have been deactivated or lost its address since.
    if not recipient.is_active or not recipient.email:
        return
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return
    site = settings.HEMICYCLE_SITE_URL
    list_link = site + reverse("core:notification_list")
    context = {
        "recipient": recipient,
        "notification": notification,
        "link": site + notification.url if notification.url else list_link,
        "list_link": list_link,
        "preferences_link": site + reverse("core:notification_preferences"),
    }
    try:
        send_mail(
            f"[Hémicycle] {notification.title}",
            render_to_string("core/email/notification.txt", context),
            settings.DEFAULT_FROM_EMAIL,
            [recipient.email],
        )
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise


@db_periodic_task(crontab(minute="0"))
def daily_digests() -> None:
    """Every hour on the hour; at HEMICYCLE_DIGEST_HOUR (Paris time), one job per person.

    Checked in local time here rather than in the crontab, which Huey reads in UTC: the hour
    stays 7 h in Paris across the change to and from summer time.
    """
    if timezone.localtime().hour != settings.HEMICYCLE_DIGEST_HOUR:
        return
    for user_id in digest.recipients_with_pending_digest():
        send_digest_email(user_id)


@db_task(retries=2, retry_delay=300)
def send_digest_email(user_id: int) -> None:
    """One person's digest; idempotent (see hemicycle.core.digest), so retries are safe."""
    digest.send_digest(user_id)


@db_task()
def record_ping(token: str) -> None:
    """Write one audit row ("core.ping", the token as its note): proof that this job ran.

    It exists for tests/test_scale_out.py, which enqueues many pings through Redis to two
    consumers and then counts the rows, to show that each job ran exactly once. Harmless
    anywhere else: one line in the journal, by "système". No retries, so that a failure
    shows as a missing row instead of a duplicate.
    """
    audit.record(actor=None, action="core.ping", note=token)


@db_periodic_task(crontab(hour="4", minute="10"))
def refresh_database_statistics() -> None:
    """Nightly, when nobody works: planner statistics follow the data (maintenance.py)."""
    maintenance.update_statistics()
