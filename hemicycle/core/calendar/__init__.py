"""The calendar registry: every dated thing of every area, for the agenda page and the feeds.

An area registers a `CalendarSource`: the kinds of items it gives (label and colour, for the
legend and the filters), who may see them (`rule`) and a function returning, for one user and
a date range, the items that user may see now. The core shows them without importing the
area. Plugging in a new area (group meetings, events, trainings, outside-body meetings) is a
`register(...)` call in its `registrations.py`:

    calendar.register(calendar.CalendarSource(
        key="events",
        kinds=(calendar.CalendarKind("events.event", "Événements", "purple"),),
        rule=permissions.can_view_events,
        items=lambda user, start, end: [
            calendar.CalendarItem(
                uid=f"event-{e.pk}", kind="events.event", title=e.title,
                start=e.starts_at, end=e.ends_at, url=reverse("events:detail", args=[e.pk]),
                sequence=calendar.sequence_of(e), cancelled=e.is_cancelled,
                last_modified=e.updated_at,
            )
            for e in selectors.events_visible_to(user).filter(starts_at__range=(start, end))
        ],
    ))

A source's `items` must run a fixed number of queries, whatever the number of items: the
page and the feed call each source once per request.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from hemicycle.core.permissions import Predicate


@dataclass(frozen=True)
class CalendarKind:
    key: str  # "<area>.<what>", also the filter value in URLs and saved feed choices
    label: str  # French, plural: "Séances plénières"
    # A colour name of the agenda's palette (core/css: .cal-colour--<name>).
    colour: str = "green"
    order: int = 50


@dataclass(frozen=True)
class CalendarItem:
    """One dated thing. Datetimes are aware; an all-day item has dates."""

    # Stable for the object's whole life, unique across areas ("sitting-42"): the feed adds
    # "@<site host>". Calendar apps match updates and cancellations by it.
    uid: str
    kind: str
    title: str
    start: dt.datetime | dt.date
    # Exclusive end; None means a point in time (a deadline) or a single day.
    end: dt.datetime | dt.date | None = None
    location: str = ""
    description: str = ""
    url: str = ""  # a path on this site ("/seances/42/"); the feed makes it absolute
    cancelled: bool = False
    # Goes up each time the item changes (RFC 5545 SEQUENCE): see `sequence_of`.
    sequence: int = 0
    last_modified: dt.datetime | None = None

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, dt.datetime)


ItemsFunction = Callable[[Any, dt.datetime, dt.datetime], Iterable[CalendarItem]]


@dataclass(frozen=True)
class CalendarSource:
    key: str
    kinds: tuple[CalendarKind, ...]
    rule: Predicate
    # (user, start, end) -> the items starting in [start, end) that the user may see.
    items: ItemsFunction
    order: int = 50


_sources: dict[str, CalendarSource] = {}


def register(source: CalendarSource) -> None:
    _sources[source.key] = source


def sources_for(user: Any) -> list[CalendarSource]:
    return [s for s in sorted(_sources.values(), key=lambda s: (s.order, s.key)) if s.rule(user)]


def can_open_calendar(user: Any) -> bool:
    """Anyone to whom at least one area shows dated things."""
    return any(s.rule(user) for s in _sources.values())


def kinds_for(user: Any) -> list[CalendarKind]:
    kinds = [k for s in sources_for(user) for k in s.kinds]
    return sorted(kinds, key=lambda k: (k.order, k.label))


def items_for(
    user: Any, start: dt.datetime, end: dt.datetime, kinds: Iterable[str] | None = None
) -> list[CalendarItem]:
    """The items a user may see, starting in [start, end), soonest first.

    `kinds` keeps only those kinds (None or empty: all). A source none of whose kinds is
    wanted is not called at all, so filtering also saves its queries.
    """
    wanted = set(kinds or ())
    result: list[CalendarItem] = []
    for source in sources_for(user):
        if wanted and not wanted & {k.key for k in source.kinds}:
            continue
        for item in source.items(user, start, end):
            if not wanted or item.kind in wanted:
                result.append(item)
    return sorted(result, key=lambda i: (sort_key(i.start), i.title, i.uid))


def sort_key(value: dt.datetime | dt.date) -> dt.datetime:
    """All-day items sort at midnight of their day, local time."""
    from django.utils import timezone

    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value, dt.time.min, tzinfo=timezone.get_current_timezone())


def sequence_of(*objects: Any) -> int:
    """RFC 5545 SEQUENCE from the optimistic-lock `version` of the objects an item shows.

    Every versioned write increments `version` (core.services.update_versioned and the
    writes that bypass it), and versions start at 1, so the sum of `version - 1` starts at
    0 and goes up whenever any of the objects changes: what calendar apps need to replace
    their copy of the event.
    """
    return sum(max(getattr(o, "version", 1) - 1, 0) for o in objects if o is not None)


def latest(*values: dt.datetime | None) -> dt.datetime | None:
    present = [v for v in values if v is not None]
    return max(present) if present else None
