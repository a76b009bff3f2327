"""The periods the agenda page shows (a month grid, a week, a month as a list) and their
navigation, computed from the URL's `vue` and `date` parameters."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from hemicycle.core.calendar import CalendarItem

VIEWS = {"mois": "Mois", "semaine": "Semaine", "liste": "Liste"}
DEFAULT_VIEW = "mois"
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


@dataclass(frozen=True)
class Period:
    view: str
    anchor: dt.date  # the date the user asked for
    first: dt.date  # first day shown
    last: dt.date  # last day shown (inclusive)
    previous: dt.date
    following: dt.date

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = timezone.get_current_timezone()
        start = dt.datetime.combine(self.first, dt.time.min, tzinfo=tz)
        end = dt.datetime.combine(self.last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        return start, end


def parse_date(value: str | None, default: dt.date) -> dt.date:
    try:
        day = dt.date.fromisoformat(value or "")
    except ValueError:
        return default
    return day if 1900 < day.year < 2200 else default


def period(view: str, anchor: dt.date) -> Period:
    month_first = anchor.replace(day=1)
    prev_month = (month_first - dt.timedelta(days=1)).replace(day=1)
    next_month = (month_first + dt.timedelta(days=32)).replace(day=1)
    if view == "semaine":
        monday = anchor - dt.timedelta(days=anchor.weekday())
        return Period(
            view,
            anchor,
            monday,
            monday + dt.timedelta(days=6),
            monday - dt.timedelta(days=7),
            monday + dt.timedelta(days=7),
        )
    if view == "liste":
        last = next_month - dt.timedelta(days=1)
        return Period(view, anchor, month_first, last, prev_month, next_month)
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(anchor.year, anchor.month)
    return Period("mois", anchor, weeks[0][0], weeks[-1][-1], prev_month, next_month)


def local_day(value: dt.datetime | dt.date) -> dt.date:
    return timezone.localtime(value).date() if isinstance(value, dt.datetime) else value


def by_day(items: list[CalendarItem], wrap: Any = None) -> dict[dt.date, list[Any]]:
    """Items by the local day they start on (an item shows on that day only)."""
    result: dict[dt.date, list[Any]] = defaultdict(list)
    for item in items:
        result[local_day(item.start)].append(wrap(item) if wrap else item)
    return result


def days(p: Period, by_day: dict[dt.date, list[Any]]) -> list[dict[str, Any]]:
    """Every day of the period with its items."""
    today = timezone.localdate()
    result = []
    day = p.first
    while day <= p.last:
        result.append(
            {
                "date": day,
                "items": by_day.get(day, []),
                "today": day == today,
                "in_month": day.month == p.anchor.month,
            }
        )
        day += dt.timedelta(days=1)
    return result


def weeks(day_rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return [day_rows[i : i + 7] for i in range(0, len(day_rows), 7)]
