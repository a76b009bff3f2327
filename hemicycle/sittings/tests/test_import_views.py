"""The import pages: who may open them, preview then confirm, nothing written before."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hemicycle.sittings.imports.views import PENDING
from hemicycle.sittings.models import Report
from hemicycle.sittings.tests.import_support import (  # noqa: F401
    FIXTURES,
    media_root_fixture,
    report_count,
    sitting_fixture,
)

pytestmark = pytest.mark.django_db


def _urls(sitting):
    return (
        reverse("agenda_import:upload", kwargs={"sitting_pk": sitting.pk}),
        reverse("agenda_import:preview", kwargs={"sitting_pk": sitting.pk}),
    )


def _file(name, data=None):
    return SimpleUploadedFile(name, data if data is not None else (FIXTURES / name).read_bytes())


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("secretariat", 200),
        ("staff", 200),
        ("president", 404),
        ("bureau", 404),
        ("councillor", 404),
        ("observer", 404),
        ("partner", 404),
        ("outsider", 404),
    ],
)
def test_who_may_import(persona, status, client_for, sitting):
    upload_url, preview_url = _urls(sitting)
    client = client_for(persona)
    assert client.get(upload_url).status_code == status
    response = client.post(
        upload_url, {"format": "auto", "files": _file("x.csv", b"numero;titre\n1;A\n")}
    )
    assert response.status_code == (302 if status == 200 else 404)
    assert client.post(preview_url, {"action": "confirm"}).status_code in (
        {200, 302} if status == 200 else {404}
    )
    assert report_count() == 0


def test_anonymous_goes_to_login(client_for, sitting):
    response = client_for("anonymous").get(_urls(sitting)[0])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse(settings.LOGIN_URL))


def test_unknown_sitting_is_404(client_for, sitting):
    assert client_for("secretariat").get("/seances/import/99999/").status_code == 404


def test_csv_preview_then_confirm(client_for, sitting):
    client = client_for("secretariat")
    upload_url, preview_url = _urls(sitting)
    content = "numero;titre;montant\n2026-1;Cantines bio;1 000,50\n2026-2;Plan vélo;\n".encode()
    response = client.post(upload_url, {"format": "auto", "files": _file("odj.csv", content)})
    assert response["Location"] == preview_url
    page = client.get(preview_url)
    assert page.status_code == 200
    assert (
        "Cantines bio" in page.content.decode()
        and "Rien n’a encore été enregistré" in page.content.decode()
    )
    assert report_count() == 0
    sha = client.session[PENDING]["sha256"]
    response = client.post(preview_url, {"action": "confirm", "sha256": sha})
    assert response.status_code == 302
    assert response["Location"].rstrip("/").endswith(f"/seances/{sitting.pk}")
    assert list(Report.objects.values_list("number", flat=True).order_by("order")) == [
        "2026-1",
        "2026-2",
    ]
    assert PENDING not in client.session


def test_csv_errors_are_listed_and_nothing_written(client_for, sitting):
    client = client_for("staff")
    upload_url, preview_url = _urls(sitting)
    client.post(
        upload_url,
        {"format": "csv", "files": _file("odj.csv", "numero;titre\n1;A\n1;B\n".encode("cp1252"))},
    )
    page = client.get(preview_url).content.decode()
    assert "Ce fichier ne peut pas être importé" in page
    sha = client.session[PENDING]["sha256"]
    response = client.post(preview_url, {"action": "confirm", "sha256": sha})
    assert response.status_code == 200 and "figure déjà ligne 2" in response.content.decode()
    assert report_count() == 0


def test_too_large_upload_is_refused(client_for, sitting, settings):
    settings.HEMICYCLE_MAX_UPLOAD_BYTES = 10
    response = client_for("secretariat").post(
        _urls(sitting)[0], {"format": "auto", "files": _file("odj.csv", b"numero;titre\n1;A\n")}
    )
    assert response.status_code == 200
    assert "au-delà de la taille maximale autorisée" in response.content.decode()
    assert PENDING not in response.wsgi_request.session


def test_pdf_batch_preview_correct_and_confirm(client_for, sitting, media_root):
    client = client_for("secretariat")
    upload_url, preview_url = _urls(sitting)
    files = [_file(n) for n in ("rapport-2026-0142.pdf", "endommage.pdf", "notes.docx")]
    assert client.post(upload_url, {"format": "auto", "files": files}).status_code == 302
    token = client.session[PENDING]["token"]
    assert (media_root / "import-tmp" / token).is_dir()
    page = client.get(preview_url).content.decode()
    assert "endommage.pdf" in page and "Ce PDF est endommagé ou illisible." in page
    assert "notes.docx" in page and "pas un PDF" in page
    assert 'value="2026-0142"' in page and 'value="Soutien aux cantines bio des lycées"' in page
    # an empty number is sent back with its message, nothing written
    response = client.post(
        preview_url,
        {"action": "confirm", "number_0": "", "title_0": "X", "number_1": "9", "title_1": "Y"},
    )
    assert response.status_code == 200 and "Le numéro est vide." in response.content.decode()
    assert report_count() == 0
    response = client.post(
        preview_url,
        {
            "action": "confirm",
            "number_0": "2026-0142",
            "title_0": "Cantines bio",
            "number_1": "2026-0150",
            "title_1": "Rapport illisible",
        },
    )
    assert response.status_code == 302
    assert Report.objects.get(number="2026-0142").text_status == "ok"
    assert Report.objects.get(number="2026-0150").text_status == "failed"
    assert report_count() == 2
    assert not (media_root / "import-tmp" / token).exists()


def test_cancel_drops_the_staged_files(client_for, sitting, media_root):
    client = client_for("secretariat")
    upload_url, preview_url = _urls(sitting)
    client.post(upload_url, {"format": "pdf", "files": [_file("cp-00143.pdf")]})
    token = client.session[PENDING]["token"]
    response = client.post(preview_url, {"action": "cancel"})
    assert response["Location"] == upload_url
    assert not (media_root / "import-tmp" / token).exists()
    assert report_count() == 0


def test_zip_with_traversal_refused_on_upload(client_for, sitting):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("../../evil.pdf", b"%PDF-1.4")
    response = client_for("secretariat").post(
        _urls(sitting)[0], {"format": "auto", "files": _file("odj.zip", buffer.getvalue())}
    )
    assert response.status_code == 200
    assert "chemins qui sortent de son dossier" in response.content.decode()


def test_preview_without_pending_file_redirects(client_for, sitting):
    upload_url, preview_url = _urls(sitting)
    assert client_for("secretariat").get(preview_url)["Location"] == upload_url


def test_upload_page_documents_the_template(client_for, sitting):
    page = client_for("secretariat").get(_urls(sitting)[0]).content.decode()
    assert "modele-ordre-du-jour.csv" in page and "<h1>" in page and page.count("<h1") == 1
    assert "style=" not in page.split("<main", 1)[-1] and "<script>" not in page


def test_pdf_batch_shows_progress_while_reading(client_for, sitting, media_root):
    """While the background job reads, the preview is a progress bar that htmx polls."""
    from hemicycle.sittings.imports import pdfs

    client = client_for("secretariat")
    _, preview_url = _urls(sitting)
    uploads = [
        pdfs.Upload(name, (FIXTURES / name).read_bytes())
        for name in ("rapport-2026-0142.pdf", "cp-00143.pdf")
    ]
    batch = pdfs.stage(uploads, read=False)
    session = client.session
    session[PENDING] = {"sitting": sitting.pk, "kind": "pdf", "token": batch.token}
    session.save()

    page = client.get(preview_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lecture des PDF : 0 sur 2" in html
    assert "Confirmer l’import" not in html
    partial = client.get(preview_url, HTTP_HX_REQUEST="true")
    assert "<progress" in partial.content.decode()
    assert "<html" not in partial.content.decode()

    pdfs.read_pending(batch.token)
    done = client.get(preview_url, HTTP_HX_REQUEST="true")
    assert done["HX-Refresh"] == "true"
    preview = client.get(preview_url).content.decode()
    assert "Confirmer l’import" in preview
    assert "2026-0142" in preview
    assert report_count() == 0
