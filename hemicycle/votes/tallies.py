"""The group's counts per scrutin (ScrutinTally) and per party (PartyTally).

`refresh` is the only writer. Every service that writes a vote calls it for the scrutins
it touched, in the same transaction; bulk loaders (generate_data, the demo) call it once
at the end; `refresh_all` rebuilds everything, e.g. after a councillor changed party.
It works in chunks with one grouped query per chunk, so refreshing a whole mandature
(25,000 scrutins) costs a few seconds and refreshing one scrutin three queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Count

from hemicycle.votes.models import NppvReason, Option, PartyTally, ScrutinTally, Vote, VoteEvent

# SQLite allows 999 or 32,766 parameters per query depending on its build.
CHUNK = 500
EXPRESSED = (Option.POUR, Option.CONTRE, Option.ABSTENTION)


def _counts(
    ids: list[int],
) -> tuple[dict[int, dict[str, int]], dict[tuple[int, int | None], dict[str, int]]]:
    by_event: dict[int, dict[str, int]] = {pk: defaultdict(int) for pk in ids}
    by_party: dict[tuple[int, int | None], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        Vote.objects.filter(vote_event_id__in=ids)
        # An NPPV for an absence or a déport is not a choice (analysis.py, "considered").
        .exclude(option=Option.NPPV, nppv_reason__in=[NppvReason.ABSENT, NppvReason.RECUSAL])
        .values_list("vote_event_id", "councillor__party_id", "option")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for event_id, party_id, option, n in rows:
        by_event[event_id][option] += n
        if option in EXPRESSED:
            by_party[(event_id, party_id)][option] += n
    return by_event, by_party


@transaction.atomic
def refresh(vote_event_ids: Iterable[int]) -> None:
    """Recount the given scrutins from their votes (idempotent)."""
    ids = sorted(set(vote_event_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        by_event, by_party = _counts(chunk)
        ScrutinTally.objects.filter(vote_event_id__in=chunk).delete()
        PartyTally.objects.filter(vote_event_id__in=chunk).delete()
        ScrutinTally.objects.bulk_create(
            ScrutinTally(
                vote_event_id=pk,
                pour=c[Option.POUR],
                contre=c[Option.CONTRE],
                abstention=c[Option.ABSTENTION],
                nppv=c[Option.NPPV],
                options=sum(1 for n in c.values() if n),
            )
            for pk, c in by_event.items()
        )
        PartyTally.objects.bulk_create(
            PartyTally(
                vote_event_id=event_id,
                party_id=party_id,
                pour=c[Option.POUR],
                contre=c[Option.CONTRE],
                abstention=c[Option.ABSTENTION],
            )
            for (event_id, party_id), c in by_party.items()
        )


def refresh_all() -> int:
    """Recount every scrutin; returns how many."""
    ids = list(VoteEvent.objects.order_by("pk").values_list("pk", flat=True))
    refresh(ids)
    return len(ids)
