"""What the sittings area plugs into the shared registries: navigation and dashboard."""

from __future__ import annotations

from typing import Any

from hemicycle.core import calendar, dashboard, navigation, search
from hemicycle.core.permissions import is_member
from hemicycle.sittings import agenda, permissions, selectors, tasks  # noqa: F401  (the jobs)
from hemicycle.sittings import search as area_search

navigation.register(
    navigation.NavItem(
        label="Séances",
        url_name="sittings:sitting_list",
        rule=permissions.can_view_sittings,
        order=5,
        prefixes=("/seances/",),
    )
)

# How many of a séance's coming deadlines the dashboard shows.
DASHBOARD_DEADLINES = 3


def _upcoming(user: Any) -> dict[str, Any]:
    # Plenaries and CPs: the séances with filing deadlines; commissions are on the calendar.
    rows = selectors.upcoming_sittings(limit=3, kinds=selectors.FILING_BODY_KINDS)
    for sitting in rows:
        deadlines = sitting.deadlines  # type: ignore[attr-defined]  # set by selectors.with_deadlines
        coming = [d for d in deadlines if not d.passed][:DASHBOARD_DEADLINES]
        sitting.upcoming_deadlines = coming  # type: ignore[attr-defined]  # for the panel template
    return {"sittings": rows}


def _urgent(context: dict[str, Any]) -> list[dashboard.Urgent]:
    soon = [d for s in context["sittings"] for d in s.upcoming_deadlines if d.soon]
    late = sum(1 for s in context["sittings"] if s.convocation_is_late)
    badges = []
    if late:
        badges.append(
            dashboard.Urgent(late, "convocation" + ("s" if late > 1 else "") + " tardive", "alert")
        )
    if soon:
        first = min(d.at for d in soon)
        badges.append(
            dashboard.Urgent(
                len(soon),
                ("échéances" if len(soon) > 1 else "échéance")
                + f" de séance, la première {dashboard.when(first)}",
            )
        )
    return badges


dashboard.register(
    dashboard.Panel(
        key="sittings.upcoming",
        title="Prochaines séances et échéances",
        template="sittings/_panel_upcoming.html",
        rule=permissions.can_view_sittings,
        context=_upcoming,
        order=dashboard.Order.DEADLINES,
        items="sittings",
        empty="Aucune séance prévue.",
        urgent=_urgent,
    )
)


calendar.register(
    calendar.CalendarSource(
        key="sittings",
        kinds=(agenda.PLENARY, agenda.COMMISSION),
        rule=permissions.can_view_sittings,
        items=agenda.sitting_items,
        order=10,
    )
)
# Deadlines concern those who prepare filings: the group's own people.
calendar.register(
    calendar.CalendarSource(
        key="sittings.deadlines",
        kinds=(agenda.DEADLINE,),
        rule=is_member,
        items=agenda.deadline_items,
        order=20,
    )
)


# Global search: rapports, with the text of their PDFs (council business: members and observers).
search.register(
    search.SearchSource(
        kind=area_search.REPORT,
        code=1,
        label="Rapports",
        queryset=area_search.reports,
        build=area_search.report_entry,
        order=10,
    )
)
