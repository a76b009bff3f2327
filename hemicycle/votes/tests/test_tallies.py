"""The group's tallies follow every write to the votes: a vote, a changed vote, a déport,
a councillor changing party; and the analysis reads them in a fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hemicycle.group import services as group_services
from hemicycle.group.tests.factories import PartyFactory
from hemicycle.votes import analysis, services, tallies
from hemicycle.votes.models import Option, PartyTally, ScrutinTally


def _tally(event):
    t = ScrutinTally.objects.get(vote_event=event)
    return (t.pour, t.contre, t.abstention, t.nppv, t.options)


def _party(event, party):
    t = PartyTally.objects.get(vote_event=event, party=party)
    return (t.pour, t.contre, t.abstention)


def _record(event, councillor, option, user):
    services.record_vote(vote_event=event, councillor=councillor, option=option, acting_user=user)


def test_recording_and_changing_a_vote_recounts(scrutin, world, personas):
    event, user = scrutin["event"], personas["secretariat"]
    _record(event, scrutin["present"], Option.POUR, user)
    _record(event, world["councillor"], Option.POUR, user)
    assert _tally(event) == (2, 0, 0, 0, 1)
    _record(event, scrutin["present"], Option.CONTRE, user)
    assert _tally(event) == (1, 1, 0, 0, 2)
    assert [e.pk for e in analysis.split_votes()] == [event.pk]


def test_absence_and_recusal_are_not_counted_as_choices(scrutin, world, personas):
    event, user = scrutin["event"], personas["secretariat"]
    _record(event, scrutin["absent"], Option.NPPV, user)
    _record(event, scrutin["present"], Option.CONTRE, user)
    _record(event, world["councillor"], Option.POUR, user)
    assert _tally(event) == (1, 1, 0, 0, 2)
    services.add_recusal(
        report=scrutin["report"],
        councillor=scrutin["present"],
        reason="Membre du conseil d’administration du bénéficiaire",
        acting_user=user,
    )
    # The contre became NPPV (déport): no longer a choice, no longer a split.
    assert _tally(event) == (1, 0, 0, 0, 1)
    assert list(analysis.split_votes()) == []


def test_party_tallies_and_a_change_of_party(
    scrutin, world, personas, django_capture_on_commit_callbacks
):
    event, user = scrutin["event"], personas["secretariat"]
    eelv, lfi = PartyFactory(short_name="EELV"), PartyFactory(short_name="LFI")
    present = scrutin["present"]
    present.party = eelv
    present.save()
    world["councillor"].party = eelv
    world["councillor"].save()
    _record(event, present, Option.POUR, user)
    _record(event, world["councillor"], Option.CONTRE, user)
    assert _party(event, eelv) == (1, 1, 0)
    assert {p.short_name: p.cohesion for p in analysis.party_cohesion()}["EELV"] == 0.25

    # Moving to another party recounts the scrutins the councillor voted in.
    present.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        group_services.update_councillor(
            councillor=present,
            data={"party": lfi},
            expected_version=present.version,
            acting_user=user,
        )
    assert _party(event, eelv) == (0, 1, 0)
    assert _party(event, lfi) == (1, 0, 0)


def test_unaffiliated_cohesion(scrutin, world, personas):
    event, user = scrutin["event"], personas["secretariat"]
    for councillor in (scrutin["present"], world["councillor"]):
        councillor.party = None
        councillor.save()
    _record(event, scrutin["present"], Option.POUR, user)
    _record(event, world["councillor"], Option.POUR, user)
    assert analysis.unaffiliated_cohesion() == {"cohesion": 1.0, "scrutins": 1}


def test_refresh_is_idempotent_and_covers_scrutins_without_votes(scrutin):
    tallies.refresh([scrutin["event"].pk])
    tallies.refresh([scrutin["event"].pk])
    assert _tally(scrutin["event"]) == (0, 0, 0, 0, 0)
    assert tallies.refresh_all() == 1


@pytest.mark.usefixtures("build_every_time")
@pytest.mark.parametrize("extra", [0, 40])
def test_analysis_page_query_count_does_not_grow(
    extra, scrutin, world, personas, client_for, django_assert_num_queries
):
    from hemicycle.sittings.tests.factories import ReportFactory
    from hemicycle.votes.models import VoteEvent

    sitting = scrutin["event"].sitting
    user = personas["secretariat"]
    # A split in every case, so that both pages have a table and its votes to show.
    _record(scrutin["event"], scrutin["present"], Option.POUR, user)
    _record(scrutin["event"], world["councillor"], Option.CONTRE, user)
    for n in range(extra):
        report = ReportFactory(sitting=sitting, number=f"2026-{n:04d}")
        event = VoteEvent.objects.create(sitting=sitting, report=report, title=report.title)
        _record(event, scrutin["present"], Option.POUR, user)
        _record(event, world["councillor"], Option.CONTRE if n % 2 else Option.POUR, user)
    client = client_for("secretariat")
    client.get(reverse("votes:analysis"))  # warm the session and caches
    with django_assert_num_queries(ANALYSIS_QUERIES):
        assert client.get(reverse("votes:analysis")).status_code == 200


# Session and user, header, the page: the same for 1 scrutin or 41.
ANALYSIS_QUERIES = 21


def test_refresh_command_recounts_votes_loaded_without_the_services(scrutin, world):
    from io import StringIO

    from django.core.management import call_command

    from hemicycle.votes.models import Vote

    Vote.objects.create(vote_event=scrutin["event"], councillor=world["councillor"], option="pour")
    out = StringIO()
    call_command("refresh_vote_tallies", stdout=out)
    assert "1 scrutin(s) recompté(s)" in out.getvalue()
    assert _tally(scrutin["event"]) == (1, 0, 0, 0, 1)
