"""Who may manage API tokens.

Everyone logged in manages their own. The secrétariat also manages the tokens of partner
accounts (an allied group's developer may have no one who logs in), never those of the
group's own people: a token acts as its user, so that would let one act as someone else.
"""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_authenticated, is_partner, is_secretariat


def can_manage_own_tokens(user: Any) -> bool:
    return is_authenticated(user)


def can_manage_partner_tokens(user: Any) -> bool:
    return is_secretariat(user)


def can_manage_tokens_of(user: Any, owner: Any) -> bool:
    if not is_authenticated(user):
        return False
    if owner.pk == user.pk:
        return True
    return is_secretariat(user) and owner.is_active and is_partner(owner)
