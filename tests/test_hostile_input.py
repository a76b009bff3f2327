"""Hostile input on the main pages: SQL and script probes in every filter and in forms.

No probe may cause a server error, change data, or come back unescaped in a page.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from hemicycle.group.models import Councillor

PROBES = [
    "' OR '1'='1",
    "1; DROP TABLE group_councillor; --",
    '" OR 1=1 --',
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
    "%' UNION SELECT username, password FROM accounts_user --",
    "é" * 3000,
    "\x00",
    "../../etc/passwd",
]

# url name → the GET parameters its filter form reads
FILTER_PAGES = {
    "group:councillor_list": ["q", "party", "section", "status"],
    "council:roster": ["q", "section", "group", "status", "page"],
    "core:audit_log": ["q", "actor", "action", "target_type", "since", "until", "page"],
    "accounts:user_list": ["q", "role", "active", "page"],
    "sittings:sitting_list": ["body", "status"],
    "sittings:sitting_calendar": ["mois"],
    "sittings:report_list": ["q", "commission", "theme", "departement", "min", "max", "page"],
    "positions:backlog": ["referent", "staff_member", "unassigned"],
    "filings:list": ["q", "kind", "status", "sitting", "author", "page"],
    "core:notification_list": ["page"],
}

UNESCAPED = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>"]


@pytest.mark.parametrize("url_name", sorted(FILTER_PAGES))
@pytest.mark.parametrize("probe", PROBES)
def test_filters_survive_probes(url_name, probe, client_for, world):
    before = Councillor.objects.count()
    client = client_for("secretariat")
    params = dict.fromkeys(FILTER_PAGES[url_name], probe)
    response = client.get(reverse(url_name), params)
    assert response.status_code in {200, 302, 400}, (url_name, probe)
    html = response.content.decode(errors="replace")
    for raw in UNESCAPED:
        assert raw not in html, (url_name, probe)
    assert Councillor.objects.count() == before


@pytest.mark.parametrize("field", ["first_name", "last_name", "commune"])
def test_script_in_a_saved_name_is_escaped_everywhere(field, client_for, world):
    councillor = world["councillor"]
    Councillor.objects.filter(pk=councillor.pk).update(**{field: "<script>alert('x')</script>"})
    client = client_for("secretariat")
    for url in (
        reverse("group:councillor_list"),
        reverse("group:councillor_detail", args=[councillor.pk]),
    ):
        # Names are also shown in capitals: compare case-insensitively.
        html = client.get(url).content.decode().lower()
        assert "<script>alert" not in html, url
        assert "&lt;script&gt;" in html, url


def test_login_form_refuses_sql_probes_without_error(client, db):
    for probe in PROBES[:6]:
        response = client.post(reverse("accounts:login"), {"username": probe, "password": probe})
        assert response.status_code in {200, 429}
        assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("probe", PROBES)
def test_filing_forms_survive_probes(probe, client_for, world):
    """Every field of the filing creation and comment forms: no error page, nothing
    half-written, the probe shown back escaped."""
    from hemicycle.filings.models import Filing

    client = client_for("councillor")
    response = client.post(
        reverse("filings:create") + "?type=question_ecrite",
        {"title": probe, "text": probe, "motives": probe, "due_at": probe, "first_author": probe},
    )
    assert response.status_code == 200
    assert Filing.objects.count() == 0
    for raw in UNESCAPED:
        assert raw not in response.content.decode()
