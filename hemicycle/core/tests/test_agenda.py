"""The calendar registry and the agenda page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import calendar
from hemicycle.council.models import Body
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.group.tests.factories import StaffContractFactory
from hemicycle.sittings.models import Sitting
from hemicycle.sittings.tests.factories import SittingFactory

URL = reverse("agenda:agenda")


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def month(world):
    """Three séances in the middle of next month (a plenary, a commission, one cancelled)."""
    first = (timezone.localdate().replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    plenary = BodyFactory(term=world["term"], name="Assemblée plénière", short_name="Plénière")
    commission = BodyFactory(
        term=world["term"], kind=Body.Kind.COMMISSION, name="Commission Lycées"
    )
    return {
        "first": first,
        "plenary": SittingFactory(body=plenary, starts_at=_at(first + dt.timedelta(days=14))),
        "commission": SittingFactory(
            body=commission, starts_at=_at(first + dt.timedelta(days=15), 14)
        ),
        "cancelled": SittingFactory(
            body=commission,
            starts_at=_at(first + dt.timedelta(days=16)),
            status=Sitting.Status.CANCELLED,
        ),
    }


def test_sequence_of_starts_at_zero_and_adds_versions():
    class V:
        def __init__(self, version: int) -> None:
            self.version = version

    assert calendar.sequence_of(V(1)) == 0
    assert calendar.sequence_of(V(3), V(2), None) == 3


def test_items_for_filters_kinds_without_calling_other_sources(personas, month):
    user = personas["councillor"]
    start = _at(month["first"], 0)
    end = start + dt.timedelta(days=40)
    every = calendar.items_for(user, start, end)
    assert [i.start for i in every] == sorted(i.start for i in every)
    with CaptureQueriesContext(connection) as ctx:
        only = calendar.items_for(user, start, end, kinds=["sittings.commission"])
    assert {i.kind for i in only} == {"sittings.commission"}
    assert len(only) == 2
    assert len(ctx.captured_queries) == 1  # the séances source alone ran


def test_kinds_follow_permissions(personas):
    keys = {p: {k.key for k in calendar.kinds_for(personas[p])} for p in personas}
    assert "group.contract" in keys["bureau"] and "group.contract" not in keys["councillor"]
    assert "sittings.deadline" in keys["staff"] and "sittings.deadline" not in keys["observer"]
    assert keys["partner"] == {"filings.due"}


@pytest.mark.parametrize("view", ["mois", "semaine", "liste"])
def test_agenda_shows_the_séances_in_each_view(client_for, month, view):
    date = month["first"] + dt.timedelta(days=14)
    response = client_for("councillor").get(URL, {"vue": view, "date": date.isoformat()})
    assert response.status_code == 200
    page = response.content.decode()
    assert reverse("sittings:sitting_detail", args=[month["plenary"].pk]) in page
    assert "Assemblée plénière" in page
    if view != "semaine":  # the week of the 15th holds all three
        assert "Commission Lycées (annulée)" in page
    assert 'aria-current="page"' in page


def test_agenda_kind_filter(client_for, month):
    response = client_for("councillor").get(
        URL, {"vue": "liste", "date": month["first"].isoformat(), "type": "sittings.plenary"}
    )
    page = response.content.decode()
    assert "Assemblée plénière" in page and "Commission Lycées" not in page
    assert "&amp;type=sittings.plenary" in page  # navigation keeps the filter


@pytest.mark.parametrize(
    "params",
    [
        {"vue": "annee", "date": "2026-13-45"},
        {"date": "0001-01-01"},
        {"type": "group.contract"},  # not the councillor's: ignored
        {"date": "<script>"},
    ],
)
def test_agenda_bad_parameters_fall_back_quietly(client_for, month, params):
    response = client_for("councillor").get(URL, params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[-1]


def test_contract_ends_are_for_the_bureau(client_for, world):
    contract = StaffContractFactory(
        starts_on=timezone.localdate() - dt.timedelta(days=100),
        ends_on=timezone.localdate() + dt.timedelta(days=2),
    )
    day = contract.ends_on.isoformat()
    name = str(contract.staff_member)
    assert name in client_for("bureau").get(URL, {"vue": "liste", "date": day}).content.decode()
    councillor_page = client_for("councillor").get(URL, {"vue": "liste", "date": day})
    assert name not in councillor_page.content.decode()


@pytest.mark.usefixtures("build_every_time")
def test_agenda_query_count_does_not_grow_with_items(client_for, month):
    client = client_for("bureau")
    params = {"vue": "mois", "date": month["first"].isoformat()}
    client.get(URL, params)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, params).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(20):
        SittingFactory(
            body=month["plenary"].body, starts_at=_at(month["first"] + dt.timedelta(days=i))
        )
        StaffContractFactory(ends_on=month["first"] + dt.timedelta(days=i + 1))
    assert count() == few
