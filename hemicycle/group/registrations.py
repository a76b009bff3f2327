"""What the group area plugs into the shared registries: navigation, dashboard, activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from hemicycle.core import calendar, dashboard, navigation
from hemicycle.group import activity, permissions, selectors
from hemicycle.group.models import Councillor, StaffContract

navigation.register(
    navigation.NavItem(
        label="Élu·es",
        url_name="group:councillor_list",
        rule=permissions.can_view_group,
        order=10,
        prefixes=("/groupe/elus/",),
    )
)
navigation.register(
    navigation.NavItem(
        label="Équipe",
        url_name="group:staff_list",
        rule=permissions.can_view_staff,
        order=20,
        prefixes=("/groupe/equipe/",),
    )
)
navigation.register(
    navigation.NavItem(
        label="Le groupe",
        url_name="group:detail",
        rule=permissions.can_view_group,
        order=25,
        prefixes=("/groupe/partis/", "/groupe/modifier/"),
    )
)


def _composition(user: Any) -> dict[str, Any]:
    totals = Councillor.objects.filter(status=Councillor.Status.ACTIVE).aggregate(
        total=Count("pk"),
        apparentes=Count("pk", filter=Q(affiliation=Councillor.Affiliation.APPARENTE)),
        women=Count("pk", filter=Q(civility="Mme")),
    )
    return {"parties": selectors.parties_with_counts(), "totals": totals}


def _contracts(user: Any) -> dict[str, Any]:
    rows = [r for r in selectors.staff_with_warnings() if r["warnings"]]
    return {"rows": rows}


def _contract_urgent(context: dict[str, Any]) -> list[dashboard.Urgent]:
    levels = [{w.level for w in r["warnings"]} for r in context["rows"]]
    over = sum(1 for lv in levels if "alert" in lv)
    due = len(levels) - over
    return [
        dashboard.Urgent(over, "contrat" + ("s" if over > 1 else "") + " hors limites", "alert"),
        dashboard.Urgent(due, "contrat" + ("s" if due > 1 else "") + " à renouveler"),
    ]


dashboard.register(
    dashboard.Panel(
        key="group.contracts",
        title="Contrats de l’équipe à surveiller",
        template="group/_panel_contracts.html",
        rule=permissions.can_view_contracts,
        context=_contracts,
        order=dashboard.Order.ALERTS,
        items="rows",
        empty="Aucun contrat ne se termine dans les 90 jours ni ne dépasse les limites légales "
        "(3 ans par contrat, 6 ans au total).",
        urgent=_contract_urgent,
    )
)
dashboard.register(
    dashboard.Panel(
        key="group.composition",
        title="Le groupe",
        template="group/_panel_composition.html",
        rule=permissions.can_view_group,
        context=_composition,
        order=dashboard.Order.GROUP,
    )
)


def _mandate(councillor: Councillor, user: Any) -> dict[str, Any]:
    return {"roster": getattr(councillor, "roster_entry", None)}


activity.register(
    activity.ActivitySection(
        key="group.mandate",
        title="Mandat",
        template="group/_section_mandate.html",
        rule=permissions.can_view_group,
        context=_mandate,
        order=10,
    )
)


CONTRACT_END = calendar.CalendarKind("group.contract", "Fins de contrat de l’équipe", "grey", 80)


def _contract_ends(user: Any, start: dt.datetime, end: dt.datetime) -> list[calendar.CalendarItem]:
    """The last day of each staff contract: managers renew or let go in time (one query)."""
    rows = StaffContract.objects.select_related("staff_member").filter(
        ends_on__gte=start.date(), ends_on__lt=end.date()
    )
    return [
        calendar.CalendarItem(
            uid=f"contract-{c.pk}-end",
            kind=CONTRACT_END.key,
            title=f"Fin de contrat : {c.staff_member}",
            start=c.ends_on,
            description=c.label or str(c),
            url=reverse("group:staff_detail", args=[c.staff_member_id]),
            sequence=calendar.sequence_of(c),
            last_modified=c.updated_at,
        )
        for c in rows
    ]


calendar.register(
    calendar.CalendarSource(
        key="group.contracts",
        kinds=(CONTRACT_END,),
        rule=permissions.can_view_contracts,
        items=_contract_ends,
        order=80,
    )
)
