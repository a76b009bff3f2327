import pytest

from hemicycle.council.tests.factories import BodyFactory
from hemicycle.group.tests.factories import CouncillorFactory
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes.models import VoteEvent


@pytest.fixture
def plenary_sitting(world):
    return SittingFactory(body=BodyFactory(term=world["term"], name="Séance plénière"))


@pytest.fixture
def scrutin(world, plenary_sitting):
    """A rapport whose line is "pour", its scrutin, and three more councillors: one absent
    without proxy, one represented by the élue persona's councillor, one present."""
    report = ReportFactory(sitting=plenary_sitting, number="2026-0150", title="Plan vélo")
    VoteLine.objects.create(report=report, position="pour")
    absent = CouncillorFactory(first_name="Paul", last_name="Absent")
    represented = CouncillorFactory(first_name="Rita", last_name="Représentée")
    present = CouncillorFactory(first_name="Ali", last_name="Présent")
    Attendance.objects.create(sitting=plenary_sitting, councillor=absent, status="absent")
    Attendance.objects.create(
        sitting=plenary_sitting,
        councillor=represented,
        status="represented",
        proxy_holder=world["councillor"],
    )
    Attendance.objects.create(sitting=plenary_sitting, councillor=present, status="present")
    event = VoteEvent.objects.create(sitting=plenary_sitting, report=report, title="Plan vélo")
    return {
        "event": event,
        "report": report,
        "absent": absent,
        "represented": represented,
        "present": present,
    }
