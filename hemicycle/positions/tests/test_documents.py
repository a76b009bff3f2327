from __future__ import annotations

import io
import zipfile

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from lxml import etree

from hemicycle.core.models import AuditEntry
from hemicycle.positions import services
from hemicycle.sittings.models import Attendance

pytestmark = pytest.mark.django_db


@pytest.fixture
def prepared(report, personas, world):
    services.write_brief_version(
        report=report,
        text="Les enjeux « écologiques » & sociaux.\n\nSecond paragraphe.",
        base_number=0,
        acting_user=personas["staff"],
    )
    services.set_vote_line(
        report=report,
        data={"position": "pour", "explanation": "Le groupe soutient ce rapport."},
        expected_version=None,
        acting_user=personas["secretariat"],
    )
    services.add_speech(
        report=report,
        data={"councillor": world["councillor"], "planned_minutes": 3, "topic": "Vélo"},
        acting_user=personas["secretariat"],
    )
    return report


def _pages(content: bytes) -> int:
    assert content.startswith(b"%PDF")
    return len(pypdfium2.PdfDocument(content))


def test_dossier_pdf(client_for, prepared, sitting):
    response = client_for("bureau").get(reverse("positions:dossier_pdf", args=[sitting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _pages(response.content) >= 2  # cover, then the rapports


def _document_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = archive.read("word/document.xml")
    etree.fromstring(xml)  # valid XML
    return xml.decode()


def test_dossier_docx(client_for, prepared, sitting):
    response = client_for("councillor").get(reverse("positions:dossier_docx", args=[sitting.pk]))
    assert response.status_code == 200
    text = _document_xml(response.content)
    assert prepared.title in text
    assert "Le groupe soutient ce rapport." in text
    assert "&amp; sociaux" in text


@pytest.mark.parametrize("persona", ["observer", "partner", "outsider"])
def test_documents_hidden_from_non_members(client_for, sitting, persona):
    client = client_for(persona)
    for name in ("dossier_pdf", "dossier_docx", "sheet_pdf"):
        assert client.get(reverse(f"positions:{name}", args=[sitting.pk])).status_code == 404


def test_voting_sheet_with_proxies(client_for, prepared, sitting, world):
    Attendance.objects.create(
        sitting=sitting,
        councillor=world["president_councillor"],
        status=Attendance.Status.REPRESENTED,
        proxy_holder=world["councillor"],
    )
    client = client_for("councillor")
    page = client.get(reverse("positions:sheet", args=[sitting.pk])).content.decode()
    assert "Feuille de vote de" in page and "Nadia Élue" in page
    assert "Le groupe soutient ce rapport." in page
    assert "Vous détenez le pouvoir de Mme Claire Présidente" in page
    assert "Vélo" in page
    response = client.get(reverse("positions:sheet_pdf", args=[sitting.pk]))
    assert _pages(response.content) >= 1


def test_secretariat_picks_a_councillor_sheet(client_for, prepared, sitting, world):
    url = reverse("positions:sheet", args=[sitting.pk])
    page = client_for("secretariat").get(url, {"elu": world["councillor"].pk}).content.decode()
    assert "Feuille de vote de Mme Nadia Élue" in page
    # an élu·e cannot look at someone else's sheet: the parameter is ignored
    other = client_for("councillor").get(url, {"elu": world["president_councillor"].pk})
    assert "Claire Présidente" not in other.content.decode().split("<h1>")[1].split("</h1>")[0]


def test_template_upload_refuses_non_docx(client_for):
    client = client_for("secretariat")
    bad = SimpleUploadedFile("modele.docx", b"not a zip")
    response = client.post(reverse("positions:templates"), {"file": bad})
    assert "n’est pas un document Word" in response.content.decode()
    assert not services.custom_template_path().exists()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("autre.xml", "<a/>")
    response = client.post(
        reverse("positions:templates"),
        {"file": SimpleUploadedFile("modele.docx", buffer.getvalue())},
    )
    assert "n’est pas un document Word" in response.content.decode()
    assert not services.custom_template_path().exists()


def test_template_upload_and_reset(client_for, prepared, sitting):
    client = client_for("secretariat")
    from docx import Document

    doc = Document()
    doc.add_paragraph("Modèle maison")
    doc.add_paragraph("{%p for r in reports %}")
    doc.add_paragraph("{{ r.number }} — {{ r.title }}")
    doc.add_paragraph("{%p endfor %}")
    buffer = io.BytesIO()
    doc.save(buffer)
    response = client.post(
        reverse("positions:templates"),
        {"file": SimpleUploadedFile("maison.docx", buffer.getvalue())},
    )
    assert response.status_code == 302
    assert services.custom_template_path().exists()
    text = _document_xml(client.get(reverse("positions:dossier_docx", args=[sitting.pk])).content)
    assert "Modèle maison" in text and prepared.title in text
    client.post(reverse("positions:template_reset"))
    assert not services.custom_template_path().exists()
    assert AuditEntry.objects.filter(action__startswith="positions.template.").count() == 2


def test_staff_cannot_upload_a_template(client_for):
    response = client_for("staff").post(
        reverse("positions:templates"), {"file": SimpleUploadedFile("m.docx", b"x")}
    )
    assert response.status_code == 404
