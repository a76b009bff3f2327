"""Every URL declares who may open it, and this file tests that rule for every persona.

Adding a URL without adding it to ACCESS below fails `test_every_url_has_a_tested_rule`.
A refused persona gets 404, exactly like a missing page; anonymous visitors are sent to
the login page, except on public pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS

INTERNAL = {"secretariat", "president", "bureau", "councillor", "staff"}
READERS = INTERNAL | {"observer"}
LEADERS = {"secretariat", "president", "bureau"}
AUTHENTICATED = set(PERSONAS)


@dataclass
class Rule:
    allowed: set[str]
    kwargs: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] = lambda w, p: {}
    method: str = "get"
    ok: int = 200
    public: bool = False
    data: dict[str, Any] = field(default_factory=dict)


def _staff_pk(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["staff_member"].pk}


ACCESS: dict[str, Rule] = {
    # core
    "core:dashboard": Rule(AUTHENTICATED),
    "core:audit_log": Rule({"secretariat"}),
    # accounts
    "accounts:login": Rule(set(), public=True, ok=302),
    "accounts:logout": Rule(AUTHENTICATED, method="post", ok=302),
    "accounts:profile": Rule(AUTHENTICATED),
    "accounts:password_change": Rule(AUTHENTICATED),
    "accounts:password_reset": Rule(set(), public=True),
    "accounts:password_reset_done": Rule(set(), public=True),
    "accounts:password_reset_confirm": Rule(
        set(), public=True, kwargs=lambda w, p: {"uidb64": "MQ", "token": "invalide-0"}
    ),
    "accounts:password_reset_complete": Rule(set(), public=True),
    "accounts:user_list": Rule({"secretariat"}),
    "accounts:user_create": Rule({"secretariat"}),
    "accounts:user_detail": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": p["staff"].pk}),
    "accounts:user_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": p["staff"].pk}),
    "accounts:user_set_active": Rule(
        {"secretariat"},
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": p["observer"].pk},
        data={"active": "1"},
    ),
    "accounts:user_send_password_link": Rule(
        {"secretariat"}, method="post", ok=302, kwargs=lambda w, p: {"pk": p["observer"].pk}
    ),
    # council
    "council:roster": Rule(READERS),
    "council:member_detail": Rule(READERS, kwargs=lambda w, p: {"pk": w["roster_member"].pk}),
    "council:member_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["roster_member"].pk}),
    "council:import_upload": Rule({"secretariat"}),
    # Without a pending file the preview sends the secretariat back to the upload form.
    "council:import_preview": Rule({"secretariat"}, ok=302),
    "council:import_list": Rule({"secretariat"}),
    "council:import_detail": Rule(
        {"secretariat"}, kwargs=lambda w, p: {"pk": w["roster_import"].pk}
    ),
    "council:group_list": Rule(READERS),
    "council:group_create": Rule({"secretariat"}),
    "council:group_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["ally"].pk}),
    # group
    "group:detail": Rule(READERS),
    "group:edit": Rule({"secretariat"}),
    "group:party_create": Rule({"secretariat"}),
    "group:party_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["party"].pk}),
    "group:councillor_list": Rule(READERS),
    "group:councillor_create": Rule({"secretariat"}),
    "group:councillor_detail": Rule(READERS, kwargs=lambda w, p: {"pk": w["councillor"].pk}),
    "group:councillor_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["councillor"].pk}),
    "group:staff_list": Rule(INTERNAL),
    "group:staff_create": Rule({"secretariat"}),
    "group:staff_detail": Rule(INTERNAL, kwargs=_staff_pk),
    "group:staff_edit": Rule({"secretariat"}, kwargs=_staff_pk),
    "group:contract_create": Rule({"secretariat"}, kwargs=_staff_pk),
    "group:contract_edit": Rule(
        {"secretariat"},
        kwargs=lambda w, p: {"pk": w["staff_member"].pk, "contract_pk": w["contract"].pk},
    ),
}


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            found += _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}", entry.callback))
    return found


def _app_urls() -> list[tuple[str, Any]]:
    # Django's admin is protected by its own staff check, tested separately below.
    return [
        (name, cb)
        for name, cb in _walk(get_resolver().url_patterns)
        if not name.startswith("admin:")
    ]


def test_every_url_has_a_tested_rule():
    names = {name for name, _ in _app_urls()}
    missing = sorted(names - set(ACCESS))
    assert not missing, f"URL sans règle d’accès testée dans ACCESS : {missing}"
    stale = sorted(set(ACCESS) - names)
    assert not stale, f"Règles pour des URL qui n’existent plus : {stale}"


def test_every_view_declares_its_access_rule():
    undeclared = sorted(name for name, cb in _app_urls() if not hasattr(cb, "access_rule"))
    assert not undeclared, f"Vues sans règle d’accès déclarée : {undeclared}"


@pytest.fixture
def url_world(world, personas):
    from hemicycle.council.tests.factories import RosterImportFactory, RosterMemberFactory
    from hemicycle.group.tests.factories import StaffContractFactory

    contract = StaffContractFactory()
    return {
        **world,
        "roster_member": RosterMemberFactory(term=world["term"]),
        "roster_import": RosterImportFactory(term=world["term"]),
        "party": world["councillor"].party,
        "staff_member": contract.staff_member,
        "contract": contract,
    }


CASES = [(name, persona) for name in ACCESS for persona in (*PERSONAS, "anonymous")]


@pytest.mark.parametrize(("url_name", "persona_name"), CASES)
def test_access_rule(url_name, persona_name, url_world, personas, client_for):
    rule = ACCESS[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(url_world, personas))
    client = client_for(persona_name)
    response = getattr(client, rule.method)(url, rule.data)
    if persona_name == "anonymous":
        if rule.public:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url
    elif rule.public:
        # Public pages stay reachable when logged in (the login page sends one home).
        assert response.status_code in {200, rule.ok}, url
    elif persona_name in rule.allowed:
        assert response.status_code == rule.ok, (url, persona_name)
    else:
        assert response.status_code == 404, (url, persona_name)


@pytest.mark.parametrize("persona_name", [p for p in PERSONAS if p != "secretariat"])
def test_django_admin_is_for_superusers_only(persona_name, client_for):
    response = client_for(persona_name).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
