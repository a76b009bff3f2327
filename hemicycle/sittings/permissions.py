"""Who may see and manage séances, rapports, documents and attendance.

Council business is public: every member of the group and the observers read it.
Only the secrétariat and the group's staff prepare it.
"""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_member_or_observer
from hemicycle.core.roles import Role

MANAGERS = frozenset({Role.SECRETARIAT, Role.COLLABORATEUR})


def can_view_sittings(user: Any) -> bool:
    return is_member_or_observer(user)


def can_manage_sittings(user: Any) -> bool:
    if not is_member_or_observer(user):
        return False
    return getattr(user, "role", None) in MANAGERS
