from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from hemicycle.accounts.models import User


def users_for_admin(*, filters: dict[str, Any]) -> QuerySet[User]:
    qs = User.objects.select_related("councillor", "staff_member", "partner_group").order_by(
        "-is_active", "last_name", "first_name", "username"
    )
    if filters.get("q"):
        q = filters["q"]
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    if filters.get("role"):
        qs = qs.filter(role=filters["role"])
    if filters.get("active") == "yes":
        qs = qs.filter(is_active=True)
    elif filters.get("active") == "no":
        qs = qs.filter(is_active=False)
    return qs
