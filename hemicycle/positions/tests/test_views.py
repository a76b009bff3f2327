from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from hemicycle.positions import sections, selectors, services
from hemicycle.positions.models import BriefVersion, FollowUp, Speech, VoteLine
from hemicycle.sittings import sections as sitting_sections

pytestmark = pytest.mark.django_db

MEMBERS = ["secretariat", "president", "bureau", "councillor", "staff"]
NON_MEMBERS = ["partner", "observer", "outsider"]


def _status(persona, allowed):
    return 200 if persona in allowed else 404


@pytest.mark.parametrize("persona", MEMBERS + NON_MEMBERS)
def test_read_pages_members_only(persona, client_for, report, sitting):
    client = client_for(persona)
    urls = [
        reverse("positions:my_reports"),
        reverse("positions:report", args=[report.pk]),
        reverse("positions:sheet", args=[sitting.pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == _status(persona, MEMBERS), url


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("positions:assign", ["secretariat", "staff"]),
        ("positions:line_edit", ["secretariat", "president"]),
        ("positions:speech_add", ["secretariat", "staff"]),
        ("positions:brief_write", ["secretariat", "staff"]),
    ],
)
@pytest.mark.parametrize("persona", MEMBERS + NON_MEMBERS)
def test_edit_pages_matrix(name, allowed, persona, client_for, report):
    response = client_for(persona).get(reverse(name, args=[report.pk]))
    assert response.status_code == _status(persona, allowed)


@pytest.mark.parametrize("persona", MEMBERS + NON_MEMBERS)
def test_backlog_and_templates_matrix(persona, client_for, report):
    client = client_for(persona)
    assert client.get(reverse("positions:backlog")).status_code == _status(
        persona, ["secretariat", "president", "staff"]
    )
    assert client.get(reverse("positions:templates")).status_code == _status(
        persona, ["secretariat"]
    )


def test_observer_cannot_post_a_line(client_for, report):
    response = client_for("observer").post(
        reverse("positions:line_edit", args=[report.pk]), {"position": "pour"}
    )
    assert response.status_code == 404
    assert not VoteLine.objects.exists()


def test_assign_then_write_then_validate_through_views(client_for, report, world):
    secretariat = client_for("secretariat")
    response = secretariat.post(
        reverse("positions:assign", args=[report.pk]),
        {"referent": world["councillor"].pk, "priority": "high"},
    )
    assert response.status_code == 302
    councillor = client_for("councillor")
    response = councillor.post(
        reverse("positions:brief_write", args=[report.pk]),
        {"text": "Premier paragraphe.\n\n<b>Second</b>.", "base_number": 0},
    )
    assert response.status_code == 302
    page = councillor.get(reverse("positions:report", args=[report.pk])).content.decode()
    assert "<p>Premier paragraphe.</p>" in page
    assert "&lt;b&gt;Second&lt;/b&gt;" in page
    councillor.post(reverse("positions:brief_transition", args=[report.pk, "soumettre"]))
    # A councillor may not validate: refused, nothing changes.
    assert (
        councillor.post(
            reverse("positions:brief_transition", args=[report.pk, "valider"])
        ).status_code
        == 404
    )
    client_for("bureau").post(reverse("positions:brief_transition", args=[report.pk, "valider"]))
    assert FollowUp.objects.get(report=report).status == FollowUp.Status.BRIEF_VALIDATED


def test_note_conflict_shows_both_texts(client_for, report, personas):
    services.write_brief_version(
        report=report, text="Texte de la collègue", base_number=0, acting_user=personas["staff"]
    )
    response = client_for("secretariat").post(
        reverse("positions:brief_write", args=[report.pk]),
        {"text": "Mon texte", "base_number": 0},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Texte de la collègue" in page and "Mon texte" in page
    assert "Deux textes à réconcilier" in page
    assert BriefVersion.objects.count() == 1


def test_speech_over_time_warns(client_for, report, world):
    response = client_for("secretariat").post(
        reverse("positions:speech_add", args=[report.pk]),
        {"councillor": world["councillor"].pk, "planned_minutes": "12"},
        follow=True,
    )
    assert "Temps de parole dépassé" in response.content.decode()
    assert Speech.objects.count() == 1


def test_speech_minutes_must_be_positive(client_for, report, world):
    response = client_for("secretariat").post(
        reverse("positions:speech_add", args=[report.pk]),
        {"councillor": world["councillor"].pk, "planned_minutes": "0"},
    )
    assert "supérieure à zéro" in response.content.decode()
    assert not Speech.objects.exists()


def test_registered_sections_render(report, sitting, personas):
    from django.template.loader import render_to_string

    user = personas["secretariat"]
    for item in sitting_sections.report_sections(report, user):
        if not item["section"].key.startswith("positions."):
            continue
        html = render_to_string(item["section"].template, {"item": item})
        assert "Note d’enjeux" in html
    for item in sitting_sections.sitting_sections(sitting, user):
        if not item["section"].key.startswith("positions."):
            continue
        html = render_to_string(item["section"].template, {"item": item})
        assert "dossier.pdf" in html
    assert sitting_sections.report_sections(report, personas["observer"]) == [] or all(
        i["section"].key != "positions.follow_up"
        for i in sitting_sections.report_sections(report, personas["observer"])
    )


def _populate(reports, personas, world):
    for i, r in enumerate(reports):
        services.assign(
            report=r,
            data={"referent": world["councillor"]},
            expected_version=None,
            acting_user=personas["secretariat"],
        )
        if i % 2:
            services.write_brief_version(
                report=r, text="Note", base_number=0, acting_user=personas["staff"]
            )
            services.set_vote_line(
                report=r,
                data={"position": "pour"},
                expected_version=None,
                acting_user=personas["secretariat"],
            )
            Speech.objects.create(report=r, councillor=world["councillor"], planned_minutes=1)


@pytest.mark.parametrize("n", [10, 100])
def test_fixed_query_counts(
    n, make_reports, sitting, personas, world, django_assert_num_queries, client_for
):
    reports = make_reports(n)
    _populate(reports, personas, world)
    user = personas["secretariat"]
    with django_assert_num_queries(1):
        values = sections.agenda_values(reports, user)
    assert len(values) == n
    with django_assert_num_queries(2):
        sections.sitting_section_context(sitting, user)
    with django_assert_num_queries(2):
        assert len(selectors.backlog(filters={})) == n // 2
    with django_assert_num_queries(2):
        assert len(selectors.my_reports(world["councillor"])) == n
    client = client_for("councillor")
    # session, user, councillor + 2 report queries, nav/dashboard extras are constant
    client.get(reverse("positions:my_reports"))
    with django_assert_num_queries(_baseline(client, "positions:my_reports")):
        client.get(reverse("positions:my_reports"))


_BASELINES: dict[str, int] = {}


def _baseline(client: Client, name: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse(name))
    count = len(ctx.captured_queries)
    # the same number at 10 and at 100 rapports
    _BASELINES.setdefault(name, count)
    assert _BASELINES[name] == count
    return count


@pytest.mark.parametrize("n", [10, 100])
def test_dashboard_panel_fixed_queries(n, make_reports, personas, world, client_for):
    _populate(make_reports(n), personas, world)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("councillor")
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert "Mes rapports à préparer" in response.content.decode()
    _BASELINES.setdefault("dashboard", len(ctx.captured_queries))
    assert _BASELINES["dashboard"] == len(ctx.captured_queries)


def test_sections_on_the_sittings_pages(client_for, report, sitting, personas, world):
    _populate([report], personas, world)
    services.write_brief_version(
        report=report, text="Analyse du rapport.", base_number=0, acting_user=personas["staff"]
    )
    client = client_for("secretariat")
    page = client.get(reverse("sittings:report_detail", args=[report.pk])).content.decode()
    assert "Suivi du groupe" in page and "Analyse du rapport." in page
    page = client.get(reverse("sittings:sitting_detail", args=[sitting.pk])).content.decode()
    assert "Préparation du groupe" in page
    assert "Référent·e" in page and "Nadia" in page
    observer = client_for("observer").get(reverse("sittings:sitting_detail", args=[sitting.pk]))
    assert "Préparation du groupe" not in observer.content.decode()


def test_president_sets_the_line_through_the_form(client_for, report):
    url = reverse("positions:line_edit", args=[report.pk])
    response = client_for("president").post(
        url, {"position": "contre", "explanation": "Nous voterons contre.", "decided_on": ""}
    )
    assert response.status_code == 302
    line = VoteLine.objects.get(report=report)
    assert FollowUp.objects.get(report=report).status == FollowUp.Status.LINE_SET
    # a stale form (opened at an older version) is refused and nothing changes
    VoteLine.objects.filter(pk=line.pk).update(version=5)
    response = client_for("secretariat").post(
        url, {"position": "pour", "explanation": "", "version": 1}
    )
    assert response.status_code == 200
    assert VoteLine.objects.get(pk=line.pk).position == "contre"
