"""What the exports read: the settings, and the published objects with their relations.

Each function returns a queryset with everything its exporter needs prefetched, so an
export costs the same number of queries for ten séances or ten thousand.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q

from hemicycle.council.models import Body, CouncilGroup, RosterMember, Seat, Term
from hemicycle.filings.models import Cosignature, Filing, FilingAuthor
from hemicycle.group.models import Councillor, Group
from hemicycle.opendata.models import OpenDataSettings
from hemicycle.sittings.models import Report, ReportDocument, Sitting
from hemicycle.votes.models import GroupResult, VoteEvent

# A séance only "planned" is the secretariat's estimate; from its convocation it is public.
PUBLIC_SITTING_STATUSES = (Sitting.Status.CONVOKED, Sitting.Status.HELD, Sitting.Status.CANCELLED)
# Filed with the assembly, or decided: never drafts, reviews, validations or abandons.
PUBLIC_FILING_STATUSES = (Filing.Status.FILED, Filing.Status.DECIDED)


def current_settings() -> OpenDataSettings:
    """The saved settings, or the defaults (unsaved) before the secretariat first saves."""
    return OpenDataSettings.objects.order_by("pk").first() or OpenDataSettings()


def current_group() -> Group | None:
    return Group.objects.order_by("pk").first()


def terms() -> Any:
    return Term.objects.order_by("start_date", "pk")


def bodies() -> Any:
    return Body.objects.select_related("term").order_by("term__start_date", "order", "pk")


def council_groups() -> Any:
    return CouncilGroup.objects.select_related("term").order_by("term__start_date", "name", "pk")


def roster() -> Any:
    # Only the columns a publication may show: birth dates and professions are never read.
    return (
        RosterMember.objects.only(
            "pk",
            "term_id",
            "first_name",
            "last_name",
            "sex",
            "mandate_start",
            "status",
            "left_on",
            "council_group_id",
            "group_councillor_id",
            "created_at",
            "updated_at",
        )
        .select_related("term")
        .order_by("term__start_date", "last_name", "first_name", "pk")
    )


def group_councillors() -> Any:
    # Contacts (e-mail, phone, commune) are never read.
    return Councillor.objects.only(
        "pk",
        "civility",
        "first_name",
        "last_name",
        "affiliation",
        "mandate_start",
        "mandate_end",
        "status",
        "left_on",
        "created_at",
        "updated_at",
    ).order_by("last_name", "first_name", "pk")


def seats() -> Any:
    return Seat.objects.select_related("body__term").order_by("body__order", "starts_on", "pk")


def published_sittings() -> Any:
    return (
        Sitting.objects.filter(status__in=PUBLIC_SITTING_STATUSES)
        .select_related("body__term")
        .order_by("starts_at", "pk")
    )


def published_reports() -> Any:
    report_votes = VoteEvent.objects.filter(filing__isnull=True).prefetch_related(
        Prefetch("group_results", queryset=GroupResult.objects.order_by("pk"))
    )
    return (
        Report.objects.filter(sitting__status__in=PUBLIC_SITTING_STATUSES)
        .select_related("sitting__body__term")
        .prefetch_related(
            "themes",
            Prefetch("vote_events", queryset=report_votes, to_attr="report_votes"),
            Prefetch(
                "documents",
                queryset=ReportDocument.objects.order_by("title", "-version", "pk"),
                to_attr="all_documents",
            ),
        )
        .order_by("sitting__starts_at", "sitting_id", "order", "number", "pk")
    )


def published_filings() -> Any:
    return (
        Filing.objects.filter(status__in=PUBLIC_FILING_STATUSES)
        .filter(Q(sitting__isnull=True) | Q(sitting__status__in=PUBLIC_SITTING_STATUSES))
        .select_related("sitting", "report")
        .prefetch_related(
            Prefetch("authorships", queryset=FilingAuthor.objects.order_by("role", "pk")),
            Prefetch(
                "cosignatures",
                queryset=Cosignature.objects.filter(withdrawn_at__isnull=True).order_by("pk"),
                to_attr="active_cosignatures",
            ),
        )
        .order_by("filed_at", "pk")
    )


def latest_documents(report: Report) -> list[ReportDocument]:
    """The newest version of each document title (prefetched as `all_documents`)."""
    seen: set[str] = set()
    latest = []
    for document in report.all_documents:  # type: ignore[attr-defined]
        if document.title not in seen:
            seen.add(document.title)
            latest.append(document)
    return latest


def report_vote(report: Report) -> VoteEvent | None:
    votes = report.report_votes  # type: ignore[attr-defined]
    return votes[0] if votes else None
