"""The follow-up's search sources: notes d'enjeux (latest version) and speeches.

Both are the group's internal work: members only (`positions.permissions`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import search
from hemicycle.positions.models import Brief, BriefVersion, Speech

BRIEF = "positions.brief"
SPEECH = "positions.speech"


def briefs() -> QuerySet[Brief]:
    return Brief.objects.select_related("report__sitting").prefetch_related(
        Prefetch("versions", queryset=BriefVersion.objects.order_by("-number"))
    )


def _date(report: Any) -> Any:
    return timezone.localdate(report.sitting.starts_at)


def brief_entry(brief: Brief) -> search.Entry | None:
    versions = list(brief.versions.all())
    if not versions:
        return None
    report = brief.report
    return search.Entry(
        title=f"Note d’enjeux — {report.number} {report.title}",
        body=versions[0].text,
        url=reverse("positions:report", args=[report.pk]),
        audience=search.Audience.MEMBERS,
        date=_date(report),
    )


def speeches() -> QuerySet[Speech]:
    return Speech.objects.select_related("report__sitting", "councillor")


def speech_entry(speech: Speech) -> search.Entry | None:
    if speech.archived_at is not None:
        return None  # removed from the rapport: found in the Archives, not the search
    report = speech.report
    return search.Entry(
        title=f"Prise de parole de {speech.councillor} — {report.number} {report.title}",
        body=speech.topic,
        url=reverse("positions:report", args=[report.pk]),
        audience=search.Audience.MEMBERS,
        date=_date(report),
    )


def briefs_of_reports(report_ids: list[Any]) -> Iterable[int]:
    """Their titles carry the rapport's: reindexed with it."""
    return Brief.objects.filter(report_id__in=report_ids).values_list("pk", flat=True)


def speeches_of_reports(report_ids: list[Any]) -> Iterable[int]:
    return Speech.objects.filter(report_id__in=report_ids).values_list("pk", flat=True)
