"""Who may read and change the council's reference data (roster, groups, RNE imports).

The roster is public information, but it is the group's working copy: partners see only
what is shared with them, so they do not get it here.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from hemicycle.core.permissions import is_member_or_observer, is_secretariat
from hemicycle.council import selectors


def can_view_roster(user: Any) -> bool:
    return is_member_or_observer(user)


def can_edit_roster_member(user: Any) -> bool:
    return is_secretariat(user)


def can_import_roster(user: Any) -> bool:
    return is_secretariat(user)


def can_view_council_groups(user: Any) -> bool:
    return is_member_or_observer(user)


def can_edit_council_groups(user: Any) -> bool:
    return is_secretariat(user)


def get_roster_member_for_user_or_404(user: Any, pk: int) -> Any:
    if not can_view_roster(user):
        raise Http404
    return selectors.roster_member_or_404(pk)


def get_council_group_for_user_or_404(user: Any, pk: int) -> Any:
    if not can_view_council_groups(user):
        raise Http404
    return selectors.council_group_or_404(pk)


def get_roster_import_for_user_or_404(user: Any, pk: int) -> Any:
    if not can_import_roster(user):
        raise Http404
    return selectors.roster_import_or_404(pk)
