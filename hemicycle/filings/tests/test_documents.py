"""Exports of filings: Word and PDF of one filing, the séance's numbered list and zip."""

from __future__ import annotations

import io
import zipfile

import pypdfium2
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from hemicycle.council.models import FilingKind
from hemicycle.council.tests.factories import BodyFactory, RosterMemberFactory
from hemicycle.filings import documents
from hemicycle.filings.models import (
    Cosignature,
    Filing,
    FilingAuthor,
    FilingComment,
    FilingShare,
)
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

pytestmark = pytest.mark.django_db

SECRET = "Ne pas dire que la présidente hésite encore"
LATE = "Motif interne du retard de dépôt"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    # A custom template uploaded by one test must not leak into the others.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def sitting(world):
    return SittingFactory(body=BodyFactory(term=world["term"], name="Assemblée plénière"))


@pytest.fixture
def report(sitting):
    return ReportFactory(sitting=sitting, number="2026.0042")


@pytest.fixture
def filing(report, world):
    filing = FilingFactory(
        report=report,
        author=world["councillor"],
        title="Gratuité des transports scolaires",
        article="3",
        paragraph="2",
        text="Le montant de la subvention est porté à 15 000 €.",
        late_reason=LATE,
    )
    FilingAuthor.objects.create(filing=filing, councillor=world["president_councillor"])
    signer = RosterMemberFactory(
        term=world["term"], council_group=world["ally"], first_name="Jeanne", last_name="Soutien"
    )
    Cosignature.objects.create(filing=filing, signer=signer, council_group=world["ally"])
    gone = RosterMemberFactory(
        term=world["term"], council_group=world["ally"], first_name="Paul", last_name="Retiré"
    )
    Cosignature.objects.create(
        filing=filing, signer=gone, council_group=world["ally"], withdrawn_at=timezone.now()
    )
    FilingComment.objects.create(filing=filing, author_label="Secrétariat", text=SECRET)
    return filing


def _docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    return "\n".join(p.text for p in doc.paragraphs)


def _pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(content)
    return "\n".join(page.get_textpage().get_text_range() for page in pdf)


