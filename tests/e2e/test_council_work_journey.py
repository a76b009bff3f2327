"""Preparing a plenary, as the secretariat does it on the demo data: import the agenda's
PDFs, assign a rapport, write and validate its note, set the line and a speaker, mark
attendance with a proxy, open a voting sheet, download the brief as PDF and DOCX.
axe-core's RGAA rules run on every page visited.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from xml.dom import minidom

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Sitting
from tests.e2e.conftest import axe_check, login, shot

FIXTURES = Path(__file__).resolve().parents[2] / "hemicycle/sittings/tests/fixtures"


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def test_secretariat_prepares_a_plenary(page: Page, live_server, demo):
    sitting = Sitting.objects.get(status=Sitting.Status.PLANNED, body__kind="plenary")
    nadia = Councillor.objects.get(last_name="Lefebvre")
    thomas = Councillor.objects.get(last_name="Dewaele")
    login(page, live_server, "secretariat", "hemicycle-demo")

    page.goto(f"/seances/{sitting.pk}/")
    axe_check(page)
    page.get_by_role("link", name="Importer l’ordre du jour").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Importer l’ordre du jour")
    axe_check(page)
    page.get_by_label("Fichier(s)").set_input_files(
        [
            str(FIXTURES / "rapport-2026-0142.pdf"),
            str(FIXTURES / "cp-00143.pdf"),
            str(FIXTURES / "endommage.pdf"),
            str(FIXTURES / "notes.docx"),
        ]
    )
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("Illisible", exact=True)).to_be_visible()
    expect(page.get_by_text("Ignoré", exact=True)).to_be_visible()
    axe_check(page)
    shot(page, "council-work-import-preview")
    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page).to_have_url(re.compile(rf"/seances/{sitting.pk}/$"))
    expect(page.get_by_text("3 rapports")).to_be_visible()
    axe_check(page)

    page.get_by_role("link", name="2026-0142").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("2026-0142")
    page.get_by_role("link", name="Attribuer").click()
    axe_check(page)
    page.get_by_label("Élu·e référent·e").select_option(str(nadia.pk))
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(page.get_by_text(nadia.full_name).first).to_be_visible()

    page.get_by_role("link", name="Écrire la note").click()
    axe_check(page)
    page.get_by_label("Note d’enjeux").fill(
        "Enjeux : montant en hausse sans évaluation.\n\nProposition : vote contre."
    )
    page.get_by_role("button", name="Enregistrer une nouvelle version").click()
    page.get_by_role("button", name="Envoyer en relecture").click()
    page.get_by_role("button", name="Valider la note").click()
    expect(page.get_by_text("Validée").first).to_be_visible()

    page.get_by_role("link", name="Arrêter la consigne").click()
    axe_check(page)
    page.get_by_label("Consigne").select_option("contre")
    page.get_by_label("Explication de vote (publique)").fill(
        "Le groupe votera contre ce rapport, faute d’évaluation."
    )
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    expect(page.get_by_text("Le groupe votera contre ce rapport").first).to_be_visible()

    page.get_by_role("link", name="Ajouter une prise de parole").click()
    axe_check(page)
    page.get_by_label("Orateur·rice").select_option(str(thomas.pk))
    page.get_by_label("Durée prévue (min)").fill("4")
    page.get_by_role("button", name=re.compile("Enregistrer|Ajouter")).click()
    expect(page.get_by_text("4,0 min").first).to_be_visible()
    axe_check(page)
    shot(page, "council-work-report")

    page.goto(f"/seances/{sitting.pk}/presences/")
    axe_check(page)
    for councillor in Councillor.objects.filter(status="active"):
        page.locator(f"#status-{councillor.pk}").select_option("present")
    page.locator(f"#status-{nadia.pk}").select_option("represented")
    page.locator(f"#holder-{nadia.pk}").select_option(str(thomas.pk))
    page.get_by_role("button", name="Enregistrer les présences").click()
    expect(page.locator(".messages")).to_be_visible()

    page.goto(f"/suivi/seances/{sitting.pk}/feuille/?elu={thomas.pk}")
    expect(page.get_by_text("Le groupe votera contre ce rapport")).to_be_visible()
    axe_check(page)
    shot(page, "council-work-voting-sheet")

    page.goto(f"/seances/{sitting.pk}/")
    # Fetched with the page's session, as the browser does when the link is followed.
    pdf_url = page.get_by_role("link", name="Dossier de séance (PDF)").get_attribute("href")
    response = page.context.request.get(f"{live_server.url}{pdf_url}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    data = response.body()
    assert data.startswith(b"%PDF")
    assert len(pdfium.PdfDocument(data)) >= 1
    docx_url = page.get_by_role("link", name="Dossier de séance (Word)").get_attribute("href")
    response = page.context.request.get(f"{live_server.url}{docx_url}")
    assert response.ok
    archive = zipfile.ZipFile(io.BytesIO(response.body()))
    document = minidom.parseString(archive.read("word/document.xml"))
    assert "2026-0142" in document.toxml()


def test_councillor_opens_the_voting_sheet_on_a_phone(phone_page: Page, live_server, demo):
    page = phone_page
    sitting = Sitting.objects.get(title__startswith="Séance plénière")
    login(page, live_server, "elu", "hemicycle-demo")
    page.goto(f"/suivi/seances/{sitting.pk}/feuille/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Feuille de vote")
    expect(page.get_by_text("Pour").first).to_be_visible()
    axe_check(page)
    shot(page, "council-work-voting-sheet-phone")
    page.goto("/seances/")
    axe_check(page)
    page.goto(f"/seances/{sitting.pk}/")
    axe_check(page)
