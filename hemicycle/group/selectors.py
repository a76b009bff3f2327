from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from hemicycle.group import permissions, rules
from hemicycle.group.models import BureauRole, Councillor, Group, Party, StaffContract, StaffMember


def current_group() -> Group | None:
    return Group.objects.select_related("term").first()


def parties_with_counts() -> QuerySet[Party]:
    return Party.objects.annotate(
        active_count=Count("councillors", filter=Q(councillors__status=Councillor.Status.ACTIVE))
    ).order_by("-active_count", "name")


def councillors(*, filters: dict[str, Any] | None = None) -> QuerySet[Councillor]:
    filters = filters or {}
    qs = Councillor.objects.select_related("party", "replaced_by", "roster_entry")
    status = filters.get("status", Councillor.Status.ACTIVE)
    if status:
        qs = qs.filter(status=status)
    if filters.get("party"):
        qs = qs.filter(party=filters["party"])
    if filters.get("affiliation"):
        qs = qs.filter(affiliation=filters["affiliation"])
    if filters.get("section"):
        qs = qs.filter(section=filters["section"])
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(
            Q(first_name__icontains=q) | Q(last_name__icontains=q) | Q(commune__icontains=q)
        )
    return qs.order_by("last_name", "first_name")


def bureau() -> list[Councillor]:
    order = [role.value for role in BureauRole if role.value]
    members = list(
        Councillor.objects.select_related("party")
        .filter(status=Councillor.Status.ACTIVE)
        .exclude(bureau_role="")
    )
    return sorted(members, key=lambda c: (order.index(c.bureau_role), c.last_name))


def get_councillor_for_user_or_404(user: Any, pk: int) -> Councillor:
    if not permissions.can_view_group(user):
        raise Http404
    councillor = (
        Councillor.objects.select_related("party", "replaced_by", "roster_entry__council_group")
        .prefetch_related("replaces")
        .filter(pk=pk)
        .first()
    )
    if councillor is None:
        raise Http404
    return councillor


def staff(*, include_left: bool = False) -> QuerySet[StaffMember]:
    qs = StaffMember.objects.prefetch_related(
        Prefetch("contracts", queryset=StaffContract.objects.order_by("starts_on"))
    )
    if not include_left:
        qs = qs.filter(status=StaffMember.Status.ACTIVE)
    return qs.order_by("last_name", "first_name")


def get_staff_for_user_or_404(user: Any, pk: int) -> StaffMember:
    if not permissions.can_view_staff(user):
        raise Http404
    member = staff(include_left=True).filter(pk=pk).first()
    if member is None:
        raise Http404
    return member


def staff_with_warnings(*, include_left: bool = False) -> list[dict[str, Any]]:
    """Each staff member with their contracts and the legal-limit warnings (2 queries)."""
    group = current_group()
    term_end = group.term.end_date if group and group.term else None
    today = timezone.localdate()
    rows = []
    for member in staff(include_left=include_left):
        contracts = list(member.contracts.all())
        current = next((c for c in contracts if c.starts_on <= today <= c.ends_on), None)
        rows.append(
            {
                "member": member,
                "contracts": contracts,
                "current": current,
                "warnings": rules.contract_warnings(contracts, today=today, term_end=term_end),
                "remaining_days": rules.remaining_days(contracts),
            }
        )
    return rows
