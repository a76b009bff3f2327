"""Who may import an agenda: the people who prepare the séances."""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_member
from hemicycle.core.roles import Role


def can_manage_sittings(user: Any) -> bool:
    return is_member(user) and user.role in {Role.SECRETARIAT, Role.COLLABORATEUR}
