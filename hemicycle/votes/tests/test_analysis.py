"""Vote statistics on a small hand-made world, with every figure worked out by hand.

Five councillors: Anne, Bruno and Chloé (EELV), Driss and Emma (LFI).

| scrutin | séance        | line       | Anne | Bruno  | Chloé          | Driss      | Emma           |
|---------|---------------|------------|------|--------|----------------|------------|----------------|
| e1      | plénière, mars| pour       | pour | pour   | contre         | abstention | NPPV (absente) |
| e2      | plénière, mars| (none)     | contre | contre | contre       | contre     | contre         |
| e3      | CP, juin      | free       | pour | contre | NPPV (choix)   | pour       | pour           |
| e4      | CP, juin      | contre     | contre | contre | NPPV (déport) | contre    | pour           |

AI = (3·max − total) / (2·total) on pour/contre/abstention:
group  e1 (2,1,1) 0.25, e2 1, e3 (3,1,0) 0.625, e4 (1,3,0) 0.625 → mean 0.625
EELV   e1 (2,1,0) 0.5,  e2 1, e3 (1,1,0) 0.25,  e4 (0,2,0) 1     → mean 0.6875
LFI    e1 one vote (left out), e2 1, e3 1, e4 (1,1,0) 0.25       → mean 0.75
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hemicycle.council.models import Body
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.group.models import Councillor
from hemicycle.group.tests.factories import CouncillorFactory, PartyFactory
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance, Theme
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes import analysis, tallies
from hemicycle.votes.analysis import Filters
from hemicycle.votes.models import GroupResult, Vote, VoteEvent


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))


def _event(sitting, order, line=None, theme=None):
    report = ReportFactory(sitting=sitting, order=order)
    if line:
        VoteLine.objects.create(report=report, position=line)
    if theme:
        report.themes.add(theme)
    return VoteEvent.objects.create(sitting=sitting, report=report, title=report.title, order=order)


def _votes(event, ballots):
    for councillor, option, *reason in ballots:
        Vote.objects.create(
            vote_event=event,
            councillor=councillor,
            option=option,
            nppv_reason=reason[0] if reason else "",
        )
    # Rows written directly, as a bulk import would: recount like the services do.
    tallies.refresh([event.pk])


@pytest.fixture
def stats(world):
    eelv = PartyFactory(short_name="EELV", name="Les Écologistes", colour="#2e7d32")
    lfi = PartyFactory(short_name="LFI", name="La France insoumise", colour="#c62828")
    anne = CouncillorFactory(first_name="Anne", last_name="Aubert", party=eelv)
    bruno = CouncillorFactory(first_name="Bruno", last_name="Blanc", party=eelv)
    chloe = CouncillorFactory(first_name="Chloé", last_name="Cordier", party=eelv)
    driss = CouncillorFactory(first_name="Driss", last_name="Daoud", party=lfi)
    emma = CouncillorFactory(first_name="Emma", last_name="Esnault", party=lfi)
    plenary = BodyFactory(term=world["term"], name="Séance plénière", kind=Body.Kind.PLENARY)
    cp = BodyFactory(term=world["term"], name="Commission permanente", kind=Body.Kind.PERMANENT)
    march = SittingFactory(body=plenary, starts_at=_at(dt.date(2025, 3, 10)))
    june = SittingFactory(body=cp, starts_at=_at(dt.date(2025, 6, 5)))
    transport = Theme.objects.create(name="Transports")

    e1 = _event(march, 1, line="pour", theme=transport)
    _votes(
        e1,
        [
            (anne, "pour"),
            (bruno, "pour"),
            (chloe, "contre"),
            (driss, "abstention"),
            (emma, "nppv", "absent"),
        ],
    )
    e2 = _event(march, 2)
    _votes(e2, [(c, "contre") for c in (anne, bruno, chloe, driss, emma)])
    e3 = _event(june, 1, line="free")
    _votes(
        e3,
        [
            (anne, "pour"),
            (bruno, "contre"),
            (chloe, "nppv", "choix"),
            (driss, "pour"),
            (emma, "pour"),
        ],
    )
    e4 = _event(june, 2, line="contre")
    _votes(
        e4,
        [
            (anne, "contre"),
            (bruno, "contre"),
            (chloe, "nppv", "deport"),
            (driss, "contre"),
            (emma, "pour"),
        ],
    )

    present = Attendance.Status
    for sitting, statuses in (
        (march, {anne: present.PRESENT, bruno: present.REMOTE, chloe: present.REPRESENTED,
                 driss: present.EXCUSED, emma: present.ABSENT}),
        (june, {anne: present.PRESENT, bruno: present.PRESENT, chloe: present.PRESENT,
                driss: present.REPRESENTED, emma: present.PRESENT}),
    ):  # fmt: skip
        for councillor, status in statuses.items():
            holder = anne if councillor == chloe else emma
            Attendance.objects.create(
                sitting=sitting,
                councillor=councillor,
                status=status,
                proxy_holder=holder if status == present.REPRESENTED else None,
            )
    return {
        "eelv": eelv,
        "lfi": lfi,
        "anne": anne,
        "bruno": bruno,
        "chloe": chloe,
        "driss": driss,
        "emma": emma,
        "plenary": plenary,
        "cp": cp,
        "transport": transport,
        "events": [e1, e2, e3, e4],
    }


# --- split votes ---------------------------------------------------------------------------


def test_split_votes_latest_first_with_divergent_councillors(stats):
    e1, _e2, e3, e4 = stats["events"]
    splits = list(analysis.split_votes())
    assert splits == [e4, e3, e1]  # the unanimous e2 is not a split

    by_pk = {e.pk: e for e in splits}
    first = by_pk[e1.pk]
    # Emma's NPPV for absence is not a choice: four considered votes.
    assert (first.n_pour, first.n_contre, first.n_abstention, first.n_nppv) == (2, 1, 1, 0)
    assert first.line == "pour" and first.reference == "pour"
    divergent = {v.councillor.first_name: v.option for v in first.considered_votes if v.divergent}
    assert divergent == {"Chloé": "contre", "Driss": "abstention"}

    # A free line: the reference is the group's majority; Chloé's NPPV by choice diverges.
    third = by_pk[e3.pk]
    assert third.line == "free" and third.reference == "pour"
    assert {v.councillor.first_name for v in third.considered_votes if v.divergent} == {
        "Bruno",
        "Chloé",
    }

    # A déport is not a choice either: only Emma stands apart.
    fourth = by_pk[e4.pk]
    assert [v.councillor.first_name for v in fourth.considered_votes if v.divergent] == ["Emma"]
    assert len(fourth.considered_votes) == 4


def test_split_on_a_tie_without_line_singles_nobody_out(stats):
    sitting = stats["events"][0].sitting
    event = _event(sitting, 9)
    _votes(event, [(stats["anne"], "pour"), (stats["bruno"], "contre")])
    split = next(e for e in analysis.split_votes() if e.pk == event.pk)
    assert split.reference == ""
    assert not any(v.divergent for v in split.considered_votes)


# --- agreement with the line -----------------------------------------------------------------


def test_line_agreement_per_councillor(stats):
    rows = {c.first_name: c for c in analysis.line_agreement()}
    # Lines that count: e1 (pour) and e4 (contre); e2 has none, e3 is free.
    assert (rows["Anne"].with_line, rows["Anne"].agreed, rows["Anne"].agreement) == (2, 2, 1.0)
    assert (rows["Bruno"].agreed, rows["Bruno"].with_line) == (2, 2)
    # Chloé's NPPV (déport) on e4 is not an expressed vote.
    assert (rows["Chloé"].agreed, rows["Chloé"].with_line, rows["Chloé"].agreement) == (0, 1, 0.0)
    assert rows["Driss"].agreement == pytest.approx(0.5)
    assert (rows["Emma"].agreed, rows["Emma"].with_line) == (0, 1)
    # The world's councillors never voted: listed (in mandate) without a figure.
    assert rows["Nadia"].with_line == 0 and rows["Nadia"].agreement is None


def test_councillors_who_left_without_votes_are_not_listed(stats):
    CouncillorFactory(
        first_name="Ancien", status=Councillor.Status.LEFT, left_on=dt.date(2024, 1, 1)
    )
    assert "Ancien" not in {c.first_name for c in analysis.line_agreement()}


# --- cohesion --------------------------------------------------------------------------------


def test_group_cohesion_is_the_mean_agreement_index(stats):
    assert analysis.cohesion() == {"cohesion": pytest.approx(0.625), "scrutins": 4}


def test_party_cohesion(stats):
    parties = {p.short_name: p for p in analysis.party_cohesion()}
    assert parties["EELV"].cohesion == pytest.approx(0.6875)
    assert parties["EELV"].scrutins == 4
    # e1 has a single LFI expressed vote: left out of LFI's mean.
    assert parties["LFI"].cohesion == pytest.approx(0.75)
    assert parties["LFI"].scrutins == 3


def test_three_way_even_split_scores_zero(stats):
    event = _event(stats["events"][0].sitting, 8)
    _votes(
        event,
        [(stats["anne"], "pour"), (stats["bruno"], "contre"), (stats["chloe"], "abstention")],
    )
    only = analysis.cohesion(filters=None)
    # (0.25 + 1 + 0.625 + 0.625 + 0) / 5
    assert only == {"cohesion": pytest.approx(0.5), "scrutins": 5}


def test_cohesion_of_councillors_without_party(stats):
    assert analysis.unaffiliated_cohesion() == {
        "cohesion": None,
        "scrutins": 0,
    }


# --- attendance ------------------------------------------------------------------------------


def test_attendance_per_councillor(stats):
    rows = {c.first_name: c for c in analysis.attendance_by_councillor()}
    assert (rows["Anne"].recorded, rows["Anne"].present, rows["Anne"].attendance_rate) == (
        2,
        2,
        1.0,
    )
    assert (rows["Bruno"].present, rows["Bruno"].remote) == (2, 1)
    chloe = rows["Chloé"]
    assert (chloe.present, chloe.represented, chloe.absent) == (1, 1, 0)
    assert chloe.attendance_rate == pytest.approx(0.5)
    assert chloe.represented_rate == pytest.approx(0.5)
    driss = rows["Driss"]
    assert (driss.present, driss.represented, driss.absent, driss.attendance_rate) == (0, 1, 1, 0.0)
    assert rows["Nadia"].recorded == 0 and rows["Nadia"].attendance_rate is None


def test_attendance_per_body(stats):
    rows = {b.name: b for b in analysis.attendance_by_body()}
    assert set(rows) == {"Séance plénière", "Commission permanente"}
    plenary, cp = rows["Séance plénière"], rows["Commission permanente"]
    assert (plenary.sittings_count, plenary.recorded, plenary.present, plenary.represented) == (
        1,
        5,
        2,
        1,
    )
    assert plenary.attendance_rate == pytest.approx(0.4)
    assert cp.attendance_rate == pytest.approx(0.8)
    totals = analysis.attendance_totals()
    assert (totals["recorded"], totals["present"], totals["represented"]) == (10, 6, 2)
    assert totals["attendance_rate"] == pytest.approx(0.6)


# --- filters ---------------------------------------------------------------------------------


def test_filter_by_body(stats):
    _e1, _e2, e3, e4 = stats["events"]
    cp = Filters(body=stats["cp"])
    assert list(analysis.split_votes(cp)) == [e4, e3]
    assert analysis.cohesion(cp) == {"cohesion": pytest.approx(0.625), "scrutins": 2}
    rows = {c.first_name: c for c in analysis.line_agreement(cp)}
    assert (rows["Driss"].agreed, rows["Driss"].with_line) == (1, 1)
    assert {b.name for b in analysis.attendance_by_body(cp)} == {"Commission permanente"}
    anne = next(c for c in analysis.attendance_by_councillor(cp) if c.first_name == "Anne")
    assert anne.recorded == 1


def test_filter_by_period(stats):
    _e1, _e2, e3, e4 = stats["events"]
    spring = Filters(start=dt.date(2025, 3, 10), end=dt.date(2025, 3, 10))
    assert analysis.cohesion(spring) == {"cohesion": pytest.approx(0.625), "scrutins": 2}
    assert list(analysis.split_votes(Filters(start=dt.date(2025, 4, 1)))) == [e4, e3]
    assert list(analysis.split_votes(Filters(end=dt.date(2025, 1, 1)))) == []
    assert analysis.attendance_totals(spring)["recorded"] == 5


def test_filter_by_theme(stats):
    e1 = stats["events"][0]
    theme = Filters(theme=stats["transport"])
    # A second theme on the same rapport must not double its votes.
    e1.report.themes.add(Theme.objects.create(name="Climat"))
    assert list(analysis.split_votes(theme)) == [e1]
    assert analysis.cohesion(theme) == {"cohesion": pytest.approx(0.25), "scrutins": 1}
    rows = {c.first_name: c for c in analysis.line_agreement(theme)}
    assert (rows["Anne"].agreed, rows["Anne"].with_line) == (1, 1)
    parties = {p.short_name: p for p in analysis.party_cohesion(theme)}
    assert parties["EELV"].cohesion == pytest.approx(0.5)
    assert parties["LFI"].cohesion is None and parties["LFI"].scrutins == 0


# --- the page --------------------------------------------------------------------------------


def test_analysis_page_shows_the_figures(stats, client_for):
    response = client_for("councillor").get(reverse("votes:analysis"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Analyse des votes" in html
    assert "<dd>0,63</dd>" in html  # the group's cohesion 0.625, rounded half up
    assert "50\u202f%" in html  # Driss's agreement
    assert "Chloé Cordier" in html
    assert html.count('role="img"') >= 1


def test_analysis_page_filters(stats, client_for):
    client = client_for("secretariat")
    response = client.get(reverse("votes:analysis"), {"body": stats["cp"].pk})
    assert response.status_code == 200
    assert [e.pk for e in response.context["splits"]] == [e.pk for e in stats["events"][3:1:-1]]
    bad = client.get(reverse("votes:analysis"), {"start": "2025-06-01", "end": "2025-01-01"})
    assert bad.status_code == 200
    assert "précède" in bad.content.decode()


def _page_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("votes:analysis"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _more_scrutins(world, stats, n):
    sitting = SittingFactory(body=stats["plenary"], starts_at=_at(dt.date(2025, 9, 1)))
    people = [stats[name] for name in ("anne", "bruno", "chloe", "driss", "emma")]
    for i in range(n):
        event = _event(sitting, 10 + i, line="pour")
        _votes(event, [(c, "pour" if j % 2 else "contre") for j, c in enumerate(people)])
        GroupResult.objects.create(vote_event=event, council_group=world["own"], pour=2, contre=3)
        Attendance.objects.get_or_create(
            sitting=sitting, councillor=people[i % 5], defaults={"status": "present"}
        )


def test_analysis_page_query_count_does_not_grow(world, stats, client_for):
    client = client_for("secretariat")
    _more_scrutins(world, stats, 2)
    few = _page_queries(client)
    _more_scrutins(world, stats, 18)
    assert VoteEvent.objects.count() == 24
    assert _page_queries(client) == few


def test_hemicycle_page(stats, world, client_for):
    event = stats["events"][0]
    GroupResult.objects.create(vote_event=event, council_group=world["own"], pour=10, contre=2)
    GroupResult.objects.create(vote_event=event, council_group=world["rival"], pour=90)
    event.result = VoteEvent.Result.ADOPTED
    event.save()
    response = client_for("staff").get(reverse("votes:hemicycle", args=[event.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Adopté\u00a0: 100 pour, 2 contre, 0 abstention" in html
    assert "<caption" in html


@pytest.mark.parametrize("name", ["observer", "partner", "outsider"])
def test_outsiders_get_404(stats, client_for, name):
    client = client_for(name)
    assert client.get(reverse("votes:analysis")).status_code == 404
    event = stats["events"][0]
    assert client.get(reverse("votes:hemicycle", args=[event.pk])).status_code == 404


def test_the_page_opens_on_the_current_mandature(world):
    """Archives of earlier mandatures must not weigh on today's analysis; "Toutes" lifts it."""
    from hemicycle.council.selectors import current_term
    from hemicycle.votes.analysis_views import AnalysisFilterForm

    current = current_term()
    assert AnalysisFilterForm().filters().term == current
    assert AnalysisFilterForm({"page": "2"}).filters().term == current
    assert AnalysisFilterForm({"term": ""}).filters().term is None
