"""`python manage.py restore FILE [--force]`: put back a backup, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from hemicycle.core.backup import BackupError, restore_archive


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde faite avec « backup » : toutes les tables et les documents. "
        "La base doit être migrée (« migrate ») et vide, sauf avec --force. Tout ou rien : "
        "en cas d'erreur, rien n'est modifié."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Archive produite par « python manage.py backup »")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Remplace les données présentes dans la base (elles seront perdues).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_archive(Path(options["file"]), force=options["force"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"] >= 1:
            rows = sum(table.rows for table in report.tables)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restauration terminée et vérifiée : {len(report.tables)} tables, "
                    f"{rows} lignes, {report.files} documents."
                )
            )
            if report.media_kept_aside:
                self.stdout.write(
                    f"Les documents présents avant la restauration ont été mis de côté dans "
                    f"{report.media_kept_aside}."
                )
