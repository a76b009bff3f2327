"""Global search on the demo data: the secrétariat types « transports scolaires » in the
header's box, gets rapports, filings, notes and speeches with their passages highlighted,
narrows to one kind and opens a hit; on a phone, the partner group's account finds only
the filing shared with it. axe-core's RGAA rules run on every page visited."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_check, login, shot

PASSWORD = "hemicycle-demo"


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def test_search_from_the_header(page: Page, live_server, demo):
    login(page, live_server, "secretariat", PASSWORD)
    box = page.get_by_role("searchbox", name="Rechercher dans Hémicycle")
    box.fill("transports scolaires")
    box.press("Enter")
    expect(page.get_by_role("heading", name="Recherche", exact=True)).to_be_visible()
    expect(page.locator(".search-hit mark").first).to_be_visible()
    facets = page.get_by_role("navigation", name="Types de résultats")
    expect(facets.get_by_role("link", name="Rapports")).to_be_visible()
    axe_check(page)
    shot(page, "search-results")

    facets.get_by_role("link", name="Dépôts").click()
    hits = page.locator(".search-hit")
    expect(hits.first.locator(".badge")).to_have_text("Dépôts")
    axe_check(page)
    hits.first.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/depots/\d+/$"))

    page.goto(f"{live_server.url}/recherche/?q=zzzqqq")
    expect(page.get_by_text("Aucun résultat pour «\u00a0zzzqqq\u00a0»")).to_be_visible()
    axe_check(page)


def test_partner_finds_only_what_is_shared(phone_page: Page, live_server, demo):
    page = phone_page
    login(page, live_server, "partenaire", PASSWORD)
    box = page.get_by_role("searchbox", name="Rechercher dans Hémicycle")
    box.fill("transports scolaires")
    box.press("Enter")
    hits = page.locator(".search-hit")
    expect(hits).to_have_count(1)
    expect(hits.first.locator(".badge")).to_have_text("Dépôts")
    axe_check(page)
    shot(page, "search-partner-phone")
