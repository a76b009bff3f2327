"""Who may see and change the group's follow-up of rapports (internal work: members only)."""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import (
    is_bureau_or_above,
    is_leadership,
    is_member,
    is_secretariat,
)
from hemicycle.core.roles import Role


def _is_staff_role(user: Any) -> bool:
    return is_member(user) and user.role == Role.COLLABORATEUR


def can_view_follow_up(user: Any) -> bool:
    return is_member(user)


def can_assign(user: Any) -> bool:
    return is_secretariat(user) or _is_staff_role(user)


def _is_assignee(user: Any, follow_up: Any) -> bool:
    if follow_up is None:
        return False
    councillor_id = getattr(user, "councillor_id", None)
    staff_id = getattr(user, "staff_member_id", None)
    if councillor_id and councillor_id == follow_up.referent_id:
        return True
    return bool(staff_id and staff_id == follow_up.staff_member_id)


def can_write_brief(user: Any, follow_up: Any) -> bool:
    if not is_member(user):
        return False
    if is_secretariat(user) or _is_staff_role(user):
        return True
    return _is_assignee(user, follow_up)


def can_submit_brief(user: Any, follow_up: Any) -> bool:
    return can_write_brief(user, follow_up)


def can_validate_brief(user: Any) -> bool:
    return is_bureau_or_above(user)


def can_set_line(user: Any) -> bool:
    return is_leadership(user)


def can_edit_speakers(user: Any) -> bool:
    return is_secretariat(user) or _is_staff_role(user)


def can_pick_sheet_councillor(user: Any) -> bool:
    return is_bureau_or_above(user)


def can_manage_templates(user: Any) -> bool:
    return is_secretariat(user)


def can_view_backlog(user: Any) -> bool:
    return is_secretariat(user) or _is_staff_role(user) or is_leadership(user)
