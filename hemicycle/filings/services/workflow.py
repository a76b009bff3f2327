"""The filing workflow: one service per transition of TRANSITIONS, each audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.filings import permissions, rules
from hemicycle.filings import search as area_search
from hemicycle.filings.models import (
    Filing,
)
from hemicycle.filings.services.common import (
    S,
    _author_users,
    _locked,
    _move,
    _notify,
    _validators,
)

# --- workflow ----------------------------------------------------------------------------


def _apply(
    filing: Filing,
    target: str,
    acting_user: Any,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Filing:
    name = _move(filing, target)
    before = filing.status
    filing.status = target
    for field, value in (extra or {}).items():
        setattr(filing, field, value)
    filing.version += 1
    filing.full_clean()
    filing.save()
    changes: dict[str, Any] = {"statut": [S(before).label, S(target).label]}
    for field, value in (extra or {}).items():
        if field in {"registration_number", "outcome", "opinion", "late_reason"} and value:
            changes[field] = [None, str(value)]
    audit.record(
        actor=acting_user, action=f"filings.{name}", target=filing, changes=changes, note=note
    )
    # Filing moves observers' visibility (filed is public).
    area_search.reindex(filing)
    return filing


@transaction.atomic
def submit(*, filing: Filing, acting_user: Any) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_submit(acting_user, filing))
    filing = _apply(filing, S.REVIEW, acting_user)
    _notify(
        _validators() + _author_users(filing),
        filing,
        "submitted",
        f"{filing.reference} à relire : {filing.title}",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def return_to_draft(*, filing: Filing, acting_user: Any, note: str = "") -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_return_to_draft(acting_user, filing))
    filing = _apply(
        filing, S.DRAFT, acting_user, note, {"validated_at": None, "validated_by": None}
    )
    _notify(
        _author_users(filing),
        filing,
        "returned",
        f"{filing.reference} renvoyé en brouillon",
        note,
        acting_user,
    )
    return filing


@transaction.atomic
def validate(*, filing: Filing, acting_user: Any) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_validate(acting_user, filing))
    rule = rules.rule_for(filing)
    latest = filing.latest_version()
    excess = rules.length_excess(filing, latest.length if latest else 0, rule)
    if excess:
        raise ValidationError(
            f"Le texte dépasse de {excess} caractères la limite du règlement "
            f"({rule.max_length if rule else 0}) : raccourcissez-le avant de le valider."
        )
    filing = _apply(
        filing,
        S.VALIDATED,
        acting_user,
        extra={"validated_at": timezone.now(), "validated_by": acting_user},
    )
    _notify(
        _author_users(filing),
        filing,
        "validated",
        f"{filing.reference} validé : prêt à déposer",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def file_filing(
    *, filing: Filing, registration_number: str, late_reason: str = "", acting_user: Any
) -> Filing:
    """Mark a validated filing as filed with the assembly's services.

    After the deadline only the secrétariat may file, and must give a reason, kept in the
    audit. Quota, signatories and length are checked here, where they bind.
    """
    filing = _locked(filing)
    ensure(permissions.can_file(acting_user, filing))
    rule = rules.rule_for(filing)
    now = timezone.now()
    deadline = rules.deadline_of(filing, rule)
    late_reason = late_reason.strip()
    if filing.sitting is not None and filing.sitting.starts_at <= now and not late_reason:
        raise ValidationError("La séance a commencé : le dépôt n’est plus possible.")
    if deadline is not None and deadline <= now:
        if not permissions.can_file_late(acting_user):
            raise ValidationError(
                f"Le délai de dépôt est dépassé depuis le "
                f"{timezone.localtime(deadline):%d/%m/%Y à %H:%M} : seul le secrétariat "
                "général peut encore déposer, en indiquant le motif."
            )
        if not late_reason:
            raise ValidationError(
                {"late_reason": "Le délai est dépassé : indiquez le motif du dépôt hors délai."}
            )
    else:
        late_reason = ""
    if rule is not None and rule.max_per_sitting and filing.sitting_id:
        used = rules.quota_used(filing, filed_only=True)
        if used >= rule.max_per_sitting:
            raise ValidationError(
                f"Quota atteint : le groupe a déjà déposé {used} "
                f"{filing.get_kind_display().lower()}(s) pour cette séance, le règlement en "
                f"autorise {rule.max_per_sitting}."
            )
    if rule is not None:
        count = rules.signatory_count(filing)
        if count < rule.min_signatories:
            raise ValidationError(
                f"Il faut {rule.min_signatories} signataires, ce dépôt en compte {count}."
            )
        latest = filing.latest_version()
        excess = rules.length_excess(filing, latest.length if latest else 0, rule)
        if excess:
            raise ValidationError(f"Le texte dépasse de {excess} caractères la limite.")
    registration_number = registration_number.strip()
    if not registration_number:
        raise ValidationError(
            {"registration_number": "Indiquez le numéro d’enregistrement reçu de l’assemblée."}
        )
    filing = _apply(
        filing,
        S.FILED,
        acting_user,
        note=late_reason,
        extra={
            "filed_at": now,
            "registration_number": registration_number,
            "late_reason": late_reason,
        },
    )
    _notify(
        _author_users(filing),
        filing,
        "filed",
        f"{filing.reference} déposé (n° {registration_number})",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def record_outcome(
    *,
    filing: Filing,
    outcome: str,
    opinion: str,
    note: str,
    decided_on: dt.date | None,
    acting_user: Any,
) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_record_outcome(acting_user, filing))
    if outcome not in Filing.Outcome.values:
        raise ValidationError({"outcome": "Choisissez le sort du dépôt."})
    if opinion and opinion not in Filing.Opinion.values:
        raise ValidationError({"opinion": "Avis de l’exécutif inconnu."})
    filing = _apply(
        filing,
        S.DECIDED,
        acting_user,
        extra={
            "outcome": outcome,
            "opinion": opinion,
            "outcome_note": note.strip(),
            "decided_on": decided_on or timezone.localdate(),
        },
    )
    _notify(
        _author_users(filing),
        filing,
        "decided",
        f"{filing.reference} : {filing.get_outcome_display().lower()}",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def abandon(*, filing: Filing, acting_user: Any, note: str = "") -> Filing:
    """Set a draft aside (kept, with its number, and restorable)."""
    filing = _locked(filing)
    ensure(permissions.can_abandon(acting_user, filing))
    return _apply(filing, S.ABANDONED, acting_user, note, {"status_before_abandon": filing.status})


@transaction.atomic
def restore(*, filing: Filing, acting_user: Any) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_restore(acting_user, filing))
    # Back to draft whatever it was: a validation is of a text at a time, and may be stale.
    return _apply(
        filing,
        S.DRAFT,
        acting_user,
        extra={"status_before_abandon": "", "validated_at": None, "validated_by": None},
    )
