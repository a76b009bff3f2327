"""The sittings area's search source: rapports, with the text of their PDF documents."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import search
from hemicycle.sittings.models import Report, ReportDocument

REPORT = "sittings.report"


def reports() -> QuerySet[Report]:
    return Report.objects.select_related("sitting__body").prefetch_related(
        "themes",
        "beneficiaries",
        Prefetch(
            "documents",
            queryset=ReportDocument.objects.only(
                "id", "report_id", "title", "version", "text"
            ).order_by("title", "-version"),
        ),
    )


def report_entry(report: Report) -> search.Entry:
    latest: dict[str, str] = {}
    for document in report.documents.all():  # newest version of each title first
        latest.setdefault(document.title, document.text)
    parts = [
        report.summary,
        report.rapporteur,
        " ".join(t.name for t in report.themes.all()),
        " ".join(o.name for o in report.beneficiaries.all()),
        *latest.values(),
    ]
    sitting = report.sitting
    return search.Entry(
        title=f"Rapport {report.number} — {report.title}",
        body="\n".join(p for p in parts if p),
        url=reverse("sittings:report_detail", args=[report.pk]),
        # Council business: the group's people and the observers (sittings.permissions).
        audience=search.Audience.READERS,
        date=timezone.localdate(sitting.starts_at) if sitting.starts_at else None,
    )


def reindex_reports(reports: Any) -> None:
    search.index_objects(REPORT, reports)
