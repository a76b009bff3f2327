"""What the filings area plugs into the shared registries: nav, dashboard, séance and
rapport pages, and the councillor's page (their filings and outcomes)."""

from __future__ import annotations

from typing import Any

from hemicycle.core import calendar, dashboard, navigation, notification_kinds, search
from hemicycle.core.permissions import is_member, is_partner
from hemicycle.council.models import FilingKind
from hemicycle.filings import agenda, permissions, selectors
from hemicycle.filings import search as area_search
from hemicycle.group import activity
from hemicycle.sittings import sections as sitting_sections

navigation.register(
    navigation.NavItem(
        label="Dépôts",
        url_name="filings:list",
        rule=permissions.can_open_filings,
        order=7,
        prefixes=("/depots/",),
    )
)


# The kinds `services.common._notify` sends, as « Mon compte › Préférences » lists them.
_KINDS = [
    (
        "deadline",
        "Rappel d’échéance de dépôt",
        "Quelques heures avant la limite de dépôt d’un texte dont vous êtes auteur·rice.",
        10,
    ),
    ("submitted", "Texte à relire", "Quand un texte est soumis à la relecture du bureau.", 20),
    ("returned", "Texte renvoyé en brouillon", "Quand la relecture renvoie votre texte.", 30),
    ("validated", "Texte validé", "Quand votre texte est validé et prêt à déposer.", 40),
    ("filed", "Texte déposé", "Quand votre texte est enregistré par le Conseil.", 50),
    ("decided", "Sort d’un texte", "Adopté, rejeté, retiré : le sort de votre texte.", 60),
    (
        "version_added",
        "Nouvelle version",
        "Quand une nouvelle version de votre texte est écrite.",
        70,
    ),
    ("commented", "Commentaire", "Quand quelqu’un commente votre texte.", 80),
    ("cosigned", "Co-signature", "Quand un·e élu·e d’un autre groupe co-signe votre texte.", 90),
    ("shared", "Texte partagé", "Quand le groupe partage un texte avec votre groupe.", 100),
]
for _key, _label, _description, _order in _KINDS:
    notification_kinds.register(
        notification_kinds.NotificationKind(
            key=f"filings.{_key}",
            area="Dépôts",
            label=_label,
            description=_description,
            order=_order,
            # Shares go to partner groups' accounts; every other step to the group's own.
            rule=is_partner if _key == "shared" else is_member,
        )
    )


def _dashboard(user: Any) -> dict[str, Any]:
    return {"filings": selectors.my_open_filings(user)}


def _urgent(context: dict[str, Any]) -> list[dashboard.Urgent]:
    deadlines = [f.deadline for f in context["filings"] if getattr(f, "deadline", None)]
    late = [d for d in deadlines if d.passed]
    soon = [d for d in deadlines if d.soon]
    badges = []
    if late:
        badges.append(
            dashboard.Urgent(
                len(late), "dépôt" + ("s" if len(late) > 1 else "") + " hors délai", "alert"
            )
        )
    if soon:
        last = max(d.at for d in soon)
        badges.append(
            dashboard.Urgent(
                len(soon),
                ("dépôts" if len(soon) > 1 else "dépôt") + f" avant {dashboard.when(last)}",
            )
        )
    return badges


dashboard.register(
    dashboard.Panel(
        key="filings.deadlines",
        title="Dépôts à finaliser",
        template="filings/_panel_deadlines.html",
        rule=is_member,
        context=_dashboard,
        order=dashboard.Order.DEADLINES + 2,
        items="filings",
        empty="Aucun dépôt en cours.",
        urgent=_urgent,
    )
)


def _partner_dashboard(user: Any) -> dict[str, Any]:
    return {"filings": selectors.shared_with_partner(user)}


dashboard.register(
    dashboard.Panel(
        key="filings.shared",
        title="Dépôts partagés avec votre groupe",
        template="filings/_panel_shared.html",
        rule=is_partner,
        context=_partner_dashboard,
        order=dashboard.Order.DEADLINES + 2,
        items="filings",
        empty="Aucun dépôt n’est partagé avec votre groupe pour l’instant.",
    )
)


def _sitting_section(sitting: Any, user: Any) -> dict[str, Any]:
    filings = selectors.sitting_filings(sitting, user)
    return {
        "sitting": sitting,
        "filings": filings,
        "quotas": selectors.quota_table(sitting, filings),
        "can_create": permissions.can_create(user),
        "can_export": permissions.can_export_sitting(user),
        "kinds": [
            (k.value, k.label)
            for k in FilingKind
            if k not in (FilingKind.QUESTION_ECRITE, FilingKind.TRIBUNE)
        ],
    }


sitting_sections.register_sitting_section(
    sitting_sections.PageSection(
        key="filings.sitting",
        title="Dépôts du groupe",
        template="filings/_sitting_section.html",
        rule=is_member,
        context=_sitting_section,
        order=15,
    )
)


def _report_section(report: Any, user: Any) -> dict[str, Any]:
    return {
        "report": report,
        "filings": selectors.report_filings(report, user),
        "can_create": permissions.can_create(user),
    }


sitting_sections.register_report_section(
    sitting_sections.PageSection(
        key="filings.report",
        title="Amendements du groupe",
        template="filings/_report_section.html",
        rule=is_member,
        context=_report_section,
        order=25,
    )
)


def _activity(councillor: Any, user: Any) -> dict[str, Any]:
    stats = selectors.stats_by_councillor([councillor.pk]).get(councillor.pk)
    kinds = dict(FilingKind.choices)
    rows = (
        [{"label": kinds.get(k, k), **v} for k, v in sorted(stats["kinds"].items())]
        if stats
        else []
    )
    return {"rows": rows, "total": stats["total"] if stats else None, "councillor": councillor}


activity.register(
    activity.ActivitySection(
        key="filings.stats",
        title="Dépôts",
        template="filings/_activity.html",
        rule=permissions.can_view_stats,
        context=_activity,
        order=30,
    )
)


calendar.register(
    calendar.CalendarSource(
        key="filings.due",
        kinds=(agenda.DUE,),
        rule=agenda.can_see_due_dates,
        items=agenda.due_items,
        order=30,
    )
)


# Global search: filings, visible as the filing itself is (members, observers once filed,
# partner groups while shared).
search.register(
    search.SearchSource(
        kind=area_search.FILING,
        code=2,
        label="Dépôts",
        queryset=area_search.filings,
        build=area_search.filing_entry,
        follows=(("sittings.report", area_search.filings_of_reports),),
        order=20,
    )
)
