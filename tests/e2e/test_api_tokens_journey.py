"""A partner creates an API token from « Mon compte », uses it, and revokes it."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from hemicycle.accounts.tests.factories import PASSWORD
from tests.e2e.conftest import axe_check, login, shot


def _get(page: Page, url: str, token: str) -> int:
    # The browser's session cookie goes along too: only the token counts.
    return page.request.get(url, headers={"Authorization": f"Bearer {token}"}).status


def test_partner_creates_uses_and_revokes_a_token(page: Page, live_server, personas):
    login(page, live_server, "partenaire", PASSWORD)
    page.goto("/compte/")
    page.get_by_role("link", name="Accès à l’API").click()
    expect(page.get_by_role("heading", name="Accès à l’API", level=1)).to_be_visible()
    page.get_by_label("Nom du jeton").fill("Export du groupe socialiste")
    page.get_by_role("button", name="Créer le jeton").click()

    token = page.get_by_label("Jeton", exact=True).input_value()
    assert token.startswith("hmc_")
    axe_check(page)
    shot(page, "api-token-created")
    assert _get(page, f"{live_server.url}/api/v1/filings", token) == 200

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Révoquer le jeton Export du groupe socialiste").click()
    expect(page.get_by_text("révoqué le")).to_be_visible()
    assert _get(page, f"{live_server.url}/api/v1/filings", token) == 401


def test_endpoint_list_is_accessible(page: Page, live_server):
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="filings")).to_be_visible()
    axe_check(page)
