"""The séances and their filing deadlines, as items of the shared calendar (core.calendar).

Each function runs a fixed number of queries for any range: the séances of the range (one
query with their instance) and, for deadlines, the filing rules (one more).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hemicycle.core.calendar import CalendarItem, CalendarKind, latest, sequence_of
from hemicycle.council.models import Place
from hemicycle.sittings import selectors
from hemicycle.sittings.models import Sitting
from hemicycle.sittings.selectors import Deadline

PLENARY = CalendarKind("sittings.plenary", "Plénières et commissions permanentes", "green", 10)
COMMISSION = CalendarKind(
    "sittings.commission", "Commissions et conférence des présidents", "blue", 20
)
DEADLINE = CalendarKind("sittings.deadline", "Dates limites de dépôt", "red", 30)

# A séance without a planned end shows as two hours, so that it takes up its time in the
# subscribers' agendas (a deadline, by contrast, is a point in time).
DEFAULT_DURATION = dt.timedelta(hours=2)


def _when(sitting: Sitting) -> str:
    return f"{timezone.localtime(sitting.starts_at):%d/%m/%Y}"


def _location(sitting: Sitting) -> str:
    """ "Hôtel de Région, hémicycle (Lille)": the detail first, then the town it is in."""
    place = sitting.get_place_display()
    if not sitting.place_detail:
        return place
    if sitting.place in (Place.LILLE, Place.AMIENS):
        return f"{sitting.place_detail} ({place.split(' — ')[0]})"
    return f"{sitting.place_detail} ({place})"


def sitting_item(sitting: Sitting) -> CalendarItem:
    cancelled = sitting.status == Sitting.Status.CANCELLED
    title = sitting.title or sitting.body.name
    lines = [sitting.body.name, f"Statut : {sitting.get_status_display()}"]
    count = getattr(sitting, "report_count", None)
    if count:
        lines.append(f"{count} rapport{'s' if count > 1 else ''} à l’ordre du jour")
    return CalendarItem(
        uid=f"sitting-{sitting.pk}",
        kind=PLENARY.key if sitting.body.kind in selectors.FILING_BODY_KINDS else COMMISSION.key,
        title=f"{title} (annulée)" if cancelled else title,
        start=sitting.starts_at,
        end=sitting.ends_at or sitting.starts_at + DEFAULT_DURATION,
        location=_location(sitting),
        description="\n".join(lines),
        url=reverse("sittings:sitting_detail", args=[sitting.pk]),
        cancelled=cancelled,
        sequence=sequence_of(sitting),
        last_modified=sitting.updated_at,
    )


def sitting_items(user: Any, start: dt.datetime, end: dt.datetime) -> list[CalendarItem]:
    rows = selectors.sittings().filter(starts_at__gte=start, starts_at__lt=end)
    return [sitting_item(s) for s in rows]


def deadline_items(user: Any, start: dt.datetime, end: dt.datetime) -> list[CalendarItem]:
    """One item per séance and deadline time: "Date limite : amendement, vœu" before a plenary.

    Kinds due at the same time share an item, so that a plenary brings a handful of
    reminders rather than one per kind. The UID names the séance and the delay, not the
    time, so that a séance moved to another day moves its deadlines in the subscribers'
    calendars instead of duplicating them. SEQUENCE adds the versions of the séance and of
    all its mandature's rules: it only goes up, whichever rule changes.
    """
    by_term = selectors.filing_rules_by_term()
    longest = max((r.deadline_hours for rules in by_term.values() for r in rules), default=0)
    rows = selectors.sittings().filter(
        body__kind__in=selectors.FILING_BODY_KINDS,
        starts_at__gte=start,
        starts_at__lt=end + dt.timedelta(hours=longest),
    )
    items = []
    for sitting in rows:
        rules = by_term.get(sitting.body.term_id, [])
        grouped: dict[int, list[Deadline]] = {}
        for deadline in selectors.deadlines_for(sitting, rules):
            if start <= deadline.at < end:
                grouped.setdefault(deadline.hours_before, []).append(deadline)
        cancelled = sitting.status == Sitting.Status.CANCELLED
        for hours, deadlines in grouped.items():
            kinds = ", ".join(d.label.lower() for d in deadlines)
            title = f"Date limite : {kinds} — {sitting.body.short_name} du {_when(sitting)}"
            items.append(
                CalendarItem(
                    uid=f"sitting-{sitting.pk}-deadline-{hours}h",
                    kind=DEADLINE.key,
                    title=f"{title} (séance annulée)" if cancelled else title,
                    start=deadlines[0].at,
                    description=(
                        f"Dépôt au plus tard {hours} h avant la séance ({sitting.body.name}) : "
                        f"{kinds}."
                    ),
                    url=reverse("sittings:sitting_detail", args=[sitting.pk]),
                    cancelled=cancelled,
                    sequence=sequence_of(sitting, *rules),
                    last_modified=latest(sitting.updated_at, *(r.updated_at for r in rules)),
                )
            )
    return items
