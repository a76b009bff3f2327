"""Writes of the council's structure and rules: instances, the group's seats, filing rules.

Who may do what lives here too (the council's own permissions module belongs to the roster).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hemicycle.core import audit
from hemicycle.core.permissions import ensure, is_member, is_secretariat
from hemicycle.core.services import update_versioned
from hemicycle.council.models import Body, FilingKind, FilingRule, Seat, Term

BODY_FIELDS = (
    "kind",
    "name",
    "short_name",
    "default_place",
    "quorum_rule",
    "members_count",
    "convocation_delay_days",
    "group_speaking_minutes",
    "order",
    "is_archived",
)
RULE_FIELDS = ("deadline_hours", "max_per_sitting", "min_signatories", "max_length")


def can_view_structure(user: Any) -> bool:
    return is_member(user)


def can_edit_structure(user: Any) -> bool:
    return is_secretariat(user)


@transaction.atomic
def create_body(*, term: Term, data: dict[str, Any], acting_user: Any) -> Body:
    ensure(can_edit_structure(acting_user))
    body = Body(term=term, **{k: v for k, v in data.items() if k in BODY_FIELDS})
    body.full_clean()
    body.save()
    audit.record(
        actor=acting_user,
        action="council.body.created",
        target=body,
        changes=audit.diff({}, audit.snapshot(body, BODY_FIELDS)),
    )
    return body


@transaction.atomic
def update_body(
    *, body: Body, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> Body:
    ensure(can_edit_structure(acting_user))
    return update_versioned(
        body,
        data={k: v for k, v in data.items() if k in BODY_FIELDS},
        expected_version=expected_version,
        acting_user=acting_user,
        action="council.body.updated",
    )


@transaction.atomic
def add_seat(*, data: dict[str, Any], acting_user: Any) -> Seat:
    ensure(can_edit_structure(acting_user))
    seat = Seat(**{k: data[k] for k in ("body", "councillor", "role", "starts_on") if k in data})
    seat.full_clean()
    if Seat.objects.filter(
        body=seat.body, councillor=seat.councillor, ends_on__isnull=True
    ).exists():
        raise ValidationError({"councillor": "Cet·te élu·e siège déjà dans cette instance."})
    seat.save()
    audit.record(
        actor=acting_user,
        action="council.seat.added",
        target=seat,
        changes=audit.diff({}, audit.snapshot(seat, ("body", "councillor", "role", "starts_on"))),
    )
    return seat


@transaction.atomic
def end_seat(*, seat: Seat, ends_on: dt.date, acting_user: Any) -> Seat:
    ensure(can_edit_structure(acting_user))
    if seat.ends_on is not None:
        raise ValidationError("Ce siège a déjà pris fin.")
    if ends_on < seat.starts_on:
        raise ValidationError({"ends_on": "La fin du siège ne peut précéder son début."})
    return update_versioned(
        seat,
        data={"ends_on": ends_on},
        expected_version=None,
        acting_user=acting_user,
        action="council.seat.ended",
    )


@transaction.atomic
def save_filing_rules(
    *, term: Term, rows: dict[str, dict[str, Any]], acting_user: Any
) -> list[FilingRule]:
    """Write the whole table of filing rules, or nothing if one row is invalid."""
    ensure(can_edit_structure(acting_user))
    existing = {r.kind: r for r in FilingRule.objects.select_for_update().filter(term=term)}
    errors: dict[str, list[str]] = {}
    to_save = []
    for kind in FilingKind.values:
        values = rows.get(kind)
        if values is None:
            continue
        rule = existing.get(kind) or FilingRule(term=term, kind=kind)
        before = audit.snapshot(rule, RULE_FIELDS) if rule.pk else {}
        for name in RULE_FIELDS:
            setattr(rule, name, values.get(name))
        try:
            rule.full_clean()
        except ValidationError as exc:
            label = FilingKind(kind).label
            for field, messages in exc.message_dict.items():
                errors.setdefault(f"{kind}-{field}", []).extend(f"{label} : {m}" for m in messages)
            continue
        to_save.append((rule, before))
    if errors:
        raise ValidationError(errors)
    saved = []
    for rule, before in to_save:
        changes = audit.diff(before, audit.snapshot(rule, RULE_FIELDS))
        if rule.pk and not changes:
            saved.append(rule)
            continue
        if rule.pk:
            rule.version += 1
        rule.save()
        audit.record(
            actor=acting_user, action="council.filing_rule.saved", target=rule, changes=changes
        )
        saved.append(rule)
    return saved
