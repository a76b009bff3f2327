"""The council's entries in the main navigation and on the dashboard."""

from __future__ import annotations

from typing import Any

from hemicycle.core import dashboard, navigation
from hemicycle.council import selectors
from hemicycle.council.permissions import can_view_roster


def roster_panel_context(user: Any) -> dict[str, Any]:
    return selectors.roster_overview(term=selectors.current_term())


navigation.register(
    navigation.NavItem(
        label="Conseil régional",
        url_name="council:roster",
        rule=can_view_roster,
        order=30,
        prefixes=("/conseil/",),
    )
)
dashboard.register(
    dashboard.Panel(
        key="council.roster",
        title="Conseil régional",
        template="council/_dashboard_panel.html",
        rule=can_view_roster,
        context=roster_panel_context,
        order=dashboard.Order.REFERENCE,
        items="term",
        empty="Aucune mandature n’est enregistrée.",
    )
)
