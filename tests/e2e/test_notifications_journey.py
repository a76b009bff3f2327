"""Notifications and the dashboard, on a phone, from the demo data: the élu sees what is
urgent at the top of his dashboard, then chooses how to receive each kind of notification
and cannot turn off a security alert.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_check, login, shot

DEMO_PASSWORD = "hemicycle-demo"


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def test_elu_reads_his_dashboard_and_sets_his_preferences_on_a_phone(
    phone_page: Page, live_server, demo
):
    page = phone_page
    login(page, live_server, "elu", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    strip = page.get_by_role("region", name="À traiter en priorité")
    expect(strip).to_be_visible()
    # Urgency is said in words, not only in colour.
    expect(strip.get_by_text("En retard").first).to_be_visible()
    axe_check(page)
    shot(page, "notify-dashboard-phone")

    page.goto(f"{live_server.url}/compte/")
    page.get_by_role("link", name="Mes préférences de notification").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Préférences de notification")
    axe_check(page)

    # The demo élu reads comments in Hémicycle only; he wants them in the morning digest.
    comments = page.get_by_role("group", name="Commentaire")
    expect(comments.get_by_label("Dans Hémicycle")).to_be_checked()
    comments.get_by_label("Récapitulatif quotidien").check()
    # A security alert offers no « Jamais ».
    security = page.get_by_role("group", name="Alerte de sécurité")
    expect(security.get_by_label("Jamais")).to_have_count(0)
    page.get_by_role("button", name="Enregistrer mes préférences").click()
    expect(page.get_by_text("Vos préférences de notification sont enregistrées.")).to_be_visible()
    expect(
        page.get_by_role("group", name="Commentaire").get_by_label("Récapitulatif quotidien")
    ).to_be_checked()
    axe_check(page)
    shot(page, "notify-preferences-phone")
