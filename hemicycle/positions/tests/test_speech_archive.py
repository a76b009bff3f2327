""" "Retirer" a prise de parole archives it: gone from every page and count, restorable."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pypdfium2
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from hemicycle.core.models import AuditEntry
from hemicycle.core.services import ConcurrentEditError
from hemicycle.positions import selectors, services
from hemicycle.positions.models import Speech

pytestmark = pytest.mark.django_db


@pytest.fixture
def speeches(report, personas, world):
    """Nadia speaks on "Vélo" (to be archived); Claire stays on "Rail"."""
    velo = services.add_speech(
        report=report,
        data={"councillor": world["councillor"], "planned_minutes": Decimal("6"), "topic": "Vélo"},
        acting_user=personas["secretariat"],
    )
    rail = services.add_speech(
        report=report,
        data={
            "councillor": world["president_councillor"],
            "planned_minutes": Decimal("2"),
            "topic": "Rail",
        },
        acting_user=personas["secretariat"],
    )
    return velo, rail


def _remove(client, speech, version=None):
    data = {"version": str(version if version is not None else speech.version)}
    return client.post(reverse("positions:speech_remove", args=[speech.pk]), data, follow=True)


def _pdf_text(content: bytes) -> str:
    pdf = pypdfium2.PdfDocument(content)
    return "".join(page.get_textpage().get_text_range() for page in pdf)


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("word/document.xml").decode()


def test_retirer_archives_and_hides_the_speech_everywhere(
    client_for, personas, world, report, sitting, speeches
):
    velo, rail = speeches
    response = _remove(client_for("staff"), velo)
    assert "Prise de parole retirée" in response.content.decode()

    velo.refresh_from_db()
    assert velo.archived_at is not None and velo.archived_by == personas["staff"]
    assert velo.version == 2
    entry = AuditEntry.objects.get(action="positions.speech.archived")
    assert entry.target_id == str(velo.pk) and entry.actor == personas["staff"]
    assert not AuditEntry.objects.filter(action="positions.speech.removed").exists()

    # Counts and selectors.
    assert selectors.speaking_time(sitting)["used"] == Decimal("2")
    assert [s.pk for s in selectors.report_follow_up(report)["speeches"]] == [rail.pk]
    assert selectors.my_reports(world["councillor"]) == []
    assert selectors.my_reports(world["president_councillor"]) == [report]

    secretariat, councillor = client_for("secretariat"), client_for("councillor")
    # The rapport page.
    page = secretariat.get(reverse("sittings:report_detail", args=[report.pk])).content.decode()
    assert "Rail" in page and "Vélo" not in page
    assert reverse("core:archives") in page
    # Nadia's voting sheet no longer lists her speech.
    sheet = councillor.get(reverse("positions:sheet", args=[sitting.pk])).content.decode()
    assert "Votre prise de parole" not in sheet
    # The dossier de séance, PDF and Word.
    pdf = _pdf_text(councillor.get(reverse("positions:dossier_pdf", args=[sitting.pk])).content)
    assert "Claire Présidente" in pdf and "Nadia Élue" not in pdf
    docx = _docx_text(councillor.get(reverse("positions:dossier_docx", args=[sitting.pk])).content)
    assert "Claire Présidente" in docx and "Nadia Élue" not in docx
    # An archived speech cannot be edited or removed again.
    assert secretariat.get(reverse("positions:speech_edit", args=[velo.pk])).status_code == 404
    assert _remove(secretariat, velo).status_code == 404


@pytest.mark.parametrize("persona", ["councillor", "bureau", "president", "observer", "partner"])
def test_refused_retirer_changes_nothing(client_for, speeches, persona):
    velo, _ = speeches
    response = client_for(persona).post(
        reverse("positions:speech_remove", args=[velo.pk]), {"version": "1"}
    )
    assert response.status_code == 404
    velo.refresh_from_db()
    assert velo.archived_at is None and velo.version == 1
    assert not AuditEntry.objects.filter(action="positions.speech.archived").exists()


def test_retirer_a_speech_changed_meanwhile_is_refused(client_for, personas, speeches):
    velo, _ = speeches
    services.update_speech(
        speech=velo,
        data={"planned_minutes": Decimal("4")},
        expected_version=1,
        acting_user=personas["staff"],
    )
    response = _remove(client_for("secretariat"), velo, version=1)
    assert "a été modifiée entre-temps" in response.content.decode()
    velo.refresh_from_db()
    assert velo.archived_at is None


def test_restore_service_checks_rights_and_version(personas, sitting, speeches):
    velo, _ = speeches
    velo = services.archive_speech(
        speech=velo, expected_version=1, acting_user=personas["secretariat"]
    )
    with pytest.raises(PermissionDenied):
        services.restore_speech(speech=velo, expected_version=2, acting_user=personas["bureau"])
    with pytest.raises(ConcurrentEditError):
        services.restore_speech(speech=velo, expected_version=1, acting_user=personas["staff"])
    assert Speech.objects.get(pk=velo.pk).archived_at is not None
    restored = services.restore_speech(
        speech=velo, expected_version=2, acting_user=personas["staff"]
    )
    assert restored.archived_at is None and restored.archived_by is None
    assert selectors.speaking_time(sitting)["used"] == Decimal("8")
    assert AuditEntry.objects.filter(action="positions.speech.restored").count() == 1
    with pytest.raises(ValidationError):
        services.restore_speech(speech=velo, expected_version=None, acting_user=personas["staff"])


def _restore(client, speech, version):
    url = reverse("core:archive_restore", args=["positions.speech", speech.pk])
    return client.post(url, {"version": str(version)}, follow=True)


def test_archives_page_lists_and_restores_a_speech(client_for, personas, report, speeches):
    velo, _ = speeches
    _remove(client_for("secretariat"), velo)
    staff = client_for("staff")
    page = staff.get(reverse("core:archives")).content.decode()
    assert "Prises de parole" in page and "Vélo" in page
    assert f"Rapport {report.number}" in page
    assert reverse("core:archive_restore", args=["positions.speech", velo.pk]) in page

    response = _restore(staff, velo, 2)
    html = response.content.decode()
    assert "Restauré : la prise de parole de Mme Nadia Élue." in html
    velo.refresh_from_db()
    assert velo.archived_at is None and velo.version == 3
    entry = AuditEntry.objects.get(action="positions.speech.restored")
    assert entry.actor == personas["staff"] and entry.target_id == str(velo.pk)
    assert "Vélo" not in html.split("<main")[-1].split("Prises de parole")[1]
    # Back on the rapport page.
    detail = staff.get(reverse("sittings:report_detail", args=[report.pk])).content.decode()
    assert "Vélo" in detail

    # A second click (the same page, opened before) is told it is no longer archived.
    response = _restore(staff, velo, 2)
    assert "n’est plus aux archives" in response.content.decode()
    assert AuditEntry.objects.filter(action="positions.speech.restored").count() == 1


def test_restore_with_a_stale_version_changes_nothing(client_for, personas, speeches):
    velo, _ = speeches
    services.archive_speech(speech=velo, expected_version=1, acting_user=personas["staff"])
    # Restored and archived again by someone else since the page was opened (version 2).
    velo = services.restore_speech(speech=velo, expected_version=2, acting_user=personas["staff"])
    velo = services.archive_speech(speech=velo, expected_version=3, acting_user=personas["staff"])
    response = _restore(client_for("secretariat"), velo, 2)
    assert "modifié entre-temps" in response.content.decode()
    velo.refresh_from_db()
    assert velo.archived_at is not None and velo.version == 4
    assert AuditEntry.objects.filter(action="positions.speech.restored").count() == 1


@pytest.mark.parametrize(
    "persona", ["president", "bureau", "councillor", "observer", "partner", "outsider"]
)
def test_refused_restore_changes_nothing(client_for, personas, speeches, persona):
    velo, _ = speeches
    services.archive_speech(speech=velo, expected_version=1, acting_user=personas["staff"])
    client = client_for(persona)
    assert client.get(reverse("core:archives")).status_code == 404
    url = reverse("core:archive_restore", args=["positions.speech", velo.pk])
    assert client.post(url, {"version": "2"}).status_code == 404
    velo.refresh_from_db()
    assert velo.archived_at is not None and velo.version == 2
    assert not AuditEntry.objects.filter(action="positions.speech.restored").exists()
