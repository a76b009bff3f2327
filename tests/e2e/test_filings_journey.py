"""A filing from draft to outcome on the demo data, as the story of the filings issue tells
it: an élu drafts an amendment (original text on the left, his proposal on the right), a
staff member rewords it, the diff between versions shows, the bureau validates and shares it
with the SCR group, whose partner account (a second browser context) comments and
co-signs; the secretariat exports it as Word and PDF, files it and records the outcome.
axe-core's RGAA rules run on every page visited.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from playwright.sync_api import Browser, Page, expect

from hemicycle.sittings.models import Report
from tests.e2e.conftest import DESKTOP, _new_page, axe_check, login, shot

PASSWORD = "hemicycle-demo"


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


@pytest.fixture
def second_page(
    request: pytest.FixtureRequest, browser: Browser, e2e_db: None, live_server: Any
) -> Iterator[Page]:
    """Another person's browser: the partner, in a context of their own."""
    yield from _new_page(request, browser, live_server.url, viewport=DESKTOP)


def _logout(page: Page) -> None:
    """Hand the browser to the next person: a fresh session, as on a shared office computer."""
    page.context.clear_cookies()


def test_filing_from_draft_to_outcome(page: Page, second_page: Page, live_server, demo):
    report = Report.objects.get(number="2026-0144")

    # The élu drafts an amendment from the rapport's page.
    login(page, live_server, "elu", PASSWORD)
    page.goto(f"/seances/rapports/{report.pk}/")
    page.get_by_role("link", name="Rédiger un amendement").click()
    axe_check(page)
    page.get_by_label("Objet").fill("Desserte TER du bassin minier le dimanche")
    page.get_by_label("Article visé").fill("Article 2")
    page.get_by_label("Texte initial du rapport").fill(
        "L’exploitant assure la desserte du lundi au samedi."
    )
    page.get_by_label("Rédaction proposée").fill(
        "L’exploitant assure la desserte tous les jours, dimanche compris."
    )
    page.get_by_label("Exposé des motifs").fill("Le dimanche, le bassin minier est coupé du rail.")
    page.get_by_role("button", name="Créer le brouillon").click()
    expect(page.get_by_text("créé en brouillon")).to_be_visible()
    expect(page.locator("ins").first).to_be_visible()
    expect(page.get_by_role("heading", name="Date limite de dépôt")).to_be_visible()
    axe_check(page)
    shot(page, "filings-draft")
    filing_url = page.url
    _logout(page)

    # A staff member suggests a rewording; the diff between versions shows it.
    login(page, live_server, "collaborateur", PASSWORD)
    page.goto(filing_url)
    page.get_by_role("link", name="Rédiger une nouvelle version").click()
    axe_check(page)
    page.get_by_label("Rédaction proposée").fill(
        "L’exploitant assure la desserte tous les jours, dimanche et jours fériés compris."
    )
    page.get_by_label("Résumé de la modification").fill("Ajout des jours fériés")
    page.get_by_role("button", name="Enregistrer la version").click()
    page.get_by_role("link", name="voir les changements").click()
    expect(page.locator("ins", has_text="jours fériés").first).to_be_visible()
    axe_check(page)
    shot(page, "filings-compare")
    _logout(page)

    # The élu sends it to review; the bureau validates and shares it with the SCR group.
    login(page, live_server, "elu", PASSWORD)
    page.goto(filing_url)
    page.get_by_role("button", name="Envoyer en relecture").click()
    expect(page.get_by_text("envoyé en relecture")).to_be_visible()
    _logout(page)
    login(page, live_server, "bureau", PASSWORD)
    page.goto(filing_url)
    page.get_by_role("button", name="Valider").click()
    expect(page.get_by_text("Dépôt validé")).to_be_visible()
    page.get_by_label("Groupe partenaire").select_option(
        label="Socialistes, communistes et républicains"
    )
    page.get_by_role("button", name="Partager").click()
    expect(page.get_by_text("Dépôt partagé avec le groupe")).to_be_visible()
    axe_check(page)
    _logout(page)

    # The partner, in their own browser, finds it on their dashboard, comments, co-signs.
    login(second_page, live_server, "partenaire", PASSWORD)
    second_page.goto("/")
    second_page.get_by_role("link", name=re.compile("Desserte TER du bassin minier")).click()
    axe_check(second_page)
    expect(second_page.get_by_text("Historique")).to_have_count(0)
    second_page.get_by_role("textbox", name="Commentaire").fill("Nous co-signons.")
    second_page.get_by_role("button", name="Publier le commentaire").click()
    expect(second_page.get_by_text("Nous co-signons.")).to_be_visible()
    signer = second_page.get_by_label("Élu·e signataire")
    signer.select_option(index=1)
    chosen = signer.locator("option:checked").inner_text().split(" (")[0]
    second_page.get_by_role("button", name="Co-signer").click()
    expect(second_page.get_by_text("Co-signature de")).to_be_visible()
    shot(second_page, "filings-partner")

    # The secretariat exports it, files it with its number and records the outcome.
    login(page, live_server, "secretariat", PASSWORD)
    page.goto(filing_url)
    with page.expect_download() as docx_download:
        page.get_by_role("link", name="Word", exact=True).click()
    with zipfile.ZipFile(io.BytesIO(_read(docx_download.value))) as docx:
        xml = docx.read("word/document.xml").decode()
    assert "dimanche et jours fériés compris" in xml
    assert chosen.split()[-1] in xml  # the co-signer's name is in the assembly's format
    with page.expect_download() as pdf_download:
        page.get_by_role("link", name="PDF", exact=True).click()
    pdf = pdfium.PdfDocument(_read(pdf_download.value))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "Desserte TER" in text
    page.get_by_role("link", name="Marquer comme déposé").click()
    axe_check(page)
    page.get_by_label("Numéro d’enregistrement").fill("AM-2026-0144-07")
    page.get_by_role("button", name="Marquer comme déposé").click()
    expect(page.get_by_text("marqué comme déposé")).to_be_visible()
    page.get_by_role("link", name="Enregistrer le sort").click()
    page.get_by_label("Sort").select_option(label="Adopté modifié")
    page.get_by_label("Avis de l’exécutif").select_option(label="Sagesse")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Sort du dépôt enregistré")).to_be_visible()
    expect(page.get_by_text("AM-2026-0144-07").first).to_be_visible()
    axe_check(page)
    shot(page, "filings-decided")


def _read(download: Any) -> bytes:
    with open(download.path(), "rb") as handle:
        return handle.read()
