"""Reads of filings, filtered by who may see them inside the query, with their prefetching."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from hemicycle.core.permissions import is_member, is_member_or_observer, is_partner
from hemicycle.council.models import FilingKind, FilingRule
from hemicycle.filings import permissions, rules
from hemicycle.filings.models import (
    Cosignature,
    Filing,
    FilingAuthor,
    FilingComment,
    FilingShare,
    FilingVersion,
)
from hemicycle.sittings.models import Sitting
from hemicycle.sittings.selectors import filing_rules_by_term

S = Filing.Status
ONE_DAY = dt.timedelta(days=1)
OPEN = [S.DRAFT, S.REVIEW, S.VALIDATED]
ADOPTED = [Filing.Outcome.ADOPTED, Filing.Outcome.ADOPTED_AMENDED]


def _base() -> QuerySet[Filing]:
    return Filing.objects.select_related(
        "sitting__body", "report", "parent", "validated_by"
    ).prefetch_related(
        Prefetch(
            "authorships",
            queryset=FilingAuthor.objects.select_related("councillor").order_by(
                "role", "councillor__last_name"
            ),
        ),
        Prefetch("shares", queryset=FilingShare.objects.select_related("council_group")),
        Prefetch(
            "cosignatures",
            queryset=Cosignature.objects.filter(withdrawn_at__isnull=True).select_related(
                "signer", "council_group"
            ),
            to_attr="active_cosignatures",
        ),
    )


def filings_visible_to(user: Any) -> QuerySet[Filing]:
    qs = _base()
    if is_member(user):
        return qs
    if is_member_or_observer(user):
        return qs.filter(status__in=permissions.PUBLIC_STATUSES)
    group_id = getattr(user, "partner_group_id", None)
    if is_partner(user) and group_id:
        return qs.filter(
            shares__council_group_id=group_id, shares__revoked_at__isnull=True
        ).distinct()
    return qs.none()


def get_filing_for_user_or_404(user: Any, pk: int) -> Filing:
    filing = filings_visible_to(user).filter(pk=pk).first()
    if filing is None or not permissions.can_view_filing(user, filing):
        raise Http404
    return filing


def _rules_of(filing: Filing, by_term: dict[int, list[FilingRule]]) -> FilingRule | None:
    term_id = filing.sitting.body.term_id if filing.sitting is not None else None
    term_rules = next(iter(by_term.values()), []) if term_id is None else by_term.get(term_id, [])
    return next((r for r in term_rules if r.kind == filing.kind), None)


def with_deadlines(rows: list[Filing]) -> list[Filing]:
    """Attach `deadline` (DeadlineInfo or None) to each filing: one query for all rules."""
    by_term = filing_rules_by_term()
    now = timezone.now()
    for filing in rows:
        at = rules.deadline_of(filing, _rules_of(filing, by_term), lookup=False)
        filing.deadline = (  # type: ignore[attr-defined]  # attached for the templates
            rules.DeadlineInfo(at=at, now=now) if at else None
        )
    return rows


def filing_list(user: Any, filters: dict[str, Any]) -> QuerySet[Filing]:
    qs = filings_visible_to(user)
    term = filters.get("term")
    if term is not None:
        # A filing without séance (written question, tribune) belongs to the mandature
        # it was drafted in. Both sides are index lookups (séance ids, then séance-less
        # rows by time): joins or a date cast under the OR read every filing of every
        # mandature (0.5 s at ten mandatures).
        start = timezone.make_aware(dt.datetime.combine(term.start_date, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(term.end_date, dt.time.min))
        qs = qs.filter(
            Q(sitting__in=Sitting.objects.filter(body__term=term).values("pk"))
            | Q(sitting__isnull=True, created_at__gte=start, created_at__lt=end + ONE_DAY)
        )
    if filters.get("sitting"):
        qs = qs.filter(sitting=filters["sitting"])
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("author"):
        qs = qs.filter(authorships__councillor=filters["author"]).distinct()
    if filters.get("q"):
        term = filters["q"]
        qs = qs.filter(Q(title__icontains=term) | Q(registration_number__icontains=term))
    if not filters.get("status") and not filters.get("show_abandoned"):
        qs = qs.exclude(status=S.ABANDONED)
    # The page's rapports in a query of their own: joined, PostgreSQL misjudges the OR
    # above (5× too many rows) and hashes every rapport of every mandature (85 ms of a
    # 150 ms query at ten mandatures).
    return (
        qs.select_related(None)
        .select_related("sitting__body", "parent", "validated_by")
        .prefetch_related("report")
        .order_by("-sitting__starts_at", "kind", "sequence", "pk")
    )


def versions_of(filing: Filing) -> list[FilingVersion]:
    return list(filing.versions.select_related("author").order_by("-number"))


def comments_for(filing: Filing, user: Any) -> list[FilingComment]:
    qs = filing.comments.select_related("version")
    if not permissions.can_see_internal(user):
        qs = qs.filter(internal=False)
    return list(qs)


def my_open_filings(user: Any, limit: int = 8) -> list[Filing]:
    """For the dashboard: the user's open filings (all of them for the secrétariat), soonest
    deadline first."""
    # Still actionable: a séance at most a month ago (a late draft is shown as late), or a
    # séance-less filing due at most a month ago or undated. Drafts left open in past
    # mandatures are not today's work, and must not crowd out this week's deadlines.
    recent = timezone.now() - dt.timedelta(days=30)
    qs = filings_visible_to(user).filter(
        Q(sitting__in=Sitting.objects.filter(starts_at__gte=recent).values("pk"))
        | Q(sitting__isnull=True, due_at__gte=recent)
        | Q(sitting__isnull=True, due_at__isnull=True),
        status__in=OPEN,
    )
    councillor_id = getattr(user, "councillor_id", None)
    # Élu·es follow their own filings; the secrétariat and staff without a seat follow all.
    if councillor_id:
        qs = qs.filter(Q(authorships__councillor_id=councillor_id) | Q(created_by=user))
    # Soonest séance or due date first in SQL, so that the rows kept are the soonest; the
    # exact deadline (which depends on the kind's rule) orders them below.
    qs = qs.order_by(Coalesce("sitting__starts_at", "due_at").asc(nulls_last=True), "pk")
    rows = with_deadlines(list(qs.distinct()[:200]))
    far = timezone.now() + dt.timedelta(days=3650)

    def soonest(filing: Filing) -> dt.datetime:
        deadline = getattr(filing, "deadline", None)
        return deadline.at if deadline else far

    rows.sort(key=soonest)
    return rows[:limit]


def shared_with_partner(user: Any, limit: int = 10) -> list[Filing]:
    return with_deadlines(list(filings_visible_to(user).order_by("-created_at")[:limit]))


KIND_ORDER = {kind: i for i, kind in enumerate(FilingKind.values)}


def sitting_filings(sitting: Any, user: Any) -> list[Filing]:
    """The séance's filings in the order of the numbered list: by kind as the règlement
    lists them (amendements first), then by number."""
    rows = list(filings_visible_to(user).filter(sitting=sitting).exclude(status=S.ABANDONED))
    rows.sort(key=lambda f: (KIND_ORDER.get(f.kind, 99), f.sequence or 0, f.pk))
    return with_deadlines(rows)


def report_filings(report: Any, user: Any) -> list[Filing]:
    rows = filings_visible_to(user).filter(report=report).exclude(status=S.ABANDONED)
    return list(rows.order_by("kind", "sequence", "pk"))


def quota_table(sitting: Any, filings: list[Filing]) -> list[dict[str, Any]]:
    """Per kind with a quota: how many the group prepares and has filed against the maximum."""
    term_rules = filing_rules_by_term().get(sitting.body.term_id, [])
    table: list[dict[str, Any]] = []
    for rule in term_rules:
        mine = [f for f in filings if f.kind == rule.kind]
        filed = [f for f in mine if f.status in (S.FILED, S.DECIDED)]
        table.append(
            {
                "rule": rule,
                "prepared": len(mine),
                "filed": len(filed),
                "over": bool(rule.max_per_sitting and len(mine) > rule.max_per_sitting),
            }
        )
    return [row for row in table if row["prepared"] or row["rule"].max_per_sitting]


def stats_by_councillor(councillor_ids: list[int] | None = None) -> dict[int, dict[str, Any]]:
    """Per councillor and kind: drafted, filed, adopted — counted by the database."""
    qs = FilingAuthor.objects.exclude(filing__status=S.ABANDONED)
    if councillor_ids is not None:
        qs = qs.filter(councillor_id__in=councillor_ids)
    rows = qs.values("councillor_id", "filing__kind").annotate(
        drafted=Count("pk"),
        filed=Count("pk", filter=Q(filing__status__in=[S.FILED, S.DECIDED])),
        adopted=Count("pk", filter=Q(filing__outcome__in=ADOPTED)),
    )
    result: dict[int, dict[str, Any]] = defaultdict(lambda: {"kinds": {}, "total": None})
    for row in rows:
        entry = result[row["councillor_id"]]
        entry["kinds"][row["filing__kind"]] = {
            "drafted": row["drafted"],
            "filed": row["filed"],
            "adopted": row["adopted"],
        }
    for entry in result.values():
        kinds = entry["kinds"].values()
        entry["total"] = {
            key: sum(k[key] for k in kinds) for key in ("drafted", "filed", "adopted")
        }
    return dict(result)
