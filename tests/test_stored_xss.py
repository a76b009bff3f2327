"""Stored script injection: every text field of the demo set to a script, every page read.

Each free-text field (CharField, TextField) of every model of the project is overwritten
in a few rows with a script payload, bypassing the forms as an attacker with database
access or a future import bug would; then the secretariat, who sees the most, crawls every
page it can reach. No page may fail, and none may carry the payload unescaped.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client

from tests.test_leaks import SKIP_PREFIXES, _links, _normalise, _url_name

# Marked so that pytest-django creates the test database; the fixture below refuses any
# other database, since it empties it.
pytestmark = pytest.mark.django_db

PAYLOAD = "<script>xss()</script>"
ROWS_PER_MODEL = 3
MAX_PAGES = 300
MAX_PER_VIEW = 12
# Fields whose content the application interprets rather than displays.
SKIPPED_FIELDS = {"username", "password", "match_key", "sha256", "session_key", "token"}


def _poison() -> int:
    """Overwrite free-text fields of a few rows of every project model; returns fields hit."""
    hit = 0
    for model in apps.get_models():
        if not model.__module__.startswith("hemicycle."):
            continue
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and f.name not in SKIPPED_FIELDS
            and (f.max_length is None or f.max_length >= len(PAYLOAD) + 8)
        ]
        if not fields:
            continue
        pks = model._default_manager.order_by("pk").values_list("pk", flat=True)
        for pk in list(pks[:ROWS_PER_MODEL]):
            # The row's key keeps unique columns (names, e-mails) unique.
            value = f"{PAYLOAD} {pk}"
            model._default_manager.filter(pk=pk).update(**dict.fromkeys(fields, value))
            hit += len(fields)
    return hit


@pytest.fixture(scope="module")
def poisoned(django_db_setup: Any, django_db_blocker: Any) -> Iterator[Any]:
    from django.db import connection

    from hemicycle.accounts.models import User

    name = str(connection.settings_dict["NAME"])
    test_name = connection.settings_dict.get("TEST", {}).get("NAME")
    assert name == test_name or "test" in name or "memory" in name, f"refusing to reset {name}"
    with django_db_blocker.unblock():
        call_command("seed_demo", "--reset", verbosity=0)
        assert _poison() > 40
        yield User.objects.get(username="secretariat")
        call_command("flush", interactive=False, verbosity=0)


def test_no_page_shows_a_stored_script(poisoned, django_db_blocker):
    client = Client()
    unescaped: list[str] = []
    escaped_seen = 0
    visited = 0
    with django_db_blocker.unblock():
        client.force_login(poisoned)
        queue: deque[str] = deque(["/"])
        queued = {"/"}
        per_view: Counter[str] = Counter()
        while queue and visited < MAX_PAGES:
            url = queue.popleft()
            response = client.get(url)
            visited += 1
            assert response.status_code in {200, 302, 404}, (url, response.status_code)
            if "text/html" not in response.get("Content-Type", ""):
                continue
            html = response.content.decode(errors="replace")
            if PAYLOAD in html or PAYLOAD.upper() in html:
                unescaped.append(url)
            if "&lt;script&gt;xss()" in html.lower():
                escaped_seen += 1
            for href in _links(html):
                target = _normalise(url, href)
                if target is None or target in queued:
                    continue
                path = urlsplit(target).path
                if path.startswith(SKIP_PREFIXES) or "page=" in target:
                    continue
                view = _url_name(path) or path
                if per_view[view] >= MAX_PER_VIEW:
                    continue
                per_view[view] += 1
                queued.add(target)
                queue.append(target)
    assert visited > 100
    # The poisoned values were really displayed (escaped) on many pages.
    assert escaped_seen > 50
    assert not unescaped, unescaped
