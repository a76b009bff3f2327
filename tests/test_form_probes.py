"""SQL and script probes in every field of every form the application serves.

For each URL of the access matrix that answers a GET with HTML, the first persona allowed
to open it submits every form of the page, filters included (to its own action) with every text field, text area
and select set to each probe (hidden fields such as versions and CSRF tokens are kept, so
the probe reaches the service). No probe may cause a server error or come back unescaped.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from tests.test_url_access import ACCESS, url_world  # noqa: F401  (url_world is a fixture)

PROBES = [
    "' OR '1'='1' --",
    "1); DROP TABLE accounts_user; --",
    "<script>alert('x')</script>",
    '"><img src=x onerror=alert(1)>',
]
UNESCAPED = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>"]
# Fields whose content is a file, or which only take part in navigation.
SKIP_TYPES = {"file", "submit", "button", "reset", "image"}
# Leaving the session would end the test's own login.
SKIP_ACTIONS = ("/compte/deconnexion/",)
ROLE_ORDER = ("secretariat", "president", "bureau", "councillor", "staff", "partner", "observer")


class _Forms(HTMLParser):
    """The forms of a page and their fields (name, type, value)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        data = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._current = {
                "action": data.get("action", ""),
                "method": data.get("method", "get").lower(),
                "fields": [],
                "multipart": False,
            }
            self._current["multipart"] = "multipart" in data.get("enctype", "")
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "textarea", "select"}:
            kind = "textarea" if tag == "textarea" else data.get("type", "text").lower()
            if tag == "select":
                kind = "select"
            if data.get("name"):
                self._current["fields"].append((data["name"], kind, data.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def _form_pages() -> list[str]:
    return sorted(name for name, rule in ACCESS.items() if rule.method == "get" and not rule.public)


@pytest.mark.parametrize("url_name", _form_pages())
def test_every_form_survives_probes(url_name, url_world, personas, client_for):  # noqa: F811
    rule = ACCESS[url_name]
    persona = next((p for p in ROLE_ORDER if p in rule.allowed), None)
    if persona is None:
        pytest.skip("no persona may open this page")
    url = reverse(url_name, kwargs=rule.kwargs(url_world, personas))
    client = client_for(persona)
    page = client.get(url)
    if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
        pytest.skip("not an HTML page")
    parser = _Forms()
    parser.feed(page.content.decode())
    forms = [
        f
        for f in parser.forms
        if not f["multipart"]
        and (f["action"] in {"", url} or f["action"].startswith("/"))
        and not f["action"].startswith(SKIP_ACTIONS)
    ]
    if not forms:
        pytest.skip("no form on this page")
    for form in forms:
        target = form["action"] or url
        send = client.post if form["method"] == "post" else client.get
        for probe in PROBES:
            data: dict[str, Any] = {}
            for name, kind, value in form["fields"]:
                if kind in SKIP_TYPES:
                    continue
                if kind in {"hidden", "checkbox", "radio"}:
                    data.setdefault(name, value)
                else:
                    data[name] = probe
            response = send(target, data)
            assert response.status_code < 500, (url, target, probe)
            if "text/html" in response.get("Content-Type", ""):
                html = response.content.decode()
                for raw in UNESCAPED:
                    assert raw not in html, (url, probe)
