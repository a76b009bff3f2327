"""Test data for the agenda import: a séance with its mandature's commissions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

from hemicycle.council.models import Body, Term
from hemicycle.sittings.models import Report, Sitting

FIXTURES = Path(__file__).parent / "fixtures"


def make_sitting(term: Term | None = None) -> Sitting:
    term = term or Term.objects.create(
        name="Mandature 2021-2028", start_date=dt.date(2021, 7, 2), end_date=dt.date(2028, 3, 31)
    )
    plenary = Body.objects.create(
        term=term,
        kind=Body.Kind.PERMANENT,
        name="Commission permanente",
        short_name="CP",
        members_count=55,
    )
    for name, short in (
        ("Commission Lycées, formation", "Lycées"),
        ("Commission Agriculture et ruralité", "Agriculture"),
        ("Commission Transports et mobilités", "Mobilités"),
    ):
        Body.objects.create(
            term=term, kind=Body.Kind.COMMISSION, name=name, short_name=short, members_count=20
        )
    return Sitting.objects.create(
        body=plenary, starts_at=timezone.now() + dt.timedelta(days=20), place="lille"
    )


@pytest.fixture(name="sitting")
def sitting_fixture(db):
    return make_sitting()


@pytest.fixture(name="media_root", autouse=True)
def media_root_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def report_count() -> int:
    return Report.objects.count()
