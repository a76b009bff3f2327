"""The foundation, as the demo shows it: the secretariat describes the group and the roster,
creates a colleague's account; a partner and an observer see only what their role allows.

Each journey starts from the real demo data (`seed_demo`), and runs axe-core's RGAA rules
on every page it visits.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_check, login, shot

DEMO_PASSWORD = "hemicycle-demo"
RNE_2025 = (
    Path(__file__).resolve().parents[2]
    / "hemicycle/council/fixtures/rne/conseillers-regionaux-2025-03.csv"
)


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def visit(page: Page, link: str, heading: str | re.Pattern) -> None:
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name=link, exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page)


def test_secretariat_finds_the_group_described_and_reimports_the_roster(
    page: Page, live_server, demo
):
    login(page, live_server, "secretariat", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    expect(page.get_by_text("Contrats de l’équipe à surveiller")).to_be_visible()
    axe_check(page)
    shot(page, "foundation-dashboard")

    visit(page, "Élu·es", "Élu·es du groupe")
    expect(page.get_by_text("14 élu·es")).to_be_visible()
    page.get_by_label("Parti").select_option(label="LFI")
    expect(page.get_by_text("5 élu·es")).to_be_visible()
    page.get_by_role("link", name=re.compile("Karim BENHADDOU")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("M. Karim Benhaddou")
    expect(page.get_by_text("Co-président·e", exact=True)).to_be_visible()
    axe_check(page)

    visit(page, "Équipe", "Équipe salariée")
    expect(page.get_by_text("Fin de contrat le 31/12/2026").first).to_be_visible()

    visit(page, "Le groupe", "Groupe Écologiste et Solidaire")
    visit(page, "Conseil régional", re.compile("conseiller·ères régionaux·ales", re.I))
    expect(page.get_by_text("170 élu·es")).to_be_visible()

    page.get_by_role("link", name="Importer le fichier du RNE").click()
    axe_check(page)
    page.get_by_label(re.compile("Fichier")).set_input_files(str(RNE_2025))
    page.get_by_role("button", name=re.compile("Prévisualiser|Aperçu|Analyser", re.I)).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Aperçu")
    axe_check(page)
    shot(page, "foundation-rne-preview")
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.locator(".messages")).to_contain_text("3")
    page.get_by_label("Statut").select_option(label="Parti·es")
    expect(page.get_by_text("3 élu·es")).to_be_visible()
    axe_check(page)

    visit(page, "Comptes", "Comptes")
    page.get_by_role("link", name="Nouveau compte").click()
    axe_check(page)
    page.get_by_label("Identifiant").fill("amandine")
    page.get_by_label("Prénom").fill("Amandine")
    page.get_by_label(re.compile(r"^Nom")).fill("Petit")
    page.get_by_label("E-mail").fill("amandine.petit@groupe-ges.test")
    page.get_by_label("Rôle").select_option(label="Collaborateur·rice")
    page.get_by_label("Collaborateur·rice").select_option(label="Amandine Petit")
    page.get_by_role("button", name="Créer le compte").click()
    expect(page.locator(".messages")).to_contain_text("Compte « amandine » créé")
    expect(page.get_by_text("pas encore choisi")).to_be_visible()
    axe_check(page)

    visit(page, "Journal", "Journal des modifications")
    expect(page.get_by_text("accounts.user_created").first).to_be_visible()


def test_partner_sees_none_of_the_internal_pages(phone_page: Page, live_server, demo):
    page = phone_page
    login(page, live_server, "partenaire", DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Tableau de bord")).to_be_visible()
    nav = page.get_by_role("navigation", name="Navigation principale")
    # The dashboard, the filings the group shares with theirs and their deadlines in the
    # agenda: nothing else.
    expect(nav.get_by_role("link")).to_have_count(3)
    axe_check(page)
    shot(page, "foundation-partner-phone")
    for path in ("/groupe/", "/groupe/elus/", "/groupe/equipe/", "/conseil/", "/journal/"):
        response = page.goto(path)
        assert response is not None and response.status == 404, path
        expect(page.get_by_role("heading", level=1)).to_have_text("Page introuvable")


def test_observer_reads_the_group_on_a_phone_but_not_the_staff(phone_page: Page, live_server, demo):
    page = phone_page
    login(page, live_server, "observateur", DEMO_PASSWORD)
    page.goto("/groupe/elus/")
    expect(page.get_by_text("14 élu·es")).to_be_visible()
    # Contact details are for the group's own people.
    expect(page.get_by_text("@groupe-ges.test")).to_have_count(0)
    axe_check(page)
    shot(page, "foundation-observer-councillors-phone")
    response = page.goto("/groupe/equipe/")
    assert response is not None and response.status == 404
