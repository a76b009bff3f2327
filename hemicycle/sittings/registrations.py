"""What the sittings area plugs into the shared registries: navigation and dashboard."""

from __future__ import annotations

from typing import Any

from hemicycle.core import dashboard, navigation, search
from hemicycle.sittings import permissions, selectors, tasks  # noqa: F401  (registers the jobs)
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
    return {
        "sittings": rows,
        "late": any(s.convocation_is_late for s in rows),
        "soon": any(d.soon for s in rows for d in s.upcoming_deadlines),  # type: ignore[attr-defined]
    }


dashboard.register(
    dashboard.Panel(
        key="sittings.upcoming",
        title="Prochaines séances et échéances",
        template="sittings/_panel_upcoming.html",
        rule=permissions.can_view_sittings,
        context=_upcoming,
        order=10,
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
