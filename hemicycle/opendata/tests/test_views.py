"""The open-data page, its downloads and the settings form."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import pytest

from hemicycle.core.models import AuditEntry
from hemicycle.opendata import files
from hemicycle.opendata.models import DEFAULT_SIRET, OpenDataSettings
from hemicycle.opendata.tests.conftest import SECRETS

pytestmark = pytest.mark.django_db

FORM = {
    "publish_sittings": "on",
    "publish_filings": "on",
    "publish_people": "on",
    "collectivity_name": "Région Hauts-de-France",
    "collectivity_siret": DEFAULT_SIRET,
    "license_url": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
    "publication_url": "",
    "contact_email": "",
}


def test_page_describes_what_is_published(client_for, media):
    response = client_for("observer").get("/donnees-ouvertes/")
    text = response.content.decode()
    assert response.status_code == 200
    assert "pas encore été préparé" in text and "SCDL" in text
    assert "Préparer les fichiers" not in text  # observers read, the group's people rebuild
    assert "Modifier les réglages" not in text
    assert "/donnees-ouvertes/oparl" in text  # the default publication address


def test_secretariat_sees_the_settings_link_and_history(client_for):
    text = client_for("secretariat").get("/donnees-ouvertes/").content.decode()
    assert "Modifier les réglages" in text


def test_settings_are_saved_with_an_audit_row(client_for):
    data = {**FORM, "publish_documents": "on", "contact_email": "opendata@example.org"}
    response = client_for("secretariat").post("/donnees-ouvertes/reglages/", data)
    assert response.status_code == 302
    saved = OpenDataSettings.objects.get()
    assert saved.publish_documents and saved.contact_email == "opendata@example.org"
    entry = AuditEntry.objects.get(action="opendata.settings_updated")
    assert entry.changes["publish_documents"] == [False, True]


def test_a_siret_copied_with_spaces_is_accepted(client_for):
    data = {**FORM, "collectivity_siret": "200 053 742 00017"}
    response = client_for("secretariat").post("/donnees-ouvertes/reglages/", data)
    assert response.status_code == 302
    assert OpenDataSettings.objects.get().collectivity_siret == "20005374200017"


def test_a_bad_siret_is_refused_in_french_and_nothing_changes(client_for):
    data = {**FORM, "collectivity_siret": "20005374200018", "publish_filings": ""}
    response = client_for("secretariat").post("/donnees-ouvertes/reglages/", data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "clé de contrôle" in text and "rien n’a été enregistré" in text
    assert not OpenDataSettings.objects.exists()
    assert not AuditEntry.objects.filter(action="opendata.settings_updated").exists()


def test_documents_without_seances_are_refused(client_for):
    data = {**FORM, "publish_sittings": "", "publish_documents": "on"}
    response = client_for("secretariat").post("/donnees-ouvertes/reglages/", data)
    assert "publiez aussi les séances" in response.content.decode()
    assert not OpenDataSettings.objects.exists()


def test_concurrent_edit_is_reported(client_for):
    OpenDataSettings.objects.create(version=3)
    response = client_for("secretariat").post(
        "/donnees-ouvertes/reglages/", {**FORM, "version": "2"}
    )
    assert "modifiée par quelqu’un d’autre" in response.content.decode()
    assert OpenDataSettings.objects.get().version == 3


def test_oparl_download_is_a_zip_of_valid_json(public_world, client_for):
    assert files.build_all() == {}
    response = client_for("councillor").get("/donnees-ouvertes/oparl.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="oparl-')
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        assert "oparl/system.json" in archive.namelist()
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for secret in SECRETS.values():
        assert secret not in everything


def test_scdl_download(public_world, client_for):
    files.build_all()
    response = client_for("observer").get("/donnees-ouvertes/deliberations.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert [r["DELIB_ID"] for r in csv.DictReader(io.StringIO(text))] == ["2026.01", "2026.03"]


def test_a_file_not_yet_prepared_sends_back_to_the_page(public_world, client_for):
    response = client_for("observer").get("/donnees-ouvertes/oparl.zip", follow=True)
    assert "pas encore été préparé" in response.content.decode()


def test_preparing_builds_both_files(public_world, client_for):
    response = client_for("staff").post("/donnees-ouvertes/preparer/", follow=True)
    assert "Fichiers préparés" in response.content.decode()
    assert files.prepared("oparl").size > 0 and files.prepared("scdl").size > 0
    assert "Préparé le" in response.content.decode()


def test_saving_the_settings_rebuilds_the_files(
    public_world, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("secretariat").post(
            "/donnees-ouvertes/reglages/", {**FORM, "publish_filings": ""}
        )
    with zipfile.ZipFile(files.prepared("oparl").path) as archive:
        assert not any("/paper/depot-" in name for name in archive.namelist())


def test_a_refused_export_keeps_the_previous_file_and_says_why(public_world, client_for):
    files.build_all()
    before = files.prepared("scdl").path.read_bytes()
    OpenDataSettings.objects.create(collectivity_siret="12345678901234")
    errors = files.build_all()
    assert "COLL_SIRET" in errors["scdl"] and "oparl" not in errors
    assert files.prepared("scdl").path.read_bytes() == before
    text = client_for("secretariat").get("/donnees-ouvertes/").content.decode()
    assert "Dernière préparation SCDL refusée" in text and "COLL_SIRET" in text


def test_the_nightly_job_is_scheduled():
    from hemicycle.opendata import tasks

    nightly = tasks.nightly_exports.task_class()
    assert nightly.validate_datetime(dt.datetime(2026, 3, 1, 3, 40))
    assert not nightly.validate_datetime(dt.datetime(2026, 3, 1, 12, 0))


def test_page_costs_few_queries(client_for, django_assert_max_num_queries):
    client = client_for("secretariat")
    with django_assert_max_num_queries(12):
        client.get("/donnees-ouvertes/")


def test_a_crash_is_not_left_pending(public_world, monkeypatch):
    from hemicycle.opendata.oparl import export

    files.mark_pending()
    monkeypatch.setattr(export, "build_tree", lambda: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        files.build_all()
    assert "pending_since" not in files.status()
    assert "erreur inattendue" in files.status()["errors"]["oparl"]
