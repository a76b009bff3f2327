import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hemicycle.core.models import AuditEntry
from hemicycle.core.services import ConcurrentEditError
from hemicycle.group import services
from hemicycle.group.models import Councillor, StaffContract
from hemicycle.group.tests.factories import (
    CouncillorFactory,
    PartyFactory,
    StaffContractFactory,
    StaffMemberFactory,
)


@pytest.fixture
def secretariat(personas):
    return personas["secretariat"]


def test_create_councillor_records_an_audit_row(secretariat):
    party = PartyFactory()
    councillor = services.create_councillor(
        data={
            "civility": "Mme",
            "first_name": "Louise",
            "last_name": "Michel",
            "party": party,
            "section": "80",
            "mandate_start": dt.date(2021, 7, 2),
        },
        acting_user=secretariat,
    )
    entry = AuditEntry.objects.get(action="group.councillor_created")
    assert entry.target_id == str(councillor.pk)
    assert entry.actor == secretariat
    assert entry.changes["last_name"] == [None, "Michel"]


def test_member_without_party_is_refused_and_nothing_is_written(secretariat):
    with pytest.raises(ValidationError) as exc:
        services.create_councillor(
            data={
                "civility": "M.",
                "first_name": "Jean",
                "last_name": "Sansparti",
                "affiliation": "member",
                "section": "59",
                "mandate_start": dt.date(2021, 7, 2),
            },
            acting_user=secretariat,
        )
    assert "party" in exc.value.error_dict
    assert not Councillor.objects.filter(last_name="Sansparti").exists()
    assert not AuditEntry.objects.filter(action="group.councillor_created").exists()


@pytest.mark.parametrize("name", ["president", "bureau", "councillor", "staff", "partner"])
def test_only_the_secretariat_edits_councillors(name, personas, world):
    councillor = world["councillor"]
    with pytest.raises(PermissionDenied):
        services.update_councillor(
            councillor=councillor,
            data={"commune": "Ailleurs"},
            expected_version=councillor.version,
            acting_user=personas[name],
        )
    councillor.refresh_from_db()
    assert councillor.commune == "Lille"


def test_second_concurrent_edit_is_refused(secretariat, world):
    councillor = world["councillor"]
    opened_at = councillor.version
    services.update_councillor(
        councillor=councillor,
        data={"commune": "Amiens"},
        expected_version=opened_at,
        acting_user=secretariat,
    )
    with pytest.raises(ConcurrentEditError):
        services.update_councillor(
            councillor=councillor,
            data={"commune": "Laon"},
            expected_version=opened_at,
            acting_user=secretariat,
        )
    councillor.refresh_from_db()
    assert councillor.commune == "Amiens"
    assert councillor.version == opened_at + 1


def test_leaving_needs_a_date_and_clears_bureau_role(secretariat):
    councillor = CouncillorFactory(bureau_role="treasurer")
    with pytest.raises(ValidationError):
        services.update_councillor(
            councillor=councillor,
            data={"status": "left"},
            expected_version=None,
            acting_user=secretariat,
        )
    saved = services.update_councillor(
        councillor=councillor,
        data={"status": "left", "left_on": dt.date(2026, 9, 1)},
        expected_version=None,
        acting_user=secretariat,
    )
    assert saved.bureau_role == ""
    assert AuditEntry.objects.filter(
        action="group.councillor_left", target_id=str(saved.pk)
    ).exists()


def test_overlapping_contract_is_refused(secretariat):
    contract = StaffContractFactory()
    with pytest.raises(ValidationError):
        services.add_contract(
            member=contract.staff_member,
            data={"starts_on": dt.date(2025, 6, 1), "ends_on": dt.date(2027, 5, 31)},
            acting_user=secretariat,
        )
    assert StaffContract.objects.count() == 1


def test_contract_ending_before_it_starts_is_refused(secretariat):
    member = StaffMemberFactory()
    with pytest.raises(ValidationError):
        services.add_contract(
            member=member,
            data={"starts_on": dt.date(2025, 6, 1), "ends_on": dt.date(2025, 5, 31)},
            acting_user=secretariat,
        )
    assert not StaffContract.objects.exists()
