"""Séances and rapports for the follow-up tests, built without the sittings factories
(written concurrently by another area) so these tests stand alone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from hemicycle.council.models import Body
from hemicycle.sittings.models import Report, Sitting


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def body(world) -> Body:
    return Body.objects.create(
        term=world["term"],
        kind=Body.Kind.PLENARY,
        name="Assemblée plénière",
        short_name="Plénière",
        members_count=170,
        group_speaking_minutes=10,
    )


@pytest.fixture
def make_sitting(body) -> Callable[..., Sitting]:
    def make(days: int = 10, **kwargs) -> Sitting:
        return Sitting.objects.create(
            body=body,
            starts_at=timezone.now() + dt.timedelta(days=days),
            place="lille",
            **kwargs,
        )

    return make


@pytest.fixture
def sitting(make_sitting) -> Sitting:
    return make_sitting(title="Plénière de décembre")


@pytest.fixture
def make_reports(sitting) -> Callable[..., list[Report]]:
    def make(n: int, target: Sitting | None = None) -> list[Report]:
        s = target or sitting
        start = Report.objects.filter(sitting=s).count()
        return Report.objects.bulk_create(
            Report(
                sitting=s,
                number=f"2026.{start + i + 1:03d}",
                title=f"Aide régionale aux mobilités douces n° {start + i + 1}",
                order=start + i,
                amount=1500000,
                summary="Un rapport de test.\nDeuxième ligne.",
            )
            for i in range(n)
        )

    return make


@pytest.fixture
def report(make_reports) -> Report:
    return make_reports(1)[0]
