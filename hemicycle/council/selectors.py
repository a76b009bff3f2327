"""Reads of the council's reference data, each with the joins its page needs.

List selectors run a fixed number of queries whatever the number of rows.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from hemicycle.council import rne
from hemicycle.council.models import CouncilGroup, RosterImport, RosterMember, Term
from hemicycle.group.models import Councillor

# Filter value for members without a council group (non-inscrit·es).
NO_GROUP = "none"


def current_term() -> Term | None:
    """The mandature in progress: the one installed last."""
    return Term.objects.order_by("-start_date", "-pk").first()


def roster_members(*, term: Term, filters: dict[str, Any]) -> QuerySet[RosterMember]:
    # match_key starts with the normalised last name: an accent-blind alphabetical order.
    qs = (
        RosterMember.objects.filter(term=term)
        .select_related("council_group")
        .order_by("match_key", "pk")
    )
    status = filters.get("status") or RosterMember.Status.ACTIVE
    if status != "all":
        qs = qs.filter(status=status)
    if filters.get("section"):
        qs = qs.filter(section=filters["section"])
    group = filters.get("group")
    if group == NO_GROUP:
        qs = qs.filter(council_group__isnull=True)
    elif group:
        qs = qs.filter(council_group_id=group)
    if text := (filters.get("q") or "").strip():
        # The key holds the names without case or accents: "helene" finds "Hélène".
        qs = qs.filter(Q(match_key__contains=rne.normalise(text)) | Q(function__icontains=text))
    return qs


def roster_member_or_404(pk: int) -> RosterMember:
    return get_object_or_404(
        RosterMember.objects.select_related("term", "council_group", "group_councillor"), pk=pk
    )


def council_groups(*, term: Term, include_archived: bool = True) -> QuerySet[CouncilGroup]:
    qs = CouncilGroup.objects.filter(term=term).annotate(
        active_members=Count("members", filter=Q(members__status=RosterMember.Status.ACTIVE))
    )
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return qs.order_by("is_archived", "-seats", "name")


def group_choices(*, term: Term | None) -> list[tuple[str, str]]:
    if term is None:
        return []
    rows = CouncilGroup.objects.filter(term=term, is_archived=False).order_by("-seats", "name")
    return [(str(g.pk), g.name) for g in rows]


def council_group_or_404(pk: int) -> CouncilGroup:
    return get_object_or_404(CouncilGroup.objects.select_related("term", "own_group"), pk=pk)


def own_council_group(*, term: Term) -> CouncilGroup | None:
    return (
        CouncilGroup.objects.filter(term=term, own_group__isnull=False, is_archived=False)
        .order_by("pk")
        .first()
    )


def linkable_councillors(*, member: RosterMember) -> QuerySet[Councillor]:
    """The group's councillors not yet linked to another roster entry."""
    return Councillor.objects.filter(
        Q(roster_entry__isnull=True) | Q(roster_entry=member)
    ).order_by("last_name", "first_name")


def roster_imports(*, term: Term | None) -> QuerySet[RosterImport]:
    qs = RosterImport.objects.select_related("imported_by", "term").order_by("-created_at", "-pk")
    return qs.filter(term=term) if term is not None else qs


def roster_import_or_404(pk: int) -> RosterImport:
    return get_object_or_404(RosterImport.objects.select_related("imported_by", "term"), pk=pk)


SUMMARY_KINDS = (
    ("created", "Entrée au registre"),
    ("updated", "Mise à jour"),
    ("reactivated", "Retour en mandat"),
    ("left", "Départ"),
    ("linked", "Reliée à la fiche du groupe"),
)


def import_trail_for(member: RosterMember) -> list[dict[str, Any]]:
    """What each RNE import changed on this member, oldest first (imports are few)."""
    trail = []
    for roster_import in RosterImport.objects.filter(term_id=member.term_id).order_by(
        "created_at", "pk"
    ):
        summary = roster_import.summary or {}
        for kind, label in SUMMARY_KINDS:
            for entry in summary.get(kind) or []:
                if isinstance(entry, dict) and entry.get("key") == member.match_key:
                    trail.append(
                        {
                            "import": roster_import,
                            "label": label,
                            "changes": entry.get("changes") or [],
                        }
                    )
    return trail


def roster_overview(*, term: Term | None) -> dict[str, Any]:
    """Counts for the dashboard and the roster page head: four queries, whatever the size."""
    if term is None:
        return {"term": None, "active": 0, "left": 0, "per_group": [], "last_import": None}
    by_status = dict(
        RosterMember.objects.filter(term=term)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_group = list(
        RosterMember.objects.filter(term=term, status=RosterMember.Status.ACTIVE)
        .values("council_group__name", "council_group__short_name", "council_group__seats")
        .annotate(n=Count("pk"))
        .order_by("-n", "council_group__name")
    )
    last_import = RosterImport.objects.filter(term=term).aggregate(last=Max("created_at"))["last"]
    return {
        "term": term,
        "active": by_status.get(RosterMember.Status.ACTIVE, 0),
        "left": by_status.get(RosterMember.Status.LEFT, 0),
        "per_group": per_group,
        "last_import": last_import,
    }
