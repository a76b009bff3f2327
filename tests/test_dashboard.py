"""The dashboard: a fixed number of queries per persona, whatever the data; order; urgency.

The same world is measured twice, once small and once ten times larger: every panel the
persona sees must cost the same queries both times (a panel that loops over its rows with
a query each shows here as a count that grows).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import dashboard
from hemicycle.core.models import Notification

# Measured on the world below; equal for the small and the large data set.
QUERIES = {
    "secretariat": 20,
    "president": 18,
    "bureau": 20,
    "councillor": 18,
    "staff": 17,
    "partner": 8,
    "observer": 11,
    "outsider": 5,
}


def _grow(world, personas, n):
    """Add `n` of everything a dashboard panel lists, for every persona."""
    from hemicycle.council.models import FilingKind, FilingRule
    from hemicycle.council.tests.factories import BodyFactory, RosterMemberFactory
    from hemicycle.filings.models import Filing, FilingShare
    from hemicycle.filings.tests.factories import FilingFactory
    from hemicycle.group.tests.factories import (
        CouncillorFactory,
        PartyFactory,
        StaffContractFactory,
    )
    from hemicycle.positions.models import FollowUp
    from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

    term = world["term"]
    FilingRule.objects.get_or_create(
        term=term, kind=FilingKind.AMENDEMENT, defaults={"deadline_hours": 72}
    )
    body = BodyFactory(term=term)
    today = timezone.localdate()
    for i in range(n):
        sitting = SittingFactory(body=body, starts_at=timezone.now() + dt.timedelta(days=2 + i))
        for _ in range(2):
            report = ReportFactory(sitting=sitting)
            FollowUp.objects.create(report=report, referent=world["councillor"])
            mine = FilingFactory(
                report=report, author=world["councillor"], created_by=personas["councillor"]
            )
            shared = FilingFactory(
                report=report, author=world["president_councillor"], status=Filing.Status.FILED
            )
            FilingShare.objects.create(filing=shared, council_group=world["ally"])
            del mine
        StaffContractFactory(
            starts_on=today - dt.timedelta(days=400), ends_on=today + dt.timedelta(days=30)
        )
        CouncillorFactory(party=PartyFactory(name=f"Parti {n}-{i}", short_name=f"P{n}-{i}"))
        RosterMemberFactory(term=term, council_group=world["rival"])
        for user in personas.values():
            Notification.objects.create(recipient=user, kind="core.test", title=f"Rappel {i}")


@pytest.mark.usefixtures("build_every_time")
@pytest.mark.parametrize("name", list(QUERIES))
def test_dashboard_query_count_does_not_grow_with_data(
    name, world, personas, client_for, django_assert_num_queries
):
    client = client_for(name)
    url = reverse("core:dashboard")
    _grow(world, personas, 1)
    client.get(url)  # warm the session and the content-type cache
    with django_assert_num_queries(QUERIES[name]):
        small = client.get(url)
    _grow(world, personas, 9)
    with django_assert_num_queries(QUERIES[name]):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert [p["panel"].key for p in small.context["panels"]] == [
        p["panel"].key for p in large.context["panels"]
    ]


def _keys(client_for, name):
    return [
        p["panel"].key for p in client_for(name).get(reverse("core:dashboard")).context["panels"]
    ]


def test_each_role_sees_its_panels_deadlines_first(world, personas, client_for):
    _grow(world, personas, 1)
    councillor = _keys(client_for, "councillor")
    assert councillor[:3] == ["sittings.upcoming", "filings.deadlines", "positions.my_reports"]
    assert "group.contracts" not in councillor
    assert _keys(client_for, "secretariat")[:4] == [
        "sittings.upcoming",
        "filings.deadlines",
        "group.contracts",
        "positions.my_reports",
    ]
    assert _keys(client_for, "partner") == ["filings.shared"]
    observer = _keys(client_for, "observer")
    assert "filings.deadlines" not in observer and "positions.my_reports" not in observer
    assert observer[0] == "sittings.upcoming"
    assert _keys(client_for, "outsider") == ["filings.shared"]


def test_councillor_sees_own_filings_secretariat_sees_all(world, personas, client_for):
    from hemicycle.filings.tests.factories import FilingFactory

    _grow(world, personas, 1)
    other = FilingFactory(author=world["president_councillor"])

    def filings(name):
        response = client_for(name).get(reverse("core:dashboard"))
        (panel,) = [p for p in response.context["panels"] if p["panel"].key == "filings.deadlines"]
        return {f.pk for f in panel["filings"]}

    assert other.pk not in filings("councillor")
    assert other.pk in filings("secretariat")


def test_urgent_strip_says_what_is_due_in_words(world, personas, client_for):
    _grow(world, personas, 1)
    response = client_for("councillor").get(reverse("core:dashboard"))
    html = response.content.decode()
    assert "À traiter en priorité" in html
    # The filing's deadline is 72 h before a séance two days away: already passed.
    assert "En retard" in html and "dépôts hors délai" in html
    summary = response.context["summary"]
    assert summary[0]["urgent"].level == "alert"
    assert summary[0]["anchor"] == "panel-filings-deadlines"
    assert 'id="panel-filings-deadlines"' in html


def test_calm_strip_and_empty_states(world, client_for):
    html = client_for("councillor").get(reverse("core:dashboard")).content.decode()
    assert "Rien d’urgent" in html
    assert "Aucune séance prévue." in html
    assert "Aucun dépôt en cours." in html


def test_when_reads_like_a_person():
    now = timezone.make_aware(dt.datetime(2026, 11, 30, 9, 0))  # a Monday
    assert dashboard.when(now.replace(hour=12), now) == "aujourd’hui 12 h"
    assert dashboard.when(now + dt.timedelta(days=1, hours=3, minutes=30), now) == "demain 12 h 30"
    assert dashboard.when(now + dt.timedelta(days=3), now) == "jeudi 9 h"
    assert dashboard.when(now + dt.timedelta(days=10), now) == "10 décembre"
