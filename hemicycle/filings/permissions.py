"""Who may see and act on the group's filings.

Internal work (drafts, comments marked internal, the whole list) is for the group's own
people. Observers see what has been filed, which is public by then. A partner account sees
only the filings shared with its council group, and never internal comments.
"""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import (
    is_bureau_or_above,
    is_member,
    is_member_or_observer,
    is_partner,
    is_secretariat,
)
from hemicycle.core.roles import Role

PUBLIC_STATUSES = frozenset({"filed", "decided"})


def _is_elu(user: Any) -> bool:
    return is_member(user) and user.role == Role.ELU


def is_author(user: Any, filing: Any) -> bool:
    councillor_id = getattr(user, "councillor_id", None)
    if not councillor_id:
        return False
    return any(a.councillor_id == councillor_id for a in filing.authorships.all())


def _shared_with(user: Any, filing: Any) -> bool:
    group_id = getattr(user, "partner_group_id", None)
    if not (is_partner(user) and group_id):
        return False
    return any(s.council_group_id == group_id and s.revoked_at is None for s in filing.shares.all())


# --- pages -------------------------------------------------------------------------------


def can_open_filings(user: Any) -> bool:
    """The filings area: the group's people, observers (filed ones) and partners (shared)."""
    return is_member_or_observer(user) or is_partner(user)


def can_view_filing(user: Any, filing: Any) -> bool:
    if is_member(user):
        return True
    if is_member_or_observer(user):
        return filing.status in PUBLIC_STATUSES
    return _shared_with(user, filing)


def can_see_internal(user: Any) -> bool:
    """Internal comments, the audit history, the group's other filings."""
    return is_member(user)


def can_create(user: Any) -> bool:
    return is_member(user)


def can_edit_text(user: Any, filing: Any) -> bool:
    """Write a new version: the authors, the staff, the secrétariat and the bureau."""
    if not is_member(user) or filing.status not in {"draft", "review"}:
        return False
    if _is_elu(user):
        return is_author(user, filing)
    return True


def can_edit_details(user: Any, filing: Any) -> bool:
    return can_edit_text(user, filing)


def can_submit(user: Any, filing: Any) -> bool:
    return filing.status == "draft" and can_edit_text(user, filing)


def can_return_to_draft(user: Any, filing: Any) -> bool:
    if filing.status == "review":
        return is_bureau_or_above(user) or can_edit_text(user, filing)
    return filing.status == "validated" and is_bureau_or_above(user)


def can_validate(user: Any, filing: Any) -> bool:
    return filing.status == "review" and is_bureau_or_above(user)


def can_file(user: Any, filing: Any) -> bool:
    if filing.status != "validated" or not is_member(user):
        return False
    return is_secretariat(user) or is_author(user, filing)


def can_file_late(user: Any) -> bool:
    return is_secretariat(user)


def can_record_outcome(user: Any, filing: Any) -> bool:
    return filing.status in {"filed", "decided"} and is_secretariat(user)


def can_abandon(user: Any, filing: Any) -> bool:
    if filing.status not in {"draft", "review", "validated"} or not is_member(user):
        return False
    return is_secretariat(user) or is_author(user, filing)


def can_restore(user: Any, filing: Any) -> bool:
    if filing.status != "abandoned" or not is_member(user):
        return False
    return is_secretariat(user) or is_author(user, filing)


def can_share(user: Any, filing: Any) -> bool:
    return is_bureau_or_above(user) and filing.status != "abandoned"


def can_comment(user: Any, filing: Any) -> bool:
    return is_member(user) or _shared_with(user, filing)


def can_cosign(user: Any, filing: Any) -> bool:
    """Partners co-sign for their own group; the secrétariat records a paper signature."""
    if filing.status in {"abandoned", "decided"}:
        return False
    return _shared_with(user, filing) or is_secretariat(user)


def can_export_sitting(user: Any) -> bool:
    return is_member(user)


def can_view_stats(user: Any) -> bool:
    # Counts of drafts reveal work in progress: the group's own people only.
    return is_member(user)
