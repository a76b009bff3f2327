from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_secretariat


def can_manage_users(user: Any) -> bool:
    return is_secretariat(user)


def can_deactivate(user: Any, target: Any) -> bool:
    # Nobody locks themselves out: another secretary must do it.
    return can_manage_users(user) and user.pk != target.pk
