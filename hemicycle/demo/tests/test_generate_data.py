"""generate_data: the proportions of a mandature, determinism, refusal, several mandatures.

`--fraction 0.01` keeps 1 % of the séances and filings (each séance keeps its full size:
60 rapports in a plenary, 300 in a commission permanente), so that a run takes a second
or two and every ratio below is the one of a full mandature.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from hemicycle.accounts.models import User
from hemicycle.council.models import Body, CouncilGroup, RosterMember, Term
from hemicycle.filings.models import Filing, FilingAuthor, FilingVersion
from hemicycle.group.models import Councillor, Group, Party
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance, Report, Sitting
from hemicycle.votes import tallies
from hemicycle.votes.models import GroupResult, PartyTally, Recusal, ScrutinTally, Vote, VoteEvent

SMALL = ("--fraction", "0.01", "--verbosity", "0")


def counts() -> dict[str, Any]:
    return {
        "users": User.objects.count(),
        "terms": Term.objects.count(),
        "groups": Group.objects.count(),
        "parties": Party.objects.count(),
        "councillors": Councillor.objects.count(),
        "council_groups": CouncilGroup.objects.count(),
        "seats": CouncilGroup.objects.aggregate(s=Sum("seats"))["s"],
        "roster": RosterMember.objects.count(),
        "bodies": Body.objects.count(),
        "plenaries": Sitting.objects.filter(body__kind=Body.Kind.PLENARY).count(),
        "permanent": Sitting.objects.filter(body__kind=Body.Kind.PERMANENT).count(),
        "commission_meetings": Sitting.objects.filter(body__kind=Body.Kind.COMMISSION).count(),
        "reports": Report.objects.count(),
        "lines": VoteLine.objects.count(),
        "attendance": Attendance.objects.count(),
        "events": VoteEvent.objects.count(),
        "votes": Vote.objects.count(),
        "group_results": GroupResult.objects.count(),
        "recusals": Recusal.objects.count(),
        "filings": Filing.objects.count(),
        "authors": FilingAuthor.objects.count(),
        "versions": FilingVersion.objects.count(),
    }


def tally_rows() -> tuple[list[Any], list[Any]]:
    return (
        sorted(
            ScrutinTally.objects.values_list(
                "vote_event", "pour", "contre", "abstention", "nppv", "options"
            )
        ),
        sorted(
            PartyTally.objects.values_list("vote_event", "party", "pour", "contre", "abstention"),
            key=str,
        ),
    )


def first_titles() -> list[str]:
    return list(
        Report.objects.order_by("sitting__starts_at", "order").values_list("title", flat=True)[:5]
    )


@pytest.mark.django_db(transaction=True)
def test_a_mandature_has_the_right_proportions_and_is_repeatable():
    call_command("generate_data", *SMALL)
    first = counts()
    assert first["users"] == 1
    assert (first["terms"], first["groups"], first["parties"], first["councillors"]) == (
        1,
        1,
        3,
        14,
    )
    assert (first["council_groups"], first["seats"], first["roster"]) == (6, 170, 170)
    assert CouncilGroup.objects.filter(own_group__isnull=False).count() == 1
    assert first["bodies"] == 10  # plenary, commission permanente, 8 commissions
    assert (first["plenaries"], first["permanent"], first["commission_meetings"]) == (1, 1, 5)
    # 60 rapports per plenary, 300 per commission permanente; every rapport is voted.
    per_sitting = dict(
        Sitting.objects.filter(body__kind__in=[Body.Kind.PLENARY, Body.Kind.PERMANENT])
        .annotate(n=Count("reports"))
        .values_list("body__kind", "n")
    )
    assert per_sitting == {Body.Kind.PLENARY: 60, Body.Kind.PERMANENT: 300}
    assert first["events"] == first["reports"] == 360
    assert first["votes"] == 14 * first["events"]
    assert first["group_results"] == 6 * first["events"]
    assert first["attendance"] == 14 * 2
    assert 0.8 < first["lines"] / first["reports"] < 0.95
    # Our group's counts are the sum of its councillors' votes.
    own = GroupResult.objects.filter(council_group__own_group__isnull=False).first()
    assert own is not None
    assert own.total == 14
    assert own.pour == Vote.objects.filter(vote_event=own.vote_event, option="pour").count()
    # The tallies written by the generator are what votes/tallies.py counts from the votes.
    written = tally_rows()
    assert len(written[0]) == first["events"]
    tallies.refresh_all()
    assert tally_rows() == written
    # Filings: ≈ 1 % of 3,000, each with one first signatory and at least one version.
    assert 25 <= first["filings"] <= 40
    assert FilingAuthor.objects.filter(role="author").count() == first["filings"]
    assert first["versions"] >= first["filings"]

    titles = first_titles()
    with pytest.raises(CommandError, match="--reset"):
        call_command("generate_data", *SMALL)
    call_command("generate_data", "--reset", *SMALL)
    assert counts() == first
    assert first_titles() == titles


@pytest.mark.django_db(transaction=True)
def test_several_mandatures_side_by_side_and_another_seed():
    call_command("generate_data", "--scale", "2", "--seed", "7", *SMALL)
    data = counts()
    assert (data["terms"], data["groups"], data["councillors"]) == (2, 2, 28)
    # Shared across mandatures: the account and the parties.
    assert (data["users"], data["parties"]) == (1, 3)
    assert data["votes"] == 14 * data["events"] == 14 * 720
    terms = list(Term.objects.order_by("-start_date").values_list("name", flat=True))
    assert terms == ["Mandature 2016-2021", "Mandature 2010-2015"]
    # The latest mandature's group is the installation's current group (created first).
    assert Group.objects.order_by("pk").first().term.name == "Mandature 2016-2021"
    assert Councillor.objects.filter(status=Councillor.Status.LEFT).count() == 14
    seed_7 = first_titles()
    call_command("generate_data", "--reset", *SMALL)
    assert first_titles() != seed_7
