"""Deadline reminders to the authors of filings not yet filed (run by a periodic job)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hemicycle.filings import rules
from hemicycle.filings.models import (
    Filing,
)
from hemicycle.filings.services.common import (
    S,
    _author_users,
    _notify,
)

# --- deadlines ---------------------------------------------------------------------------


def reminder_hours() -> list[int]:
    return sorted(settings.HEMICYCLE_FILING_REMINDER_HOURS, reverse=True)


def send_deadline_reminders(now: dt.datetime | None = None) -> int:
    """Notify the authors of every unfiled filing whose deadline is within a reminder delay.

    Run by a periodic job; each (filing, delay, deadline) is sent once thanks to the
    notification's dedupe key, so the job may run as often as wanted. A moved séance
    gives a new deadline, hence new reminders.
    """
    now = now or timezone.now()
    delays = reminder_hours()
    if not delays:
        return 0
    horizon = now + dt.timedelta(hours=max(delays))
    open_filings = (
        Filing.objects.filter(status__in=[S.DRAFT, S.REVIEW, S.VALIDATED])
        .select_related("sitting__body")
        .prefetch_related("authorships")
    )
    sent = 0
    for filing in open_filings:
        deadline = rules.deadline_of(filing)
        if deadline is None or not now < deadline <= horizon:
            continue
        remaining = deadline - now
        hours = min(h for h in delays if remaining <= dt.timedelta(hours=h))
        local = timezone.localtime(deadline)
        with transaction.atomic():
            _notify(
                _author_users(filing),
                filing,
                "deadline",
                f"Dépôt avant le {local:%d/%m à %H:%M} : {filing.reference} "
                f"({filing.get_status_display().lower()})",
                f"Il reste moins de {hours} h pour déposer « {filing.title} ».",
                dedupe_key=f"filings:{filing.pk}:deadline:{hours}:{deadline.isoformat()}",
            )
        sent += 1
    return sent
