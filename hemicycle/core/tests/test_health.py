"""The health check at /sante/: public, JSON, never cached, 503 naming what failed."""

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from huey.contrib.djhuey import HUEY

from hemicycle.accounts.tests.factories import UserFactory
from hemicycle.core.roles import Role

URL = "/sante/"


def _broken(*args, **kwargs):
    raise ConnectionError("unreachable")


def test_the_url_is_sante():
    assert reverse("core:health") == URL


def test_healthy_answers_200_in_json_without_a_login(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}


def test_never_cached(client, db):
    response = client.get(URL)
    assert "no-store" in response["Cache-Control"]
    assert "no-cache" in response["Cache-Control"]


def test_head_is_answered_for_load_balancers(client, db):
    assert client.head(URL).status_code == 200


def test_a_post_is_refused(client, db):
    assert client.post(URL).status_code == 405


def test_503_when_the_queue_fails(client, db, monkeypatch, caplog):
    monkeypatch.setattr(HUEY.storage, "queue_size", _broken)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "queue": "error"}
    # The reason goes to the log, never to the anonymous caller.
    assert "unreachable" not in response.content.decode()
    assert "job queue" in caplog.text


def test_503_when_the_database_fails(client, db, monkeypatch):
    # Undone before the test database's own teardown, which needs a cursor.
    with monkeypatch.context() as patch:
        patch.setattr(connections["default"], "cursor", _broken)
        response = client.get(URL)
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error", "queue": "ok"}


def test_a_session_owing_its_second_factor_is_not_redirected(db, settings):
    settings.HEMICYCLE_REQUIRE_2FA = True
    client = Client()
    client.force_login(UserFactory(role=Role.SECRETARIAT))
    assert client.get(reverse("core:dashboard")).status_code == 302
    assert client.get(URL).status_code == 200


@pytest.mark.parametrize("secure", [False, True])
def test_no_https_redirect_for_the_load_balancer(db, settings, secure):
    settings.SECURE_SSL_REDIRECT = True
    client = Client()
    assert client.get(URL, secure=secure).status_code == 200
    assert client.get(reverse("accounts:login"), secure=False).status_code == 301


def test_no_session_is_created(client, db):
    response = client.get(URL)
    assert "sessionid" not in response.cookies
