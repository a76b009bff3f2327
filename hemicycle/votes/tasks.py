"""Background jobs of the votes area (Huey; immediate in tests and the demo)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from hemicycle.votes import tallies
from hemicycle.votes.models import Vote


@db_task(retries=2, retry_delay=30)
def recount_councillor_scrutins(councillor_id: int) -> None:
    """Recount every scrutin a councillor voted in (their party changed): up to a whole
    mandature's scrutins, a few seconds, so not in the editing request. Idempotent."""
    tallies.refresh(
        Vote.objects.filter(councillor_id=councillor_id).values_list("vote_event_id", flat=True)
    )
