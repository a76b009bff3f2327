"""Calendar items as an RFC 5545 iCalendar file, for subscription feeds (webcal).

Times are written in Europe/Paris with its VTIMEZONE, so that a phone set to another zone
still shows a 10 h séance at 10 h in Lille; all-day items are DATE values with an exclusive
end. A published calendar has no METHOD, so DTSTAMP is the item's last change (RFC 5545
§3.8.7.2), which keeps the file identical between two fetches when nothing changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, Timezone, vDuration

from hemicycle.core.calendar import CalendarItem

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//Hémicycle//Agenda du groupe//FR"
# How often calendar apps should fetch the feed again.
REFRESH = dt.timedelta(hours=1)


def site_host() -> str:
    return urlsplit(settings.HEMICYCLE_SITE_URL).hostname or "hemicycle.invalid"


def absolute(path: str) -> str:
    if not path or "://" in path:
        return path
    return f"{settings.HEMICYCLE_SITE_URL}{path}"


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(PARIS)


def _event(item: CalendarItem, host: str, now: dt.datetime, category: str) -> Event:
    event = Event()
    event.add("uid", f"{item.uid}@{host}")
    stamp = item.last_modified or now
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    if item.last_modified:
        event.add("last-modified", item.last_modified.astimezone(dt.UTC))
    event.add("sequence", item.sequence)
    event.add("summary", item.title)
    if isinstance(item.start, dt.datetime):
        event.add("dtstart", _local(item.start))
        if isinstance(item.end, dt.datetime) and item.end > item.start:
            event.add("dtend", _local(item.end))
        # Without DTEND a timed event lasts no time: right for a deadline.
    else:
        event.add("dtstart", item.start)
        end = item.end if isinstance(item.end, dt.date) and item.end > item.start else None
        event.add("dtend", end or item.start + dt.timedelta(days=1))
        # A whole-day reminder must not make its owner look busy.
        event.add("transp", "TRANSPARENT")
    if item.location:
        event.add("location", item.location)
    if item.description:
        event.add("description", item.description)
    if item.url:
        event.add("url", absolute(item.url))
    event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
    event.add("categories", [category])
    return event


def build(
    items: Iterable[CalendarItem],
    *,
    name: str,
    labels: dict[str, str] | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """The feed; `labels` names each kind in CATEGORIES (its key otherwise)."""
    now = now or timezone.now()
    labels = labels or {}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    host = site_host()
    first = now.date()
    for item in items:
        cal.add_component(_event(item, host, now, labels.get(item.kind, item.kind)))
        start = item.start.date() if isinstance(item.start, dt.datetime) else item.start
        first = min(first, start)
    # The zone's rules from the earliest item on, not from 1970: a smaller file.
    first = first.replace(month=1, day=1)
    cal.add_missing_timezones(first_date=first)
    if not cal.timezones:
        # An empty feed still declares its zone, so that X-WR-TIMEZONE is backed by data.
        cal.subcomponents.insert(0, Timezone.from_tzid("Europe/Paris", first_date=first))
    return cal.to_ical()
