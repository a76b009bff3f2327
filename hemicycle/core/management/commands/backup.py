"""`python manage.py backup FILE`: the whole database and every document in one archive."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from hemicycle.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Sauvegarde toute la base (toutes les tables) et tous les documents déposés dans une "
        "archive .tar.gz, restaurable avec « restore » sur SQLite comme sur PostgreSQL."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "file", help="Fichier d'archive à écrire, par exemple sauvegarde.tar.gz"
        )
        parser.add_argument(
            "--overwrite", action="store_true", help="Remplace le fichier s'il existe déjà."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["file"])
        if target.exists() and not options["overwrite"]:
            raise CommandError(
                f"Le fichier {target} existe déjà : choisissez un autre nom ou ajoutez --overwrite."
            )
        started = time.monotonic()
        try:
            manifest = create_backup(target)
        except (BackupError, OSError) as error:
            raise CommandError(f"Sauvegarde impossible : {error}") from error
        rows = sum(table["rows"] for table in manifest["tables"])
        if options["verbosity"] >= 1:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Sauvegarde écrite : {target} ({target.stat().st_size / 1024:.0f} Kio, "
                    f"{len(manifest['tables'])} tables, {rows} lignes, "
                    f"{len(manifest['files'])} documents, {time.monotonic() - started:.1f} s)."
                )
            )
