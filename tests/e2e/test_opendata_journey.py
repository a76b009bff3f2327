"""Open data on a phone, on the demo data: the secretariat reads what is published, mistypes
the SIRET (refused in French, nothing saved), prepares the files, then downloads both and
finds them valid. axe-core's RGAA rules run on every page visited.
"""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from hemicycle.opendata.models import DEFAULT_SIRET, OpenDataSettings
from hemicycle.opendata.oparl import schemas
from tests.e2e.conftest import axe_check, login, shot


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def test_publishing_open_data(phone_page: Page, live_server, demo, tmp_path):
    page = phone_page
    login(page, live_server, "secretariat", "hemicycle-demo")
    page.goto("/donnees-ouvertes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Données ouvertes")
    expect(page.get_by_text("Documents PDF des rapports", exact=True)).to_be_visible()
    axe_check(page)
    shot(page, "opendata-page")

    page.get_by_role("link", name="Modifier les réglages").click()
    page.get_by_label("SIRET de la collectivité").fill("20005374200018")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("passe la clé de contrôle", exact=False)).to_be_visible()
    axe_check(page)
    assert OpenDataSettings.objects.get().collectivity_siret == DEFAULT_SIRET

    page.get_by_label("SIRET de la collectivité").fill(DEFAULT_SIRET)
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("Réglages des données ouvertes enregistrés.")).to_be_visible()
    # Saving rebuilt the files (jobs run at once here); asking again does it too.
    page.get_by_role("button", name="Préparer les fichiers maintenant").click()
    expect(page.get_by_text("Fichiers préparés avec les données du moment.")).to_be_visible()
    axe_check(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Export OParl (ZIP de fichiers JSON)").click()
    archive = zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes()))
    system = json.loads(archive.read("oparl/system.json"))
    assert system["type"] == "https://schema.oparl.org/1.1/System"
    for name in archive.namelist():
        if name.endswith(".json"):
            assert list(schemas.errors_of(json.loads(archive.read(name)))) == [], name

    with page.expect_download() as download:
        page.get_by_role("link", name="Délibérations au format SCDL (CSV)").click()
    header = download.value.path().read_text("utf-8").splitlines()[0]
    assert header.startswith("COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE")
