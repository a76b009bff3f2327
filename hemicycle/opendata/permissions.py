"""Who may read the open-data page and who decides what is published."""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_member, is_member_or_observer, is_secretariat


def can_view_opendata(user: Any) -> bool:
    # The files hold only public data, but the page describes the group's choices: the
    # group's people and its observers, not partner groups.
    return is_member_or_observer(user)


def can_edit_opendata_settings(user: Any) -> bool:
    return is_secretariat(user)


def can_prepare_exports(user: Any) -> bool:
    # A rebuild costs minutes of a worker: the group's own people ask for one.
    return is_member(user)
