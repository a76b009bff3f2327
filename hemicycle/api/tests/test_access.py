"""Each endpoint answers exactly as its area's web pages do, for every persona.

Allowed: 200. Refused: 404, like a missing object. No token: 401.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from conftest import PERSONAS

INTERNAL = {"secretariat", "president", "bureau", "councillor", "staff"}
READERS = INTERNAL | {"observer"}

World = dict[str, Any]
READS: dict[str, tuple[set[str], Callable[[World], str]]] = {
    "group": (READERS, lambda w: "/api/v1/group"),
    "parties": (READERS, lambda w: "/api/v1/group/parties"),
    "councillors": (READERS, lambda w: "/api/v1/group/councillors"),
    "councillor": (READERS, lambda w: f"/api/v1/group/councillors/{w['councillor'].pk}"),
    "terms": (READERS, lambda w: "/api/v1/council/terms"),
    "council_groups": (READERS, lambda w: "/api/v1/council/groups"),
    "council_group": (READERS, lambda w: f"/api/v1/council/groups/{w['ally'].pk}"),
    "roster": (READERS, lambda w: "/api/v1/council/roster"),
    "bodies": (INTERNAL, lambda w: "/api/v1/council/bodies"),
    "body": (INTERNAL, lambda w: f"/api/v1/council/bodies/{w['sitting'].body_id}"),
    "sittings": (READERS, lambda w: "/api/v1/sittings"),
    "sitting": (READERS, lambda w: f"/api/v1/sittings/{w['sitting'].pk}"),
    "reports": (READERS, lambda w: "/api/v1/sittings/reports"),
    "report": (READERS, lambda w: f"/api/v1/sittings/reports/{w['report'].pk}"),
    "vote_lines": (INTERNAL, lambda w: "/api/v1/positions/vote-lines"),
    "follow_up": (INTERNAL, lambda w: f"/api/v1/positions/reports/{w['report'].pk}"),
    "filings": (READERS | {"partner", "outsider"}, lambda w: "/api/v1/filings"),
    "shared_filing": (READERS | {"partner"}, lambda w: f"/api/v1/filings/{w['shared'].pk}"),
    "draft_filing": (INTERNAL, lambda w: f"/api/v1/filings/{w['draft'].pk}"),
    "vote_events": (INTERNAL, lambda w: "/api/v1/votes/events"),
    "vote_event": (INTERNAL, lambda w: f"/api/v1/votes/events/{w['event'].pk}"),
    "votes": (INTERNAL, lambda w: f"/api/v1/votes/events/{w['event'].pk}/votes"),
}


@pytest.mark.parametrize(
    ("endpoint", "persona"), [(e, p) for e in READS for p in (*PERSONAS, "anonymous")]
)
def test_read_access(endpoint, persona, api_world, api_for):
    allowed, url = READS[endpoint]
    response = api_for(persona).get(url(api_world))
    if persona == "anonymous":
        assert response.status_code == 401
        assert response["WWW-Authenticate"].startswith("Bearer")
    elif persona in allowed:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 404, (persona, response.content)
        assert "Introuvable" in response.json()["detail"]


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("secretariat", {"shared", "draft"}),
        ("councillor", {"shared", "draft"}),
        ("observer", {"shared"}),
        ("partner", {"shared"}),
        ("outsider", set()),
    ],
)
def test_filing_list_shows_what_the_pages_show(persona, visible, api_world, api_for):
    response = api_for(persona).get("/api/v1/filings")
    ids = {row["id"] for row in response.json()["items"]}
    assert ids == {api_world[name].pk for name in visible}


def test_contact_details_for_members_only(api_world, api_for):
    url = f"/api/v1/group/councillors/{api_world['councillor'].pk}"
    api_world["councillor"].email = "nadia@example.org"
    api_world["councillor"].save()
    assert api_for("staff").get(url).json()["email"] == "nadia@example.org"
    assert api_for("observer").get(url).json()["email"] is None


def test_session_is_not_accepted(api_world, client_for):
    response = client_for("secretariat").get("/api/v1/filings")
    assert response.status_code == 401


def test_filing_detail_has_text_and_authors(api_world, api_for):
    body = api_for("partner").get(f"/api/v1/filings/{api_world['shared'].pk}").json()
    assert body["current_version"]["number"] == 1
    assert body["current_version"]["text"]
    assert body["authors"][0]["councillor_id"] == api_world["councillor"].pk
    assert body["registration_number"] == "2026-A-001"
