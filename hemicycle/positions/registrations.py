"""What the follow-up plugs into the shared registries: nav, dashboard, séance and rapport
pages, the councillor's page (their seats in the council's commissions), and the archives
(speeches removed from a rapport)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hemicycle.core import archive, dashboard, navigation, search
from hemicycle.council.models import Seat
from hemicycle.group import activity
from hemicycle.positions import permissions, sections, selectors, services
from hemicycle.positions import search as area_search
from hemicycle.positions.models import Speech
from hemicycle.sittings import sections as sitting_sections

navigation.register(
    navigation.NavItem(
        label="Suivi",
        url_name="positions:my_reports",
        rule=permissions.can_view_follow_up,
        order=6,
        prefixes=("/suivi/",),
    )
)


def _dashboard(user: Any) -> dict[str, Any]:
    mine = bool(getattr(user, "councillor_id", None) or getattr(user, "staff_member_id", None))
    return {
        "reports": selectors.dashboard_reports(user),
        "mine": mine,
        "title": "" if mine else "Rapports sans consigne de vote",
    }


def _urgent(context: dict[str, Any]) -> list[dashboard.Urgent]:
    week = timezone.now() + dt.timedelta(days=7)
    n = sum(1 for r in context["reports"] if r.sitting.starts_at <= week)
    what = "rapport" + ("s" if n > 1 else "")
    return [
        dashboard.Urgent(
            n, f"{what} en séance d’ici 7 jours" + ("" if context["mine"] else " sans consigne")
        )
    ]


dashboard.register(
    dashboard.Panel(
        key="positions.my_reports",
        title="Mes rapports à préparer",
        template="positions/_panel_my_reports.html",
        rule=permissions.can_view_follow_up,
        context=_dashboard,
        order=dashboard.Order.MY_REPORTS,
        items="reports",
        empty="Aucun rapport à préparer pour les prochaines séances.",
        urgent=_urgent,
    )
)

sitting_sections.register_report_section(
    sitting_sections.PageSection(
        key="positions.follow_up",
        title="Suivi du groupe",
        template="positions/_report_section.html",
        rule=permissions.can_view_follow_up,
        context=sections.report_section_context,
        order=20,
    )
)
sitting_sections.register_sitting_section(
    sitting_sections.PageSection(
        key="positions.preparation",
        title="Préparation du groupe",
        template="positions/_sitting_section.html",
        rule=permissions.can_view_follow_up,
        context=sections.sitting_section_context,
        order=20,
    )
)
sitting_sections.register_report_columns(
    sitting_sections.ReportColumns(
        key="positions.columns",
        headers=("Référent·e", "Note", "Consigne"),
        template="positions/_agenda_cells.html",
        rule=permissions.can_view_follow_up,
        values=sections.agenda_values,
        order=20,
    )
)


def _seats(councillor: Any, user: Any) -> dict[str, Any]:
    return {
        "seats": list(
            Seat.objects.filter(councillor=councillor)
            .select_related("body")
            .order_by("ends_on", "body__order", "body__name")
        )
    }


activity.register(
    activity.ActivitySection(
        key="council.seats",
        title="Sièges en commission",
        template="council/structure_section_seats.html",
        rule=permissions.can_view_follow_up,
        context=_seats,
        order=20,
    )
)


def _archived_speeches(user: Any) -> list[archive.ArchivedItem]:
    return [
        archive.ArchivedItem(
            pk=s.pk,
            label=f"{s.councillor.full_name} — {s.planned_minutes} min"
            + (f" : {s.topic}" if s.topic else ""),
            archived_at=s.archived_at,
            archived_by=str(s.archived_by or ""),
            version=s.version,
            url=reverse("sittings:report_detail", args=[s.report_id]),
            context=f"Rapport {s.report.number} — {s.report.sitting}",
        )
        for s in selectors.archived_speeches()
    ]


def _restore_speech(pk: int, expected_version: int | None, user: Any) -> str:
    speech = Speech.objects.archived().select_related("councillor").filter(pk=pk).first()
    if speech is None:
        raise archive.NotArchived
    services.restore_speech(speech=speech, expected_version=expected_version, acting_user=user)
    return f"la prise de parole de {speech.councillor.full_name}"


archive.register(
    archive.ArchiveKind(
        key="positions.speech",
        label="Prises de parole",
        rule=permissions.can_edit_speakers,
        items=_archived_speeches,
        restore=_restore_speech,
        order=20,
    )
)


# Global search: notes d’enjeux and speeches, the group's internal work (members only).
search.register(
    search.SearchSource(
        kind=area_search.BRIEF,
        code=3,
        label="Notes d’enjeux",
        queryset=area_search.briefs,
        build=area_search.brief_entry,
        follows=(("sittings.report", area_search.briefs_of_reports),),
        order=30,
    )
)
search.register(
    search.SearchSource(
        kind=area_search.SPEECH,
        code=4,
        label="Prises de parole",
        queryset=area_search.speeches,
        build=area_search.speech_entry,
        follows=(("sittings.report", area_search.speeches_of_reports),),
        order=40,
    )
)
