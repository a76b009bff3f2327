"""The agenda page: everything dated that the user may see, by month, week or as a list."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from hemicycle.core import calendar, fragments
from hemicycle.core.calendar import periods
from hemicycle.core.permissions import access


@access(calendar.can_open_calendar)
def agenda(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    today = timezone.localdate()
    view = request.GET.get("vue", "")
    if view not in periods.VIEWS:
        view = periods.DEFAULT_VIEW
    anchor = periods.parse_date(request.GET.get("date"), today)
    period = periods.period(view, anchor)
    kinds = calendar.kinds_for(user)
    known = {k.key for k in kinds}
    chosen = [k for k in request.GET.getlist("type") if k in known]

    def content() -> dict[str, Any]:
        start, end = period.bounds()
        items = calendar.items_for(user, start, end, kinds=chosen or None)
        by_key = {k.key: k for k in kinds}
        day_rows = periods.days(
            period, periods.by_day(items, lambda i: {"item": i, "kind": by_key.get(i.kind)})
        )
        # Links keep the chosen kinds; the view and date are set by each link.
        filter_query = "".join(f"&type={k}" for k in chosen)
        return {
            "period": period,
            "views": periods.VIEWS,
            "weekdays": periods.WEEKDAYS,
            "days": day_rows,
            "weeks": periods.weeks(day_rows) if period.view == "mois" else [],
            "listed": [d for d in day_rows if d["items"]],
            "count": len(items),
            "kinds": kinds,
            "chosen": set(chosen),
            "filter_query": filter_query,
            "today": today,
        }

    return render(
        request,
        "core/agenda.html",
        {
            "period": period,
            "content": fragments.content(
                request,
                "core.agenda",
                (today, view, anchor, tuple(chosen)),
                "core/_agenda.html",
                content,
                per_minute=True,
            ),
        },
    )
