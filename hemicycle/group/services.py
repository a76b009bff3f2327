"""Writes on the group, its parties, councillors, staff and contracts."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.core.services import update_versioned
from hemicycle.group import hooks, permissions
from hemicycle.group.models import Councillor, Group, Party, StaffContract, StaffMember


def _create(model: type, *, data: dict[str, Any], acting_user: Any, action: str) -> Any:
    obj = model(**data)
    obj.full_clean()
    obj.save()
    audit.record(
        actor=acting_user,
        action=action,
        target=obj,
        changes=audit.diff({}, audit.snapshot(obj, data.keys())),
    )
    return obj


@transaction.atomic
def update_group(
    *, group: Group, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> Group:
    ensure(permissions.can_edit_group(acting_user))
    return update_versioned(
        group,
        data=data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="group.group_updated",
    )


@transaction.atomic
def create_party(*, data: dict[str, Any], acting_user: Any) -> Party:
    ensure(permissions.can_edit_group(acting_user))
    return _create(Party, data=data, acting_user=acting_user, action="group.party_created")


@transaction.atomic
def update_party(
    *, party: Party, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> Party:
    ensure(permissions.can_edit_group(acting_user))
    return update_versioned(
        party,
        data=data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="group.party_updated",
    )


@transaction.atomic
def create_councillor(*, data: dict[str, Any], acting_user: Any) -> Councillor:
    ensure(permissions.can_edit_group(acting_user))
    return _create(
        Councillor, data=data, acting_user=acting_user, action="group.councillor_created"
    )


@transaction.atomic
def update_councillor(
    *,
    councillor: Councillor,
    data: dict[str, Any],
    expected_version: int | None,
    acting_user: Any,
) -> Councillor:
    """Edit a councillor; leaving the group is a status change with its date, never a delete."""
    ensure(permissions.can_edit_group(acting_user))
    was_active = councillor.status == Councillor.Status.ACTIVE
    party_before = councillor.party_id
    saved = update_versioned(
        councillor,
        data=data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="group.councillor_updated",
    )
    if was_active and saved.status == Councillor.Status.LEFT:
        # Someone who left holds no bureau office; recorded as its own event for the history.
        if saved.bureau_role:
            saved.bureau_role = ""
            saved.save(update_fields=["bureau_role", "updated_at"])
        audit.record(
            actor=acting_user,
            action="group.councillor_left",
            target=saved,
            changes={"left_on": [None, audit.snapshot(saved, ["left_on"])["left_on"]]},
        )
    if saved.party_id != party_before:
        hooks.party_changed(saved)
    return saved


@transaction.atomic
def create_staff_member(*, data: dict[str, Any], acting_user: Any) -> StaffMember:
    ensure(permissions.can_edit_staff(acting_user))
    return _create(StaffMember, data=data, acting_user=acting_user, action="group.staff_created")


@transaction.atomic
def update_staff_member(
    *, member: StaffMember, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> StaffMember:
    ensure(permissions.can_edit_staff(acting_user))
    return update_versioned(
        member,
        data=data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="group.staff_updated",
    )


@transaction.atomic
def add_contract(*, member: StaffMember, data: dict[str, Any], acting_user: Any) -> StaffContract:
    ensure(permissions.can_edit_staff(acting_user))
    contract = StaffContract(staff_member=member, **data)
    contract.full_clean()
    contract.save()
    audit.record(
        actor=acting_user,
        action="group.contract_added",
        target=member,
        changes=audit.diff({}, audit.snapshot(contract, data.keys())),
    )
    return contract


@transaction.atomic
def update_contract(
    *,
    contract: StaffContract,
    data: dict[str, Any],
    expected_version: int | None,
    acting_user: Any,
) -> StaffContract:
    ensure(permissions.can_edit_staff(acting_user))
    saved = update_versioned(
        contract,
        data=data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="group.contract_updated",
    )
    return saved
