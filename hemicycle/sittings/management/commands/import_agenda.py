"""Import an agenda (template CSV, SCDL CSV, PDFs or zips of PDFs) into one séance."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from hemicycle.sittings.imports import pdfs, service
from hemicycle.sittings.imports.base import AgendaImportError, ImportIssue
from hemicycle.sittings.models import Sitting


class Command(BaseCommand):
    help = (
        "Importe les rapports d’une séance depuis un CSV (modèle du groupe ou SCDL "
        "délibérations), des PDF ou des archives zip de PDF. Tout ou rien pour les CSV."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--sitting", type=int, required=True, help="Identifiant de la séance.")
        parser.add_argument("files", nargs="+", help="Fichiers à importer.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce qui serait importé, sans rien enregistrer.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sitting = Sitting.objects.select_related("body").filter(pk=options["sitting"]).first()
        if sitting is None:
            raise CommandError(f"Aucune séance n’a l’identifiant {options['sitting']}.")
        rows = []
        uploads = []
        sources = set()
        issues: list[ImportIssue] = []
        for name in options["files"]:
            path = Path(name)
            try:
                content = path.read_bytes()
            except OSError as exc:
                raise CommandError(f"Impossible de lire « {path} » : {exc.strerror}.") from None
            kind = service.detect_format(path.name, content[:4096])
            sources.add(kind)
            if kind == "pdf":
                uploads.append(pdfs.Upload(path.name, content))
                continue
            try:
                rows.extend(service.parse_table(kind, content, path.name))
            except AgendaImportError as exc:
                issues.extend(exc.issues)
        batch = None
        try:
            if issues:
                raise AgendaImportError(issues)
            if uploads:
                batch = pdfs.stage(uploads)
                for notice in batch.notices:
                    self.stdout.write(f"Ignoré : {notice}")
                for staged in batch.files:
                    if staged.status != "ok":
                        self.stdout.write(f"« {staged.name} » : {staged.reason}")
                if any(f.importable for f in batch.files):
                    rows.extend(pdfs.rows_for(batch))
            if not rows:
                raise AgendaImportError([ImportIssue(0, "", "Aucun rapport à importer.")])
            summary = service.import_reports(
                sitting=sitting,
                rows=rows,
                acting_user=None,
                source="pdf" if sources == {"pdf"} else "csv" if "csv" in sources else "scdl",
                dry_run=options["dry_run"],
            )
        except AgendaImportError as exc:
            lines = "\n".join(f"  {issue}" for issue in exc.issues)
            raise CommandError(f"Import refusé ; rien n’a été modifié.\n{lines}") from None
        finally:
            if batch is not None:
                batch.cleanup()
        write = self.stdout.write
        if summary.dry_run:
            write("Simulation : rien n’a été enregistré.")
        write(f"Séance « {sitting} » : {summary.created} rapport(s) importé(s).")
        if summary.flagged:
            write(f"Dont {summary.flagged} sans texte (PDF illisible, à remplacer).")
        if summary.new_themes:
            write("Nouveaux thèmes : " + ", ".join(summary.new_themes))
        if summary.new_organisations:
            write("Nouveaux organismes : " + ", ".join(summary.new_organisations))
        for row in summary.rows:
            write(f"  {row['number']} — {row['title']}")
