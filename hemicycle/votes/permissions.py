"""Who may see and record votes.

How each councillor voted, against the line or not, is the group's internal record until
the group publishes it: members only. The secretariat and the staff record every row and
the council's result; a councillor records their own vote from their phone.
"""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_bureau_or_above, is_member, is_secretariat
from hemicycle.core.roles import Role


def _is_staff_role(user: Any) -> bool:
    return is_member(user) and user.role == Role.COLLABORATEUR


def can_view_votes(user: Any) -> bool:
    return is_member(user)


def can_record_all(user: Any) -> bool:
    """Every councillor's row: the secretariat, the staff, the bureau and the présidence."""
    return is_bureau_or_above(user) or _is_staff_role(user)


def can_record_for(user: Any, councillor_id: int) -> bool:
    if can_record_all(user):
        return True
    return is_member(user) and getattr(user, "councillor_id", None) == councillor_id


def can_record_any(user: Any) -> bool:
    """Opens the recording page: anyone who may record at least one row."""
    return can_record_all(user) or (is_member(user) and bool(getattr(user, "councillor_id", None)))


def can_manage(user: Any) -> bool:
    """Create the séance's scrutins, enter the council's result, record déports."""
    return is_secretariat(user) or _is_staff_role(user)
