from __future__ import annotations

from typing import Any

from django.conf import settings

from hemicycle.core.permissions import is_authenticated, is_leadership, is_secretariat


def can_manage_users(user: Any) -> bool:
    return is_secretariat(user)


def can_deactivate(user: Any, target: Any) -> bool:
    # Nobody locks themselves out: another secretary must do it.
    return can_manage_users(user) and user.pk != target.pk


def is_demo_account(user: Any) -> bool:
    """An account of the public demo: logs in with its password alone, never with 2FA."""
    return bool(settings.DEMO_MODE) and user.get_username() in settings.HEMICYCLE_DEMO_ACCOUNTS


def can_use_two_factor(user: Any) -> bool:
    # In the demo, one visitor enabling 2FA on a shared account would lock out all others.
    return is_authenticated(user) and not is_demo_account(user)


def requires_two_factor(user: Any) -> bool:
    """Whether this account must pass a second factor before it sees anything.

    The secrétariat and the présidence see contracts and finances (LEADERSHIP_ROLES); as
    contacts and finances get their own predicates, add them here, one line each.
    """
    if not settings.HEMICYCLE_REQUIRE_2FA or not can_use_two_factor(user):
        return False
    return is_leadership(user)
