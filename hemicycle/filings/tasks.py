"""Background jobs of the filings area."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/15"))
def filing_deadline_reminders() -> None:
    """Every quarter of an hour: remind authors of the filings whose deadline draws near."""
    from hemicycle.filings.services import send_deadline_reminders

    send_deadline_reminders()
