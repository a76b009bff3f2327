from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hemicycle.core.models import AuditEntry
from hemicycle.group.tests.factories import StaffMemberFactory
from hemicycle.positions import selectors, services
from hemicycle.positions.models import Brief, BriefVersion, FollowUp, Speech, VoteLine

pytestmark = pytest.mark.django_db


def test_assign_records_an_audit_row(report, personas, world):
    staff = StaffMemberFactory()
    follow_up = services.assign(
        report=report,
        data={"referent": world["councillor"], "staff_member": staff, "priority": "high"},
        expected_version=None,
        acting_user=personas["secretariat"],
    )
    assert follow_up.referent == world["councillor"]
    assert follow_up.priority == FollowUp.Priority.HIGH
    assert AuditEntry.objects.filter(action="positions.follow_up.assigned").count() == 1


@pytest.mark.parametrize("persona", ["councillor", "bureau", "partner", "observer"])
def test_assign_refused_changes_nothing(report, personas, world, persona):
    with pytest.raises(PermissionDenied):
        services.assign(
            report=report,
            data={"referent": world["councillor"], "priority": "high"},
            expected_version=None,
            acting_user=personas[persona],
        )
    assert not FollowUp.objects.filter(referent__isnull=False).exists()
    assert not AuditEntry.objects.filter(action__startswith="positions.").exists()


def test_first_note_moves_follow_up_to_analysing(report, personas):
    version = services.write_brief_version(
        report=report, text="Enjeux.", base_number=0, acting_user=personas["staff"]
    )
    assert version.number == 1
    assert FollowUp.objects.get(report=report).status == FollowUp.Status.ANALYSING
    second = services.write_brief_version(
        report=report, text="Enjeux, v2.", base_number=1, acting_user=personas["staff"]
    )
    assert second.number == 2
    assert AuditEntry.objects.filter(action="positions.brief.version_added").count() == 2


def test_referent_councillor_may_write_but_not_another_councillor(report, personas, world):
    with pytest.raises(PermissionDenied):
        services.write_brief_version(
            report=report, text="x", base_number=0, acting_user=personas["councillor"]
        )
    services.assign(
        report=report,
        data={"referent": world["councillor"]},
        expected_version=None,
        acting_user=personas["secretariat"],
    )
    services.write_brief_version(
        report=report, text="Mon analyse.", base_number=0, acting_user=personas["councillor"]
    )
    assert BriefVersion.objects.count() == 1


def test_concurrent_note_edit_is_refused(report, personas):
    services.write_brief_version(
        report=report, text="Version A", base_number=0, acting_user=personas["staff"]
    )
    with pytest.raises(services.BriefConflict) as exc:
        services.write_brief_version(
            report=report, text="Version B", base_number=0, acting_user=personas["secretariat"]
        )
    assert exc.value.latest.text == "Version A"
    assert BriefVersion.objects.count() == 1


# (starting status, service, allowed)
TRANSITIONS = [
    ("draft", services.submit_brief, True),
    ("draft", services.validate_brief, False),
    ("draft", services.return_brief, False),
    ("review", services.submit_brief, False),
    ("review", services.validate_brief, True),
    ("review", services.return_brief, True),
    ("validated", services.submit_brief, False),
    ("validated", services.validate_brief, False),
    ("validated", services.return_brief, False),
]


@pytest.mark.parametrize(("start", "service", "allowed"), TRANSITIONS)
def test_brief_transitions_table(report, personas, start, service, allowed):
    services.write_brief_version(
        report=report, text="Texte", base_number=0, acting_user=personas["staff"]
    )
    Brief.objects.filter(report=report).update(status=start)
    audits = AuditEntry.objects.count()
    if allowed:
        service(report=report, acting_user=personas["secretariat"])
        assert Brief.objects.get(report=report).status != start
        assert AuditEntry.objects.count() == audits + 1
    else:
        with pytest.raises(ValidationError):
            service(report=report, acting_user=personas["secretariat"])
        assert Brief.objects.get(report=report).status == start
        assert AuditEntry.objects.count() == audits


def test_validation_sets_follow_up_status_and_needs_bureau(report, personas):
    services.write_brief_version(
        report=report, text="Texte", base_number=0, acting_user=personas["staff"]
    )
    services.submit_brief(report=report, acting_user=personas["staff"])
    with pytest.raises(PermissionDenied):
        services.validate_brief(report=report, acting_user=personas["staff"])
    brief = services.validate_brief(report=report, acting_user=personas["bureau"])
    assert brief.status == Brief.Status.VALIDATED
    assert brief.validated_by == personas["bureau"]
    assert FollowUp.objects.get(report=report).status == FollowUp.Status.BRIEF_VALIDATED


def test_submit_an_empty_note_is_refused(report, personas):
    with pytest.raises(ValidationError):
        services.submit_brief(report=report, acting_user=personas["staff"])


def test_vote_line_sets_status_and_only_leadership(report, personas):
    with pytest.raises(PermissionDenied):
        services.set_vote_line(
            report=report,
            data={"position": "pour"},
            expected_version=None,
            acting_user=personas["bureau"],
        )
    assert not VoteLine.objects.exists()
    services.set_vote_line(
        report=report,
        data={"position": "contre", "explanation": "Nous votons contre."},
        expected_version=None,
        acting_user=personas["president"],
    )
    line = services.set_vote_line(
        report=report,
        data={"position": "abstention", "explanation": "Abstention."},
        expected_version=1,
        acting_user=personas["secretariat"],
    )
    assert line.position == "abstention"
    assert FollowUp.objects.get(report=report).status == FollowUp.Status.LINE_SET
    assert AuditEntry.objects.filter(action="positions.line.set").count() == 2


def test_speeches_and_speaking_time_warning(report, personas, world, sitting):
    speech = services.add_speech(
        report=report,
        data={"councillor": world["councillor"], "planned_minutes": Decimal("6")},
        acting_user=personas["staff"],
    )
    assert not selectors.speaking_time(sitting)["over"]
    services.add_speech(
        report=report,
        data={"councillor": world["president_councillor"], "planned_minutes": Decimal("5")},
        acting_user=personas["secretariat"],
    )
    speaking = selectors.speaking_time(sitting)
    assert speaking["used"] == Decimal("11") and speaking["available"] == 10
    assert speaking["over"]
    with pytest.raises(PermissionDenied):
        services.archive_speech(
            speech=speech, expected_version=None, acting_user=personas["councillor"]
        )
    services.archive_speech(
        speech=speech, expected_version=None, acting_user=personas["secretariat"]
    )
    # Archived, not deleted: it no longer counts in the séance's speaking time.
    assert Speech.objects.count() == 2
    assert Speech.objects.current().count() == 1
    assert selectors.speaking_time(sitting)["used"] == Decimal("5")
    assert AuditEntry.objects.filter(action="positions.speech.archived").count() == 1
