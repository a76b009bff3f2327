from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import Body, FilingKind, FilingRule, Seat

pytestmark = pytest.mark.django_db

MEMBERS = ["secretariat", "president", "bureau", "councillor", "staff"]


@pytest.fixture
def commission(world) -> Body:
    return Body.objects.create(
        term=world["term"],
        kind=Body.Kind.COMMISSION,
        name="Commission Transports",
        short_name="Transports",
        default_place="amiens",
        quorum_rule=Body.Quorum.NONE,
        members_count=20,
    )


def _body_post(**overrides):
    data = {
        "kind": "commission",
        "name": "Commission Environnement",
        "short_name": "Environnement",
        "default_place": "lille",
        "quorum_rule": "present",
        "members_count": "21",
        "convocation_delay_days": "5",
        "group_speaking_minutes": "",
        "order": "3",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("persona", [*MEMBERS, "partner", "observer", "outsider"])
def test_read_pages(persona, client_for, commission):
    client = client_for(persona)
    expected = 200 if persona in MEMBERS else 404
    for name in ("body_list", "seat_list", "filing_rules"):
        assert client.get(reverse(f"council_structure:{name}")).status_code == expected


@pytest.mark.parametrize("persona", [*MEMBERS, "observer", "partner"])
def test_edit_pages_secretariat_only(persona, client_for, commission, world):
    client = client_for(persona)
    expected = 200 if persona == "secretariat" else 404
    assert client.get(reverse("council_structure:body_create")).status_code == expected
    assert (
        client.get(reverse("council_structure:body_edit", args=[commission.pk])).status_code
        == expected
    )
    assert client.get(reverse("council_structure:seat_add")).status_code == expected
    response = client.post(reverse("council_structure:body_create"), _body_post())
    assert Body.objects.filter(name="Commission Environnement").exists() is (
        persona == "secretariat"
    )
    if persona != "secretariat":
        assert response.status_code == 404


def test_body_create_and_archive_with_audit(client_for, commission):
    client = client_for("secretariat")
    client.post(reverse("council_structure:body_create"), _body_post())
    body = Body.objects.get(name="Commission Environnement")
    assert body.quorum_figure() == 11
    response = client.post(
        reverse("council_structure:body_edit", args=[body.pk]),
        {**_body_post(), "is_archived": "on", "version": body.version},
    )
    assert response.status_code == 302
    body.refresh_from_db()
    assert body.is_archived
    assert AuditEntry.objects.filter(action__startswith="council.body.").count() == 2
    page = client.get(reverse("council_structure:body_list")).content.decode()
    assert "Instances archivées" in page


def test_body_form_errors_in_french(client_for, commission):
    response = client_for("secretariat").post(
        reverse("council_structure:body_create"),
        _body_post(name="Commission Transports", members_count="0"),
    )
    page = response.content.decode()
    assert "au moins un membre" in page
    assert Body.objects.count() == 1


def test_seat_add_and_end(client_for, commission, world):
    client = client_for("secretariat")
    response = client.post(
        reverse("council_structure:seat_add"),
        {
            "body": commission.pk,
            "councillor": world["councillor"].pk,
            "role": "titulaire",
            "starts_on": "2024-01-01",
        },
    )
    assert response.status_code == 302
    seat = Seat.objects.get()
    # a second open seat in the same instance is refused
    response = client.post(
        reverse("council_structure:seat_add"),
        {
            "body": commission.pk,
            "councillor": world["councillor"].pk,
            "role": "suppleant",
            "starts_on": "2024-02-01",
        },
    )
    assert "siège déjà" in response.content.decode()
    assert Seat.objects.count() == 1
    response = client.post(
        reverse("council_structure:seat_end", args=[seat.pk]), {"ends_on": "2023-01-01"}
    )
    assert "ne peut précéder" in response.content.decode()
    client.post(reverse("council_structure:seat_end", args=[seat.pk]), {"ends_on": "2025-06-30"})
    seat.refresh_from_db()
    assert seat.ends_on == dt.date(2025, 6, 30)
    assert AuditEntry.objects.filter(action__startswith="council.seat.").count() == 2


def test_seats_section_on_councillor_page(client_for, commission, world):
    Seat.objects.create(
        body=commission, councillor=world["councillor"], starts_on=dt.date(2022, 1, 1)
    )
    page = client_for("bureau").get(
        reverse("group:councillor_detail", args=[world["councillor"].pk])
    )
    text = page.content.decode()
    assert "Sièges en commission" in text and "Commission Transports" in text


def _rules_post(**overrides):
    data = {}
    for kind in FilingKind.values:
        data[f"{kind}-deadline_hours"] = "72"
        data[f"{kind}-max_per_sitting"] = ""
        data[f"{kind}-min_signatories"] = "1"
        data[f"{kind}-max_length"] = ""
    data.update(overrides)
    return data


def test_filing_rules_saved_all_together(client_for, world):
    client = client_for("secretariat")
    response = client.post(
        reverse("council_structure:filing_rules"),
        _rules_post(**{"voeu-max_per_sitting": "2", "tribune-max_length": "1500"}),
    )
    assert response.status_code == 302
    assert FilingRule.objects.count() == len(FilingKind.values)
    assert FilingRule.objects.get(kind="voeu").max_per_sitting == 2
    assert AuditEntry.objects.filter(action="council.filing_rule.saved").count() == len(
        FilingKind.values
    )


def test_filing_rules_all_or_nothing_with_french_errors(client_for, world):
    client = client_for("secretariat")
    client.post(reverse("council_structure:filing_rules"), _rules_post())
    before = list(FilingRule.objects.values_list("kind", "deadline_hours"))
    response = client.post(
        reverse("council_structure:filing_rules"),
        _rules_post(
            **{
                "amendement-deadline_hours": "48",
                "motion-deadline_hours": "",
                "voeu-min_signatories": "0",
                "tribune-max_length": "abc",
            }
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "aucune règle n’a été enregistrée" in page
    assert "Motion : ce champ est obligatoire." in page
    assert "supérieure ou égale à 1" in page
    assert "nombre entier" in page
    assert list(FilingRule.objects.values_list("kind", "deadline_hours")) == before


def test_blank_rows_are_left_out(client_for, world):
    data = {
        f"{k}-{f}": ""
        for k in FilingKind.values
        for f in ("deadline_hours", "max_per_sitting", "min_signatories", "max_length")
    }
    data.update({"amendement-deadline_hours": "72", "amendement-min_signatories": "1"})
    response = client_for("secretariat").post(reverse("council_structure:filing_rules"), data)
    assert response.status_code == 302
    assert list(FilingRule.objects.values_list("kind", flat=True)) == ["amendement"]


def test_filing_rules_post_refused_for_bureau(client_for, world):
    response = client_for("bureau").post(reverse("council_structure:filing_rules"), _rules_post())
    assert response.status_code == 404
    assert not FilingRule.objects.exists()