def test_docx_holds_the_filing_and_its_signatories(client_for, filing, world):
    response = client_for("councillor").get(reverse("filings:docx", args=[filing.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = _docx_text(response.content)
    assert "Conseil régional des Hauts-de-France — Séance plénière du" in text
    assert "Amendement A-" in text
    assert "Rapport n° 2026.0042 — article 3, alinéa 2" in text
    assert "Gratuité des transports scolaires" in text
    assert "Texte initial du rapport" in text and "Rédaction proposée" in text
    assert "Le montant de la subvention est porté à 15 000 €." in text
    assert "Exposé des motifs" in text
    # First author first, then the co-author, then the partner's co-signature.
    first = text.index(world["councillor"].full_name)
    assert first < text.index(world["president_councillor"].full_name)
    assert "Jeanne Soutien — Groupe Socialiste" in text
    assert "Retiré" not in text  # a withdrawn co-signature is not a signature


def test_pdf_holds_the_cosigner(client_for, filing):
    response = client_for("staff").get(reverse("filings:pdf", args=[filing.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Jeanne Soutien" in text
    assert "Groupe Socialiste" in text
    assert "Gratuité des transports scolaires" in text


def test_registration_number_only_once_filed(client_for, filing):
    filing.registration_number = "2026-AM-117"
    filing.save()
    assert "2026-AM-117" not in _docx_text(
        client_for("secretariat").get(reverse("filings:docx", args=[filing.pk])).content
    )
    filing.status = Filing.Status.FILED
    filing.save()
    text = _docx_text(
        client_for("secretariat").get(reverse("filings:docx", args=[filing.pk])).content
    )
    assert "N° d’enregistrement : 2026-AM-117" in text


def test_voeu_has_considerants_then_request(client_for, sitting, world):
    voeu = FilingFactory(
        kind=FilingKind.VOEU, report=None, sitting=sitting, author=world["councillor"]
    )
    voeu.versions.update(
        original_text="", preamble="Considérant la hausse des prix ;", text="Demande un gel."
    )
    text = _docx_text(client_for("bureau").get(reverse("filings:docx", args=[voeu.pk])).content)
    assert text.index("Considérants") < text.index("Le conseil régional demande…")
    assert "Considérant la hausse des prix\u202f;" in text  # French spacing, unbreakable
    assert "Texte initial du rapport" not in text


@pytest.mark.parametrize(
    ("persona", "status"), [("partner", 200), ("outsider", 404), ("observer", 404)]
)
def test_export_follows_filing_visibility(client_for, filing, world, persona, status):
    FilingShare.objects.create(filing=filing, council_group=world["ally"])
    client = client_for(persona)
    for name in ("docx", "pdf"):
        assert client.get(reverse(f"filings:{name}", args=[filing.pk])).status_code == status


def test_revoked_share_hides_the_export(client_for, filing, world):
    FilingShare.objects.create(
        filing=filing, council_group=world["ally"], revoked_at=timezone.now()
    )
    assert client_for("partner").get(reverse("filings:pdf", args=[filing.pk])).status_code == 404


def test_observer_exports_a_filed_filing(client_for, filing):
    filing.status = Filing.Status.FILED
    filing.save()
    assert client_for("observer").get(reverse("filings:docx", args=[filing.pk])).status_code == 200


@pytest.mark.parametrize("persona", ["partner", "observer", "outsider"])
def test_sitting_exports_are_for_members(client_for, filing, sitting, persona, world):
    FilingShare.objects.create(filing=filing, council_group=world["ally"])
    client = client_for(persona)
    for name in ("sitting_list", "sitting_list_pdf", "sitting_zip"):
        assert client.get(reverse(f"filings:{name}", args=[sitting.pk])).status_code == 404


def test_missing_sitting_is_404(client_for):
    for name in ("sitting_list", "sitting_list_pdf", "sitting_zip"):
        assert (
            client_for("secretariat").get(reverse(f"filings:{name}", args=[99999])).status_code
            == 404
        )


def _second_filings(sitting, report, world):
    voeu = FilingFactory(
        kind=FilingKind.VOEU,
        report=None,
        sitting=sitting,
        author=world["president_councillor"],
        title="Pour des trains / à l’heure : « enfin » ?",
    )
    abandoned = FilingFactory(
        report=report, status=Filing.Status.ABANDONED, title="Amendement abandonné"
    )
    return voeu, abandoned


def test_zip_holds_every_live_filing_and_the_list(client_for, filing, sitting, report, world):
    voeu, _abandoned = _second_filings(sitting, report, world)
    response = client_for("staff").get(reverse("filings:sitting_zip", args=[sitting.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        names = archive.namelist()
        docx = sorted(n for n in names if n.endswith(".docx"))
        assert docx == sorted(
            [
                f"{filing.reference} Gratuité des transports scolaires.docx",
                f"{voeu.reference} Pour des trains à l’heure « enfin ».docx",
            ]
        )
        assert len([n for n in names if n.endswith(".pdf")]) == 3  # two filings, the list
        assert "00 Liste numérotée.pdf" in names
        assert "Jeanne Soutien" in _docx_text(archive.read(docx[0]))
        list_text = _pdf_text(archive.read("00 Liste numérotée.pdf"))
        assert filing.reference in list_text and voeu.reference in list_text
        assert "abandonné" not in list_text
        for name in names:
            content = archive.read(name)
            text = _docx_text(content) if name.endswith(".docx") else _pdf_text(content)
            assert SECRET not in text and LATE not in text


def test_sitting_list_is_numbered_and_ordered(client_for, filing, sitting, report, world):
    _voeu, abandoned = _second_filings(sitting, report, world)
    # Numbered after the fixture's filing, whatever the factory's sequence has reached.
    second = FilingFactory(report=report, title="Deuxième amendement", sequence=filing.sequence + 1)
    response = client_for("councillor").get(reverse("filings:sitting_list", args=[sitting.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Dépôts du groupe — séance du" in page
    assert reverse("filings:sitting_list_pdf", args=[sitting.pk]) in page
    # Amendments (by number) before the vœu; the abandoned one is left out.
    assert page.index(filing.title) < page.index(second.title) < page.index("Pour des trains")
    assert abandoned.title not in page
    assert "Groupe Socialiste" in page  # co-signing group
    assert SECRET not in page
    pdf = client_for("councillor").get(reverse("filings:sitting_list_pdf", args=[sitting.pk]))
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert "Deuxième amendement" in _pdf_text(pdf.content)


def test_sitting_list_queries_do_not_grow(client_for, sitting, report, world):
    client = client_for("secretariat")
    url = reverse("filings:sitting_list", args=[sitting.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    FilingFactory(report=report)
    client.get(url)  # warm the session and caches
    few = count()
    for _ in range(5):
        filing = FilingFactory(report=report)
        signer = RosterMemberFactory(term=world["term"], council_group=world["ally"])
        Cosignature.objects.create(filing=filing, signer=signer, council_group=world["ally"])
    assert count() == few


def test_template_upload_download_reset(client_for, filing):
    client = client_for("secretariat")
    original = client.get(reverse("filings:template_download")).content
    assert original == documents.BUNDLED_TEMPLATE.read_bytes()

    custom = Document()
    custom.add_paragraph("MODÈLE DU GROUPE {{ reference }} — {{ title }}")
    buffer = io.BytesIO()
    custom.save(buffer)
    upload = SimpleUploadedFile("modele.docx", buffer.getvalue())
    response = client.post(reverse("filings:template_page"), {"file": upload})
    assert response.status_code == 302
    text = _docx_text(client.get(reverse("filings:docx", args=[filing.pk])).content)
    assert f"MODÈLE DU GROUPE {filing.reference} — {filing.title}" in text
    assert client.get(reverse("filings:template_download")).content == buffer.getvalue()

    assert client.post(reverse("filings:template_reset")).status_code == 302
    assert not documents.custom_template_path().exists()
    text = _docx_text(client.get(reverse("filings:docx", args=[filing.pk])).content)
    assert "MODÈLE DU GROUPE" not in text and "Signataires" in text


def test_template_upload_refuses_non_docx(client_for):
    upload = SimpleUploadedFile("modele.docx", b"pas un document Word")
    response = client_for("secretariat").post(reverse("filings:template_page"), {"file": upload})
    assert response.status_code == 200
    assert "document Word" in response.content.decode()
    assert not documents.custom_template_path().exists()


def test_broken_template_sends_back_with_a_message(client_for, filing):
    broken = Document()
    broken.add_paragraph("{{ title ")
    path = documents.custom_template_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    broken.save(str(path))
    response = client_for("secretariat").get(reverse("filings:docx", args=[filing.pk]))
    assert response.status_code == 302
    assert response["Location"] == filing.get_absolute_url()


def test_safe_filename():
    assert documents.safe_filename('A-03 Vélo/train : "oui" ?') == "A-03 Vélo train oui"
    assert documents.safe_filename("../..") == "depot"
    assert len(documents.safe_filename("x" * 300)) == 80
