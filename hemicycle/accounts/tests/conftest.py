"""Fixtures of the accounts tests: a small agenda for the calendar feed tests."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from hemicycle.council.models import Body, FilingKind, FilingRule
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.filings.models import Filing, FilingShare
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.group.tests.factories import StaffContractFactory
from hemicycle.sittings.models import Sitting
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory


@pytest.fixture
def agenda(world):
    """A plenary in 20 days with a 72 h amendment rule, a commission, a cancelled séance,
    a shared filing, a written question due in 10 days and a contract ending in 30 days."""
    term = world["term"]
    plenary = BodyFactory(term=term, name="Assemblée plénière", short_name="Plénière")
    commission = BodyFactory(
        term=term, kind=Body.Kind.COMMISSION, name="Commission Transports", short_name="Transports"
    )
    FilingRule.objects.create(term=term, kind=FilingKind.AMENDEMENT, deadline_hours=72)
    now = timezone.now().replace(microsecond=0)
    sitting = SittingFactory(
        body=plenary,
        starts_at=now + dt.timedelta(days=20),
        ends_at=now + dt.timedelta(days=20, hours=6),
    )
    report = ReportFactory(sitting=sitting)
    shared = FilingFactory(report=report, title="Gratuité des TER", status=Filing.Status.FILED)
    FilingShare.objects.create(filing=shared, council_group=world["ally"])
    question = FilingFactory(
        report=None,
        sitting=None,
        kind=FilingKind.QUESTION_ECRITE,
        title="Lignes TER supprimées",
        due_at=now + dt.timedelta(days=10),
    )
    return {
        "sitting": sitting,
        "commission_sitting": SittingFactory(body=commission, starts_at=now + dt.timedelta(days=5)),
        "cancelled": SittingFactory(
            body=commission, starts_at=now + dt.timedelta(days=6), status=Sitting.Status.CANCELLED
        ),
        "shared": shared,
        "question": question,
        "contract": StaffContractFactory(
            starts_on=dt.date.today() - dt.timedelta(days=300),
            ends_on=dt.date.today() + dt.timedelta(days=30),
        ),
    }
