"""The daily digest: one e-mail per person listing the notifications they chose to get so.

`notify()` marks a row `digest_due` when its recipient chose the digest for that kind. Once
a day the job claims each person's pending rows by stamping `digested_at` (a conditional
UPDATE, so two runs never claim the same row), then e-mails the unread ones. A failed send
releases the claim for Huey's retry; a row read in the meantime is claimed but not listed,
since the person has already seen it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from hemicycle.core.models import Notification


def _pending() -> Any:
    return Notification.objects.filter(digest_due=True, digested_at__isnull=True)


def recipients_with_pending_digest() -> list[int]:
    return sorted(set(_pending().values_list("recipient_id", flat=True)))


def send_digest(user_id: int) -> int:
    """Claim and e-mail one person's pending digest; returns how many were listed.

    Safe to run again at any time: what an earlier run claimed is never sent again.
    """
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        return 0
    stamp = timezone.now()
    claimed = _pending().filter(recipient_id=user_id).update(digested_at=stamp)
    if not claimed:
        return 0
    # Rows for a deactivated account or one without an address are claimed all the same,
    # so that they do not pile up; they stay on the Notifications page.
    if not user.is_active or not user.email:
        return 0
    rows = list(
        Notification.objects.filter(
            recipient_id=user_id, digested_at=stamp, read_at__isnull=True
        ).order_by("created_at", "id")
    )
    if not rows:
        return 0
    site = settings.HEMICYCLE_SITE_URL
    context = {
        "recipient": user,
        "rows": [{"notification": n, "link": site + n.url if n.url else ""} for n in rows],
        "count": len(rows),
        "day": date_format(timezone.localtime(stamp), "l j F Y"),
        "list_link": site + reverse("core:notification_list"),
        "preferences_link": site + reverse("core:notification_preferences"),
    }
    plural = "s" if len(rows) > 1 else ""
    message = EmailMultiAlternatives(
        f"[Hémicycle] Votre récapitulatif : {len(rows)} notification{plural}",
        render_to_string("core/email/digest.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(render_to_string("core/email/digest.html", context), "text/html")
    try:
        message.send()
    except Exception:
        Notification.objects.filter(recipient_id=user_id, digested_at=stamp).update(
            digested_at=None
        )
        raise
    return len(rows)
