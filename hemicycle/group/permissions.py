from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import (
    is_bureau_or_above,
    is_member,
    is_member_or_observer,
    is_secretariat,
)


def can_view_group(user: Any) -> bool:
    """The group's composition is public information: members and observers see it."""
    return is_member_or_observer(user)


def can_view_contact_details(user: Any) -> bool:
    return is_member(user)


def can_edit_group(user: Any) -> bool:
    return is_secretariat(user)


def can_view_staff(user: Any) -> bool:
    return is_member(user)


def can_view_contracts(user: Any) -> bool:
    return is_bureau_or_above(user)


def can_edit_staff(user: Any) -> bool:
    return is_secretariat(user)
