"""Import the RNE's regional councillors file into the current mandature's roster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError
from django.utils.text import capfirst

from hemicycle.council import selectors, services
from hemicycle.council.rne import RneError


class Command(BaseCommand):
    help = (
        "Importe le fichier des conseillers régionaux du Répertoire national des élus (RNE) "
        "dans le registre de la mandature en cours."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Chemin du fichier CSV du RNE.")
        parser.add_argument(
            "--region", default="32", help="Code de la région à importer (32 par défaut)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Affiche ce que l’import changerait, sans rien enregistrer.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        term = selectors.current_term()
        if term is None:
            raise CommandError(
                "Aucune mandature n’est enregistrée : créez-la avant d’importer le RNE."
            )
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Impossible de lire « {path} » : {exc.strerror}.") from None
        try:
            summary = services.import_roster(
                term=term,
                file_name=path.name,
                content=content,
                acting_user=None,
                region=options["region"],
                dry_run=options["dry_run"],
            )
        except RneError as exc:
            lines = "\n".join(f"  {issue}" for issue in exc.issues)
            raise CommandError(
                f"Le fichier « {path.name} » n’a pas été importé ; rien n’a été modifié.\n{lines}"
            ) from None

        write = self.stdout.write
        if summary.dry_run:
            write("Simulation : rien n’a été enregistré.")
        write(f"{term} — région {summary.region} : {summary.rows} élu·es dans le fichier.")
        sections = [
            ("created", "Arrivées"),
            ("updated", "Mises à jour"),
            ("left", "Départs"),
            ("reactivated", "Retours en mandat"),
            ("linked", "Reliées aux fiches du groupe"),
        ]
        for kind, label in sections:
            entries = getattr(summary, kind)
            write(f"{label} : {len(entries)}")
            for entry in entries:
                detail = ""
                if entry.get("changes"):
                    detail = " — " + "; ".join(
                        f"{capfirst(c['label'])} : {c['old'] or '—'} → {c['new'] or '—'}"
                        for c in entry["changes"]
                    )
                elif entry.get("left_on"):
                    detail = f" — parti·e le {entry['left_on']}"
                write(f"  {entry['name']}{detail}")
        write(f"Sans changement : {len(summary.unchanged)}")
        if not summary.dry_run:
            self.stdout.write(self.style.SUCCESS("Import terminé."))
