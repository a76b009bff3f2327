"""The councillor's activity sheet and bilan de mandat: exact figures on a hand-made world,
a query count that does not grow with the data, and who sees which section."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pypdfium2
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hemicycle.council.models import Body, FilingKind, Seat
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.filings.models import Filing, FilingAuthor
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.positions.models import Speech, VoteLine
from hemicycle.sittings.models import Attendance, Sitting
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes import (
    activity,
    activity_sections,  # noqa: F401  (registers the sheet's sections)
)
from hemicycle.votes.models import Vote, VoteEvent

pytestmark = pytest.mark.django_db

A = Attendance.Status


def _at(year: int, month: int, day: int) -> dt.datetime:
    return dt.datetime(year, month, day, 10, tzinfo=timezone.get_current_timezone())


def _vote(sitting, report, councillor, option, *, line=None, reason="", proxy=None, filing=None):
    if line:
        VoteLine.objects.get_or_create(report=report, defaults={"position": line})
    event, _ = VoteEvent.objects.get_or_create(
        sitting=sitting, report=report, filing=filing, defaults={"title": report.title}
    )
    return Vote.objects.create(
        vote_event=event,
        councillor=councillor,
        option=option,
        nppv_reason=reason,
        proxy_holder=proxy,
    )


@pytest.fixture
def sheet_world(world):
    """Nadia's mandate, by hand. Expected figures are in the tests below."""
    world["group"].term = world["term"]
    world["group"].save()
    nadia, claire = world["councillor"], world["president_councillor"]
    plenary = BodyFactory(
        term=world["term"], name="Assemblée plénière", short_name="Plénière", order=1
    )
    commission = BodyFactory(
        term=world["term"], kind=Body.Kind.COMMISSION, name="Commission Transports", order=5
    )
    march = SittingFactory(body=plenary, starts_at=_at(2025, 3, 10), status=Sitting.Status.HELD)
    june = SittingFactory(body=plenary, starts_at=_at(2025, 6, 10), status=Sitting.Status.HELD)
    october = SittingFactory(body=plenary, starts_at=_at(2024, 10, 10), status=Sitting.Status.HELD)
    may = SittingFactory(body=commission, starts_at=_at(2025, 5, 5), status=Sitting.Status.HELD)
    cancelled = SittingFactory(
        body=plenary, starts_at=_at(2025, 9, 1), status=Sitting.Status.CANCELLED
    )
    future = SittingFactory(body=plenary)  # three weeks ahead

    # Attendance: plenary 3 recorded (present, represented, remote), commission 1 absent.
    Attendance.objects.create(sitting=march, councillor=nadia, status=A.PRESENT)
    Attendance.objects.create(
        sitting=june, councillor=nadia, status=A.REPRESENTED, proxy_holder=claire
    )
    Attendance.objects.create(sitting=october, councillor=nadia, status=A.REMOTE)
    Attendance.objects.create(sitting=may, councillor=nadia, status=A.ABSENT)
    # Neither counts: a cancelled séance, and an absence excused ahead of a séance to come.
    Attendance.objects.create(sitting=cancelled, councillor=nadia, status=A.ABSENT)
    Attendance.objects.create(sitting=future, councillor=nadia, status=A.EXCUSED)
    Attendance.objects.create(sitting=march, councillor=claire, status=A.PRESENT)

    r = [ReportFactory(sitting=march, title=f"Rapport {i}") for i in range(6)]
    r6 = ReportFactory(sitting=june, title="Rapport de juin")
    _vote(march, r[0], nadia, "contre", line="pour")  # against the line
    _vote(march, r[1], nadia, "contre", line="contre")
    _vote(march, r[2], nadia, "pour", line="free")  # free vote: not compared
    _vote(march, r[3], nadia, "nppv", line="pour", reason="deport")  # déport: not compared
    _vote(march, r[4], nadia, "abstention")  # no line
    _vote(june, r6, nadia, "pour", line="abstention", proxy=claire)  # by proxy, against the line
    _vote(march, r[0], claire, "pour", proxy=nadia)  # Nadia cast Claire's vote

    # Filings: F1 adopted (author, its own scrutin), F2 vœu pending (co-author), F3 draft
    # (left out), F4 motion rejected in 2024 (author), F5 adopted modified (co-author).
    f1 = FilingFactory(
        report=r[0],
        author=nadia,
        status=Filing.Status.DECIDED,
        outcome="adopte",
        filed_at=_at(2025, 3, 1),
        title="Plus de trains",
    )
    _vote(march, r[0], nadia, "pour", filing=f1)  # a filing's scrutin: no line, no divergence
    f2 = FilingFactory(
        kind=FilingKind.VOEU,
        report=None,
        sitting=june,
        author=claire,
        status=Filing.Status.FILED,
        filed_at=_at(2025, 6, 1),
    )
    FilingAuthor.objects.create(filing=f2, councillor=nadia, role=FilingAuthor.Role.COAUTHOR)
    FilingFactory(report=r[1], author=nadia, title="Brouillon secret")
    FilingFactory(
        kind=FilingKind.MOTION,
        report=None,
        sitting=october,
        author=nadia,
        status=Filing.Status.DECIDED,
        outcome="rejete",
        filed_at=_at(2024, 9, 30),
    )
    f5 = FilingFactory(
        report=r[2],
        author=claire,
        status=Filing.Status.DECIDED,
        outcome="adopte_modifie",
        filed_at=_at(2025, 5, 1),
    )
    FilingAuthor.objects.create(filing=f5, councillor=nadia, role=FilingAuthor.Role.COAUTHOR)

    # Speeches: 3 + 2.5 minutes; an archived one and one in a séance to come don't count.
    Speech.objects.create(report=r[0], councillor=nadia, planned_minutes=Decimal(3), topic="Rail")
    Speech.objects.create(report=r6, councillor=nadia, planned_minutes=Decimal("2.5"))
    Speech.objects.create(
        report=r[1], councillor=nadia, planned_minutes=Decimal(10), archived_at=timezone.now()
    )
    Speech.objects.create(
        report=ReportFactory(sitting=future), councillor=nadia, planned_minutes=Decimal(4)
    )

    Seat.objects.create(body=commission, councillor=nadia, starts_on=dt.date(2021, 7, 2))
    Seat.objects.create(
        body=BodyFactory(
            term=world["term"], kind=Body.Kind.COMMISSION, name="Commission Lycées", order=6
        ),
        councillor=nadia,
        role=Seat.Role.SUPPLEANT,
        starts_on=dt.date(2021, 7, 2),
        ends_on=dt.date(2022, 12, 31),
    )
    return world


