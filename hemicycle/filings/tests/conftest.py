import datetime as dt

import pytest
from django.utils import timezone

from hemicycle.council.models import FilingKind, FilingRule
from hemicycle.council.tests.factories import BodyFactory, RosterMemberFactory
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory


@pytest.fixture
def plenary(world):
    body = BodyFactory(term=world["term"], name="Séance plénière", short_name="Plénière")
    return SittingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=20))


@pytest.fixture
def amendment_rule(world):
    return FilingRule.objects.create(
        term=world["term"], kind=FilingKind.AMENDEMENT, deadline_hours=72, max_per_sitting=2
    )


@pytest.fixture
def report(plenary):
    return ReportFactory(sitting=plenary, number="2026-0142", title="Transports scolaires")


@pytest.fixture
def draft(world, report, amendment_rule, personas):
    """An amendment by the élue persona's councillor."""
    return FilingFactory(report=report, author=world["councillor"], created_by=personas["staff"])


@pytest.fixture
def ally_member(world):
    return RosterMemberFactory(
        term=world["term"], first_name="Martine", last_name="Alliée", council_group=world["ally"]
    )


@pytest.fixture
def rival_member(world):
    return RosterMemberFactory(
        term=world["term"], first_name="Paul", last_name="Rival", council_group=world["rival"]
    )
