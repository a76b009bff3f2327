"""The CSV of individual votes: French Excel format, members only, fixed query count."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from hemicycle.council.tests.factories import BodyFactory
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.group.tests.factories import CouncillorFactory
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes.exports_views import CSV_HEADER
from hemicycle.votes.models import Vote, VoteEvent

pytestmark = pytest.mark.django_db

URL = "votes:votes_csv"


@pytest.fixture
def recorded(world):
    sitting = SittingFactory(
        body=BodyFactory(term=world["term"], name="Séance plénière", short_name="Plénière"),
        starts_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),
    )
    report = ReportFactory(sitting=sitting, number="2026-0150", title="Plan vélo")
    VoteLine.objects.create(report=report, position="pour")
    event = VoteEvent.objects.create(sitting=sitting, report=report, title="Plan vélo", order=1)
    represented = CouncillorFactory(first_name="Rita", last_name="Représentée")
    Vote.objects.create(vote_event=event, councillor=world["councillor"], option="pour")
    Vote.objects.create(
        vote_event=event, councillor=represented, option="contre", proxy_holder=world["councillor"]
    )
    Vote.objects.create(
        vote_event=event,
        councillor=world["president_councillor"],
        option="nppv",
        nppv_reason="deport",
    )
    # An amendment to the same rapport: the rapport's line says nothing about it.
    filing = FilingFactory(report=report, title="Amendement")
    amendment = VoteEvent.objects.create(
        sitting=sitting, filing=filing, title="=Amendement n° 1", order=2
    )
    Vote.objects.create(vote_event=amendment, councillor=world["councillor"], option="contre")
    other_sitting = SittingFactory(body=sitting.body)
    other = VoteEvent.objects.create(
        sitting=other_sitting, report=ReportFactory(sitting=other_sitting), title="Autre séance"
    )
    Vote.objects.create(vote_event=other, councillor=world["councillor"], option="abstention")
    return {"sitting": sitting, "event": event, "other_sitting": other_sitting}


def read(response):
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def test_csv_lists_every_vote_with_the_groups_line(client_for, recorded):
    response = client_for("councillor").get(reverse(URL), {"seance": recorded["sitting"].pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="votes-du-groupe-2026-03-12.csv"'
    )
    rows = read(response)
    assert tuple(rows[0]) == CSV_HEADER
    assert rows[1:] == [
        ["12/03/2026", "Plénière", "Plan vélo", "2026-0150", "Nadia Élue",
         "Pour", "", "", "Pour", "non"],
        ["12/03/2026", "Plénière", "Plan vélo", "2026-0150", "Claire Présidente",
         "Ne prend pas part au vote", "Déport", "", "Pour", "non"],
        ["12/03/2026", "Plénière", "Plan vélo", "2026-0150", "Rita Représentée",
         "Contre", "", "Nadia Élue", "Pour", "oui"],
        # A title starting with "=" would be a formula in a spreadsheet: neutralised.
        ["12/03/2026", "Plénière", "'=Amendement n° 1", "", "Nadia Élue",
         "Contre", "", "", "", ""],
    ]  # fmt: skip


def test_csv_without_filter_covers_every_sitting(client_for, recorded):
    response = client_for("staff").get(reverse(URL))
    rows = read(response)
    assert len(rows) == 1 + 5
    assert response["Content-Disposition"] == 'attachment; filename="votes-du-groupe.csv"'
    assert "Autre séance" in {row[2] for row in rows}


def test_crlf_line_endings_for_excel(client_for, recorded):
    content = client_for("secretariat").get(reverse(URL)).content
    assert content.count(b"\r\n") == 6


@pytest.mark.parametrize("value", ["abc", "999999", "-1", "1e3"])
def test_a_bad_or_unknown_sitting_is_not_found(client_for, recorded, value):
    assert client_for("secretariat").get(reverse(URL), {"seance": value}).status_code == 404


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("secretariat", 200),
        ("president", 200),
        ("bureau", 200),
        ("councillor", 200),
        ("staff", 200),
        ("partner", 404),
        ("observer", 404),
        ("outsider", 404),
    ],
)
def test_only_members_download_the_votes(client_for, recorded, name, status):
    assert client_for(name).get(reverse(URL)).status_code == status


def test_anonymous_is_sent_to_login(client_for, recorded):
    response = client_for("anonymous").get(reverse(URL))
    assert response.status_code == 302
    assert "/compte/connexion/" in response["Location"]


def test_query_count_does_not_grow_with_rows(
    client_for, world, recorded, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("secretariat")
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(URL))
    sitting = recorded["sitting"]
    for index in range(10):
        report = ReportFactory(sitting=sitting)
        VoteLine.objects.create(report=report, position="contre")
        event = VoteEvent.objects.create(sitting=sitting, report=report, title=f"Rapport {index}")
        for councillor in (world["councillor"], world["president_councillor"]):
            Vote.objects.create(
                vote_event=event,
                councillor=councillor,
                option="pour",
                proxy_holder=world["councillor"] if councillor != world["councillor"] else None,
            )
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(URL))
    assert len(read(response)) == 1 + 5 + 20
