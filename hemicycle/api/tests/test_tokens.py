"""Tokens: hashed, shown once, revocable, refused when expired or the account inactive."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hemicycle.api import services
from hemicycle.api.models import ApiToken
from hemicycle.core.models import AuditEntry


def test_token_page_creates_and_shows_once(personas, client_for):
    client = client_for("partner")
    response = client.post("/compte/api/", {"name": "Export SOC"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=personas["partner"])
    raw = response.context["new_token"]
    assert raw.startswith("hmc_") and raw.encode() in response.content
    assert raw not in token.token_hash and token.prefix == raw[:10]
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert raw.encode() not in client.get("/compte/api/").content
    assert AuditEntry.objects.filter(action="api.token_created").count() == 1


def test_revoked_expired_and_inactive_are_401(personas, api_world):
    from hemicycle.api.tests.conftest import ApiClient

    user = personas["staff"]
    token, raw = services.create_token(owner=user, name="t", expires_on=None, acting_user=user)
    api = ApiClient(raw)
    assert api.get("/api/v1/sittings").status_code == 200
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    assert api.get("/api/v1/sittings").status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None)
    user.is_active = False
    user.save()
    assert api.get("/api/v1/sittings").status_code == 401
    user.is_active = True
    user.save()
    services.revoke_token(token=token, acting_user=user)
    response = api.get("/api/v1/sittings")
    assert response.status_code == 401
    assert "jeton" in response.json()["detail"]
    assert AuditEntry.objects.filter(action="api.token_revoked").count() == 1
    assert ApiClient("hmc_inconnu").get("/api/v1/sittings").status_code == 401


def test_secretariat_manages_partner_tokens_only(personas, client_for):
    client = client_for("secretariat")
    partner, staff = personas["partner"], personas["staff"]
    assert client.post(f"/compte/api/comptes/{partner.pk}/", {"name": "SOC"}).status_code == 200
    assert ApiToken.objects.filter(user=partner, created_by=personas["secretariat"]).exists()
    assert client.post(f"/compte/api/comptes/{staff.pk}/", {"name": "x"}).status_code == 404
    assert not ApiToken.objects.filter(user=staff).exists()


def test_someone_else_cannot_revoke(personas, client_for):
    owner = personas["councillor"]
    token, _ = services.create_token(owner=owner, name="t", expires_on=None, acting_user=owner)
    assert client_for("staff").post(f"/compte/api/{token.pk}/revoquer/").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_past_expiry_is_refused(personas, client_for):
    response = client_for("staff").post("/compte/api/", {"name": "t", "expires_on": "2020-01-01"})
    assert "doit être à venir" in response.content.decode()
    assert not ApiToken.objects.exists()
