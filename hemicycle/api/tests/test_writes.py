"""Writes go through the same services as the pages: same refusals, same audit rows."""

from __future__ import annotations

import pytest

from hemicycle.core.models import AuditEntry
from hemicycle.filings.models import Filing
from hemicycle.votes.models import Vote


def _create(api, w, **extra):
    body = {
        "kind": "amendement",
        "sitting": w["sitting"].pk,
        "report": w["report"].pk,
        "title": "Gratuité des TER pour les lycéen·nes",
        "article": "Article 2",
        "text": "Les lycéen·nes voyagent gratuitement.",
        "motives": "Le coût du transport pèse sur les familles.",
        **extra,
    }
    return api.post("/api/v1/filings", body)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("councillor", 201), ("staff", 201), ("partner", 404), ("observer", 404), ("anonymous", 401)],
)
def test_who_may_create_a_draft(persona, status, api_world, api_for):
    before = Filing.objects.count()
    response = _create(api_for(persona), api_world, first_author=api_world["councillor"].pk)
    assert response.status_code == status, response.content
    assert Filing.objects.count() == before + (status == 201)


def test_create_uses_the_account_councillor_and_audits(api_world, api_for):
    response = _create(api_for("councillor"), api_world)
    body = response.json()
    assert body["status"] == "draft"
    assert body["authors"][0]["councillor_id"] == api_world["councillor"].pk
    assert body["current_version"]["number"] == 1
    assert AuditEntry.objects.filter(action="filings.created", target_id=str(body["id"])).exists()


def test_refusal_is_a_french_400_by_field_and_changes_nothing(api_world, api_for):
    before = Filing.objects.count()
    response = _create(api_for("councillor"), api_world, motives="")
    assert response.status_code == 400
    body = response.json()
    assert "motives" in body["errors"]
    assert "exposé des motifs" in body["detail"]
    assert Filing.objects.count() == before


def test_unknown_sitting_is_a_field_error(api_world, api_for):
    response = _create(api_for("councillor"), api_world, sitting=999999, report=None)
    assert response.status_code == 400
    assert "sitting" in response.json()["errors"]


def test_malformed_body_is_a_400(api_world, api_for):
    response = api_for("councillor").post("/api/v1/filings", {"kind": "inconnu"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("Requête invalide")


def test_version_then_workflow_to_filed(api_world, api_for):
    draft = api_world["draft"]
    elu, secretariat = api_for("councillor"), api_for("secretariat")
    url = f"/api/v1/filings/{draft.pk}"
    response = elu.post(
        f"{url}/versions",
        {
            "text": "Nouvelle rédaction.",
            "motives": "Motifs.",
            "base_number": 1,
            "summary": "reformulation",
        },
    )
    assert response.status_code == 201, response.content
    assert response.json()["current_version"]["number"] == 2
    # Someone who wrote on version 1 is told of the newer version: 409, nothing saved.
    stale = elu.post(f"{url}/versions", {"text": "Autre.", "motives": "M.", "base_number": 1})
    assert stale.status_code == 409
    assert draft.versions.count() == 2
    assert elu.post(f"{url}/transitions/submit").json()["status"] == "review"
    # An élu·e may not validate: refused as a missing object, nothing changed.
    assert elu.post(f"{url}/transitions/validate").status_code == 404
    draft.refresh_from_db()
    assert draft.status == "review"
    assert secretariat.post(f"{url}/transitions/validate").json()["status"] == "validated"
    missing = secretariat.post(f"{url}/file", {"registration_number": " "})
    assert missing.status_code == 400
    filed = secretariat.post(f"{url}/file", {"registration_number": "2026-A-042"})
    assert filed.status_code == 200, filed.content
    assert filed.json()["status"] == "filed"
    assert filed.json()["registration_number"] == "2026-A-042"


def test_partner_cannot_write_on_a_shared_filing(api_world, api_for):
    shared = api_world["shared"]
    response = api_for("partner").post(f"/api/v1/filings/{shared.pk}/transitions/abandon")
    assert response.status_code == 404
    shared.refresh_from_db()
    assert shared.status == "filed"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("councillor", 200), ("secretariat", 200), ("observer", 404), ("partner", 404)],
)
def test_record_own_vote(persona, status, api_world, api_for):
    from hemicycle.group.models import Councillor

    Councillor.objects.filter(pk=api_world["councillor"].pk).update(status="active")
    url = f"/api/v1/votes/events/{api_world['event'].pk}/votes/{api_world['councillor'].pk}"
    response = api_for(persona).put(url, {"option": "pour"})
    assert response.status_code == status, response.content
    assert Vote.objects.filter(vote_event=api_world["event"]).count() == (status == 200)


def test_a_councillor_may_not_record_someone_else(api_world, api_for):
    other = api_world["president_councillor"]
    url = f"/api/v1/votes/events/{api_world['event'].pk}/votes/{other.pk}"
    assert api_for("councillor").put(url, {"option": "contre"}).status_code == 404
    assert not Vote.objects.exists()