def _mandate(world):
    return activity.mandate_period(world["councillor"], world["term"].end_date)


def test_attendance_by_instance(sheet_world):
    data = activity.attendance(sheet_world["councillor"], _mandate(sheet_world))
    plenary, commission = data["bodies"]
    assert plenary["body"] == "Assemblée plénière"
    assert {k: plenary[k] for k in activity.ATTENDANCE_KEYS} == {
        "recorded": 3,
        "present": 1,
        "remote": 1,
        "represented": 1,
        "excused": 0,
        "absent": 0,
    }
    assert plenary["rate"] == Decimal("66.7")
    assert commission["recorded"] == 1 and commission["absent"] == 1
    assert commission["rate"] == Decimal("0.0")
    assert data["total"]["recorded"] == 4
    assert data["total"]["rate"] == Decimal("50.0")


def test_votes_and_divergences(sheet_world):
    period = _mandate(sheet_world)
    counts = activity.votes(sheet_world["councillor"], period)
    assert counts == {
        "total": 7,
        "pour": 3,
        "contre": 2,
        "abstention": 1,
        "nppv": 1,
        "nppv_choice": 0,
        "nppv_recusal": 1,
        "nppv_absent": 0,
        "by_proxy": 1,
        "held": 1,
        "cast": 6,
    }
    div = activity.divergences(sheet_world["councillor"], period)
    assert (div["compared"], div["divergent"], div["rate"]) == (3, 2, Decimal("66.7"))
    # Latest first: June's vote by proxy, then March's.
    assert [(v.vote_event.report.title, v.line_label, v.option) for v in div["latest"]] == [
        ("Rapport de juin", "Abstention", "pour"),
        ("Rapport 0", "Pour", "contre"),
    ]


def test_filings_speeches_seats(sheet_world):
    period = _mandate(sheet_world)
    data = activity.filings(sheet_world["councillor"], period)
    total = data["total"]
    assert (total["count"], total["author"], total["coauthor"]) == (4, 2, 2)
    assert (total["adopted"], total["rejected"], total["other"], total["pending"]) == (2, 1, 0, 1)
    assert {k["kind"]: (k["author"], k["coauthor"], k["adopted"]) for k in data["by_kind"]} == {
        "amendement": (1, 1, 2),
        "voeu": (0, 1, 0),
        "motion": (1, 0, 0),
    }
    assert "Brouillon secret" not in [a.filing.title for a in data["latest"]]
    assert data["latest"][0].filing.kind == "voeu"  # filed on 1 June 2025, the latest

    speeches = activity.speeches(sheet_world["councillor"], period)
    assert (speeches["count"], speeches["minutes"]) == (2, Decimal("5.5"))
    assert [s.topic for s in speeches["latest"]] == ["", "Rail"]

    assert [s.body.name for s in activity.seats(sheet_world["councillor"], period)] == [
        "Commission Transports",
        "Commission Lycées",
    ]


