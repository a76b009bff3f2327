"""The filings area's search source: each filing with its latest text.

Who finds a filing follows `filings.permissions.can_view_filing`: the group's people always;
observers once it is filed (public by then); a partner group while it is shared with it.
The services reindex the filing after every change of text, status or share.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import search
from hemicycle.filings.models import Filing, FilingShare, FilingVersion
from hemicycle.filings.permissions import PUBLIC_STATUSES

FILING = "filings.filing"


def filings() -> QuerySet[Filing]:
    return Filing.objects.select_related("report").prefetch_related(
        Prefetch("versions", queryset=FilingVersion.objects.order_by("-number")),
        Prefetch(
            "shares",
            queryset=FilingShare.objects.filter(revoked_at__isnull=True),
            to_attr="active_shares",
        ),
    )


def filing_entry(filing: Filing) -> search.Entry:
    versions = list(filing.versions.all())
    latest = versions[0] if versions else None
    parts = [filing.registration_number, filing.article]
    if latest is not None:
        parts += [latest.preamble, latest.text, latest.motives]
    if filing.report is not None:
        parts.append(filing.report.title)
    when = filing.filed_at or filing.created_at
    shares = filing.active_shares  # type: ignore[attr-defined]  # set by the Prefetch above
    return search.Entry(
        title=f"{filing.get_kind_display()} {filing.reference} — {filing.title}",
        body="\n".join(p for p in parts if p),
        url=reverse("filings:detail", args=[filing.pk]),
        audience=(
            search.Audience.READERS if filing.status in PUBLIC_STATUSES else search.Audience.MEMBERS
        ),
        date=timezone.localdate(when) if when else None,
        grants=tuple(search.partner_group(s.council_group_id) for s in shares),
    )


def reindex(filing: Any) -> None:
    search.index_object(FILING, filing)


def filings_of_reports(report_ids: list[Any]) -> Iterable[int]:
    """Their text carries the rapport's title: reindexed with it."""
    return Filing.objects.filter(report_id__in=report_ids).values_list("pk", flat=True)
