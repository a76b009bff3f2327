"""Recording the group's votes in séance and the council's result."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import CouncilGroup
from hemicycle.filings.models import Filing
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.votes import selectors, services
from hemicycle.votes.models import GroupResult, Option, Recusal, Vote, VoteEvent

pytestmark = pytest.mark.django_db


def test_proposals_apply_line_attendance_proxy_and_recusal(scrutin, world):
    Recusal.objects.create(
        report=scrutin["report"], councillor=scrutin["present"], reason="Présidente du club"
    )
    rows = {r.councillor.pk: r for r in selectors.recording_rows(scrutin["event"])}
    assert rows[scrutin["absent"].pk].proposal.option == Option.NPPV
    assert rows[scrutin["absent"].pk].proposal.nppv_reason == "absent"
    assert rows[scrutin["represented"].pk].proposal.option == Option.POUR
    assert rows[scrutin["represented"].pk].proposal.proxy_holder == world["councillor"]
    assert rows[scrutin["present"].pk].proposal.nppv_reason == "deport"
    # No attendance recorded: the line is proposed.
    assert rows[world["councillor"].pk].proposal.option == Option.POUR


def test_confirm_records_every_proposal_once(scrutin, personas):
    done = services.confirm_proposals(vote_event=scrutin["event"], acting_user=personas["staff"])
    assert done == Vote.objects.count() == len(selectors.recording_rows(scrutin["event"]))
    represented = Vote.objects.get(councillor=scrutin["represented"])
    assert represented.proxy_holder is not None
    assert (
        services.confirm_proposals(vote_event=scrutin["event"], acting_user=personas["staff"]) == 0
    )


def test_a_repeated_tap_changes_nothing(scrutin, personas):
    for _ in range(2):
        services.record_vote(
            vote_event=scrutin["event"],
            councillor=scrutin["present"],
            option=Option.CONTRE,
            acting_user=personas["secretariat"],
        )
    vote = Vote.objects.get(councillor=scrutin["present"])
    assert vote.version == 1
    assert AuditEntry.objects.filter(action="votes.recorded").count() == 1


def test_absent_without_proxy_can_only_be_nppv(scrutin, personas):
    with pytest.raises(ValidationError, match="absent·e sans pouvoir"):
        services.record_vote(
            vote_event=scrutin["event"],
            councillor=scrutin["absent"],
            option=Option.POUR,
            acting_user=personas["secretariat"],
        )
    assert not Vote.objects.exists()


def test_recusal_forces_nppv_and_rewrites_an_earlier_vote(scrutin, personas):
    services.record_vote(
        vote_event=scrutin["event"],
        councillor=scrutin["present"],
        option=Option.POUR,
        acting_user=personas["secretariat"],
    )
    services.add_recusal(
        report=scrutin["report"],
        councillor=scrutin["present"],
        reason="Administratrice de l’association bénéficiaire",
        acting_user=personas["secretariat"],
    )
    vote = Vote.objects.get(councillor=scrutin["present"])
    assert (vote.option, vote.nppv_reason) == (Option.NPPV, "deport")
    with pytest.raises(ValidationError, match="déporté"):
        services.record_vote(
            vote_event=scrutin["event"],
            councillor=scrutin["present"],
            option=Option.CONTRE,
            acting_user=personas["secretariat"],
        )


def test_a_councillor_records_only_their_own_vote(scrutin, world, personas):
    services.record_vote(
        vote_event=scrutin["event"],
        councillor=world["councillor"],
        option=Option.ABSTENTION,
        acting_user=personas["councillor"],
    )
    with pytest.raises(PermissionDenied):
        services.record_vote(
            vote_event=scrutin["event"],
            councillor=scrutin["present"],
            option=Option.POUR,
            acting_user=personas["councillor"],
        )


def test_tap_over_htmx_returns_the_row(scrutin, client_for):
    url = reverse("votes:tap", args=[scrutin["event"].pk, scrutin["present"].pk])
    response = client_for("staff").post(url, {"option": "contre"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="elu-{scrutin["present"].pk}"' in html
    assert "hors consigne" in html and "Enregistré" in html
    refused = client_for("staff").post(
        reverse("votes:tap", args=[scrutin["event"].pk, scrutin["absent"].pk]),
        {"option": "pour"},
        HTTP_HX_REQUEST="true",
    )
    assert "absent·e sans pouvoir" in refused.content.decode()
    assert not Vote.objects.filter(councillor=scrutin["absent"]).exists()


def test_recording_page_query_count_is_fixed(scrutin, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hemicycle.group.tests.factories import CouncillorFactory

    client = client_for("secretariat")
    url = reverse("votes:record", args=[scrutin["event"].pk])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(10):
        CouncillorFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def _counts(world, own=(10, 2, 1, 1), ally=(0, 12, 0, 0), rival=(90, 0, 0, 0)):
    return {world["own"].pk: own, world["ally"].pk: ally, world["rival"].pk: rival}


def test_result_is_computed_from_the_counts(scrutin, world, personas):
    event = services.record_result(
        vote_event=scrutin["event"],
        counts=_counts(world),
        mode=VoteEvent.Mode.PUBLIC,
        result="",
        tie_break="",
        expected_version=scrutin["event"].version,
        acting_user=personas["secretariat"],
    )
    assert event.result == VoteEvent.Result.ADOPTED
    assert GroupResult.objects.count() == 3


def test_counts_above_a_group_size_are_refused(scrutin, world, personas):
    data = {world["own"].pk: (15, 0, 0, 0), world["rival"].pk: (50, 0, 0, 0)}
    with pytest.raises(ValidationError, match="15 voix pour 14"):
        services.record_result(
            vote_event=scrutin["event"],
            counts=data,
            mode=VoteEvent.Mode.PUBLIC,
            result="",
            tie_break="",
            expected_version=None,
            acting_user=personas["secretariat"],
        )
    assert not GroupResult.objects.exists()


def test_a_tie_needs_the_presidents_casting_vote(scrutin, world, personas):
    tie = {world["own"].pk: (12, 0, 0, 0), world["ally"].pk: (0, 12, 0, 0)}
    with pytest.raises(ValidationError, match="voix prépondérante"):
        services.record_result(
            vote_event=scrutin["event"],
            counts=tie,
            mode=VoteEvent.Mode.PUBLIC,
            result="",
            tie_break="",
            expected_version=None,
            acting_user=personas["secretariat"],
        )
    event = services.record_result(
        vote_event=scrutin["event"],
        counts=tie,
        mode=VoteEvent.Mode.PUBLIC,
        result="",
        tie_break=Option.CONTRE,
        expected_version=None,
        acting_user=personas["secretariat"],
    )
    assert event.result == VoteEvent.Result.REJECTED


def test_a_declared_result_must_match_the_counts(scrutin, world, personas):
    with pytest.raises(ValidationError, match="ne correspond pas"):
        services.record_result(
            vote_event=scrutin["event"],
            counts=_counts(world),
            mode=VoteEvent.Mode.PUBLIC,
            result=VoteEvent.Result.REJECTED,
            tie_break="",
            expected_version=None,
            acting_user=personas["secretariat"],
        )


def test_result_page_refuses_a_group_above_its_size(scrutin, world, client_for):
    url = reverse("votes:result", args=[scrutin["event"].pk])
    client = client_for("secretariat")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {"mode": "public", f"g{world['own'].pk}_pour": "20", "version": scrutin["event"].version},
    )
    assert response.status_code == 200
    assert "Rien n’a été enregistré" in response.content.decode()
    assert not GroupResult.objects.exists()


def test_open_scrutins_orders_amendments_before_their_report(world, plenary_sitting, personas):
    from hemicycle.sittings.tests.factories import ReportFactory

    first = ReportFactory(sitting=plenary_sitting, order=1)
    second = ReportFactory(sitting=plenary_sitting, order=2)
    amendment = FilingFactory(report=second, status=Filing.Status.FILED)
    FilingFactory(report=second)  # a draft is not voted
    created = services.open_scrutins(sitting=plenary_sitting, acting_user=personas["secretariat"])
    assert [(e.report_id, e.filing_id) for e in created] == [
        (first.pk, None),
        (second.pk, amendment.pk),
        (second.pk, None),
    ]
    assert (
        services.open_scrutins(sitting=plenary_sitting, acting_user=personas["secretariat"]) == []
    )
    assert CouncilGroup.objects.exists()
