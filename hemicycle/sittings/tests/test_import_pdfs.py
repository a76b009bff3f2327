"""Batches of PDFs: read, guessed, corrected; bad files named and never blocking the rest."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from hemicycle.sittings.imports import pdfs, service
from hemicycle.sittings.imports.base import AgendaImportError
from hemicycle.sittings.models import Report, ReportDocument
from hemicycle.sittings.tests.import_support import (  # noqa: F401
    FIXTURES,
    media_root_fixture,
    report_count,
    sitting_fixture,
)

pytestmark = pytest.mark.django_db


def upload(name):
    return pdfs.Upload(name, (FIXTURES / name).read_bytes())


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return pdfs.Upload("rapports.zip", buffer.getvalue())


def test_guess_heuristics():
    assert pdfs.guess("Région\nRapport n° 2026-0142\nObjet : Cantines bio", "x.pdf") == (
        "2026-0142",
        "Cantines bio",
    )
    assert pdfs.guess("Projet de délibération N° 26.00143 : Plan vélo", "x.pdf") == (
        "26.00143",
        "Plan vélo",
    )
    assert pdfs.guess("Délibération nº CP-2026-7\nAide aux tiers-lieux ruraux", "x.pdf") == (
        "CP-2026-7",
        "Aide aux tiers-lieux ruraux",
    )
    assert pdfs.guess("", "odj/2026-0150 annexe.pdf") == ("2026-0150", "2026-0150 annexe")


def test_batch_with_corrupt_encrypted_and_non_pdf(sitting, media_root):
    batch = pdfs.stage(
        [
            upload("rapport-2026-0142.pdf"),
            upload("cp-00143.pdf"),
            upload("endommage.pdf"),
            upload("protege.pdf"),
            upload("notes.docx"),
        ]
    )
    status = {f.name: (f.status, f.reason) for f in batch.files}
    assert status["endommage.pdf"] == ("failed", "Ce PDF est endommagé ou illisible.")
    assert status["protege.pdf"][0] == "failed" and "mot de passe" in status["protege.pdf"][1]
    assert status["notes.docx"] == ("skipped", "Ce fichier n’est pas un PDF : il est ignoré.")
    assert (media_root / "import-tmp" / batch.token / "manifest.json").exists()

    corrections = {f.index: (f.number, f.title) for f in batch.files if f.importable}
    corrections[3] = ("26.00144", "Plan vélo (version protégée)")
    rows = pdfs.rows_for(pdfs.Batch.load(batch.token), corrections)
    summary = service.import_reports(sitting=sitting, rows=rows, acting_user=None, source="pdf")
    assert (summary.created, summary.flagged) == (4, 2)
    good = Report.objects.get(number="2026-0142")
    assert good.title == "Soutien aux cantines bio des lycées"
    assert good.text_status == Report.TextStatus.OK
    document = good.documents.get()
    assert (document.version, document.pages, document.text_status) == (1, 1, "ok")
    assert "Rapport n° 2026-0142" in document.text and len(document.sha256) == 64
    assert document.file.read()[:5] == b"%PDF-"
    flagged = Report.objects.get(number="26.00144")
    assert flagged.text_status == Report.TextStatus.FAILED
    assert "mot de passe" in flagged.documents.get().text_error
    assert not Report.objects.filter(title__icontains="notes").exists()
    batch.cleanup()
    assert not (media_root / "import-tmp" / batch.token).exists()


def test_duplicate_guessed_numbers_must_be_corrected(sitting):
    batch = pdfs.stage(
        [upload("cp-00143.pdf"), pdfs.Upload("copie.pdf", upload("cp-00143.pdf").data)]
    )
    with pytest.raises(AgendaImportError) as caught:
        pdfs.rows_for(batch)
    assert "est aussi celui de « cp-00143.pdf »" in caught.value.issues[0].message


def test_zip_of_pdfs_ignores_folders_and_other_files(sitting):
    archive = zipped(
        [
            ("odj/", b""),
            ("odj/rapport-2026-0142.pdf", upload("rapport-2026-0142.pdf").data),
            ("odj/lisez-moi.txt", b"bonjour"),
        ]
    )
    batch = pdfs.stage([archive])
    assert [f.name for f in batch.files] == ["rapport-2026-0142.pdf"]
    assert batch.notices == ["« odj/lisez-moi.txt » (dans rapports.zip) ignoré : pas un PDF."]


@pytest.mark.parametrize(
    "name", ["../evil.pdf", "/etc/evil.pdf", "a/../../evil.pdf", "C:\\evil.pdf"]
)
def test_zip_with_traversal_is_refused(name, media_root):
    with pytest.raises(AgendaImportError) as caught:
        pdfs.stage([zipped([(name, b"%PDF-1.4")])])
    assert "chemins qui sortent de son dossier" in caught.value.issues[0].message
    assert not (media_root / "import-tmp").exists() or not any(
        (media_root / "import-tmp").iterdir()
    )


def test_zip_bomb_is_refused(monkeypatch):
    monkeypatch.setattr(pdfs, "MAX_ZIP_TOTAL_BYTES", 10_000)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("gros.pdf", b"%PDF-" + b"0" * 50_000)
    with pytest.raises(AgendaImportError) as caught:
        pdfs.expand_zip(pdfs.Upload("bombe.zip", buffer.getvalue()))
    assert "une fois décompressée, elle dépasse" in caught.value.issues[0].message


def test_zip_with_too_many_entries(monkeypatch):
    monkeypatch.setattr(pdfs, "MAX_ZIP_ENTRIES", 2)
    with pytest.raises(AgendaImportError, match="au-delà de la limite de 2"):
        pdfs.expand_zip(zipped([(f"{i}.pdf", b"%PDF-") for i in range(3)]))


def test_damaged_zip():
    with pytest.raises(AgendaImportError, match="endommagée"):
        pdfs.expand_zip(pdfs.Upload("x.zip", b"PK\x03\x04 garbage"))


# --- Command ---------------------------------------------------------------------------


def test_command_imports_pdfs_and_names_unreadable_ones(sitting):
    out = io.StringIO()
    call_command(
        "import_agenda",
        "--sitting",
        str(sitting.pk),
        str(FIXTURES / "rapport-2026-0142.pdf"),
        str(FIXTURES / "endommage.pdf"),
        str(FIXTURES / "notes.docx"),
        stdout=out,
    )
    text = out.getvalue()
    assert "« endommage.pdf » : Ce PDF est endommagé ou illisible." in text
    assert "« notes.docx » : Ce fichier n’est pas un PDF" in text
    assert "2 rapport(s) importé(s)" in text and "Dont 1 sans texte" in text
    assert ReportDocument.objects.count() == 2


def test_command_csv_dry_run_and_errors(sitting, tmp_path):
    good = tmp_path / "odj.csv"
    good.write_text("numero;titre\n1;Premier rapport\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_agenda", "--sitting", str(sitting.pk), "--dry-run", str(good), stdout=out)
    assert "Simulation : rien n’a été enregistré." in out.getvalue()
    assert report_count() == 0

    bad = tmp_path / "mauvais.csv"
    bad.write_text("numero;titre;montant\n2;Second;beaucoup\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("import_agenda", "--sitting", str(sitting.pk), str(good), str(bad))
    assert "« mauvais.csv », ligne 2, champ « montant » : Montant illisible" in str(caught.value)
    assert report_count() == 0


def test_command_unknown_sitting(db):
    with pytest.raises(CommandError, match="Aucune séance n’a l’identifiant 999"):
        call_command("import_agenda", "--sitting", "999", "x.csv")
