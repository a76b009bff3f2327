"""Write the adopted délibérations as an SCDL « Délibérations » 2.1.5 CSV file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from hemicycle.opendata import scdl


class Command(BaseCommand):
    help = (
        "Exporte les délibérations adoptées au format SCDL « Délibérations » 2.1.5 (CSV, "
        "UTF-8, séparateur virgule). Un fichier existant est remplacé ; « - » écrit sur la "
        "sortie standard."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Chemin du fichier CSV à écrire (remplacé s’il existe).")

    def handle(self, *args: Any, **options: Any) -> None:
        table = scdl.rows()
        found = scdl.problems(table)
        if found:
            listed = "\n".join(f"  - {p}" for p in found[:20])
            raise CommandError(
                f"Le fichier ne respecte pas les règles du schéma SCDL ({len(found)} "
                f"problème(s)), rien n’a été écrit :\n{listed}"
            )
        text = scdl.csv_text(table)
        if options["file"] == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(options["file"])
        if path.is_dir():
            raise CommandError(f"« {path} » est un dossier : indiquez un nom de fichier.")
        temporary = ""
        try:
            # Written beside the target then renamed: a failure never leaves half a file.
            with tempfile.NamedTemporaryFile(
                "w",
                encoding="utf-8",
                newline="",
                dir=path.absolute().parent,
                prefix=f".{path.name}.",
                delete=False,
            ) as handle:
                temporary = handle.name
                handle.write(text)
            os.replace(temporary, path)
        except OSError as exc:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
            raise CommandError(
                f"Impossible d’écrire « {path} » : {exc.strerror}. Rien n’a été écrit."
            ) from None
        self.stdout.write(self.style.SUCCESS(f"« {path} » écrit : {len(table)} délibération(s)."))