def test_year_period(sheet_world):
    nadia = sheet_world["councillor"]
    period = activity.parse_period("2025", nadia, sheet_world["term"].end_date)
    assert (period.start, period.end) == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert activity.attendance(nadia, period)["total"]["rate"] == Decimal("33.3")
    assert activity.filings(nadia, period)["total"]["count"] == 3
    assert [s.body.name for s in activity.seats(nadia, period)] == ["Commission Transports"]
    # Anything else is the whole mandate.
    assert activity.parse_period("1990", nadia, None).key == "mandat"
    assert activity.parse_period("n'importe", nadia, None).key == "mandat"


def _url(world, name="votes:councillor_activity"):
    return reverse(name, args=[world["councillor"].pk])


def test_page_for_a_member(client_for, sheet_world):
    response = client_for("staff").get(_url(sheet_world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Fiche d’activité de Mme Nadia Élue" in html
    assert "<dt>Présence en séance</dt><dd>50&#8239;%</dd>" in html
    assert "<dt>Votes contraires à la consigne</dt><dd>2</dd>" in html
    assert "<dt>Dépôts adoptés</dt><dd>2</dd>" in html
    assert "<dt>Interventions</dt><dd>2</dd>" in html
    assert "Plus de trains" in html
    assert "Brouillon secret" not in html
    assert reverse("votes:councillor_report_pdf", args=[sheet_world["councillor"].pk]) in html


def test_page_by_year(client_for, sheet_world):
    html = client_for("councillor").get(_url(sheet_world), {"periode": "2025"}).content.decode()
    assert "<dt>Présence en séance</dt><dd>33,3&#8239;%</dd>" in html
    assert '<option value="2025" selected>' in html


def test_observer_sees_public_sections_only(client_for, sheet_world):
    response = client_for("observer").get(_url(sheet_world))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Présence en séance" in html and "Plus de trains" in html
    for internal in (
        "Écarts à la consigne",
        "Votes contraires",
        "Prises de parole",
        "Rapport de juin",
    ):
        assert internal not in html
    assert "bilan.pdf" not in html


@pytest.mark.parametrize("name", ["partner", "outsider"])
def test_outsiders_get_404(client_for, sheet_world, name):
    assert client_for(name).get(_url(sheet_world)).status_code == 404
    assert client_for(name).get(_url(sheet_world, "votes:councillor_report_pdf")).status_code == 404


def test_pdf_is_for_members_only(client_for, sheet_world):
    assert (
        client_for("observer").get(_url(sheet_world, "votes:councillor_report_pdf")).status_code
        == 404
    )


def test_unknown_councillor_is_404(client_for, world):
    assert (
        client_for("secretariat")
        .get(reverse("votes:councillor_activity", args=[999999]))
        .status_code
        == 404
    )


def test_bilan_pdf(client_for, sheet_world):
    response = client_for("bureau").get(_url(sheet_world, "votes:councillor_report_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(response.content)
    text = "\n".join(page.get_textpage().get_text_range() for page in pdf)
    assert "Nadia Élue" in text
    assert "Bilan de mandat" in text
    assert "Groupe Écologiste et Solidaire" in text
    assert "50\u202f%" in text or "50 %" in text


def test_councillor_page_summary(client_for, sheet_world):
    html = (
        client_for("observer")
        .get(reverse("group:councillor_detail", args=[sheet_world["councillor"].pk]))
        .content.decode()
    )
    assert "Activité pendant le mandat" in html
    assert _url(sheet_world) in html
    assert "Votes contraires" not in html


def _populate(world, n: int) -> None:
    """n séances, each with attendance, a rapport with a line and a vote against it, a
    filed filing, a speech; plus n seats."""
    nadia = world["councillor"]
    body = BodyFactory(term=world["term"])
    for i in range(n):
        sitting = SittingFactory(body=body, starts_at=_at(2024, 1, 1) + dt.timedelta(days=7 * i))
        Attendance.objects.create(sitting=sitting, councillor=nadia, status=A.PRESENT)
        report = ReportFactory(sitting=sitting)
        _vote(sitting, report, nadia, "contre", line="pour")
        filing = FilingFactory(
            report=report,
            author=nadia,
            status=Filing.Status.DECIDED,
            outcome="rejete",
            filed_at=sitting.starts_at,
        )
        _vote(sitting, report, nadia, "pour", filing=filing)
        Speech.objects.create(report=report, councillor=nadia, planned_minutes=Decimal(2))
        Seat.objects.create(
            body=BodyFactory(term=world["term"]), councillor=nadia, starts_on=dt.date(2022, 1, 1)
        )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_count_does_not_grow(client_for, world):
    client = client_for("secretariat")
    url = _url(world)
    _populate(world, 2)
    few = _queries(client, url)
    _populate(world, 18)
    assert _queries(client, url) == few
