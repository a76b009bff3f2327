"""Write the OParl 1.1 export into a folder (see hemicycle/opendata/oparl/)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from hemicycle.opendata.oparl import export


class Command(BaseCommand):
    help = (
        "Exporte les données publiques du conseil et du groupe au format OParl 1.1 (un "
        "dossier de fichiers JSON, validés selon les schémas officiels). Le dossier est créé, "
        "ou remplacé s’il contient un export précédent ; rien n’est écrit si la validation échoue."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("dir", help="Dossier à écrire (nouveau, vide, ou export précédent).")

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["dir"])
        if not target.absolute().parent.is_dir():
            raise CommandError(
                f"Impossible d’écrire « {target} » : le dossier parent "
                f"« {target.absolute().parent} » n’existe pas. Rien n’a été écrit."
            )
        tree = export.build_tree()
        errors = tree.errors()
        if errors:
            listed = "\n".join(f"  - {e}" for e in errors[:20])
            raise CommandError(
                f"L’export ne passe pas les schémas OParl 1.1 ({len(errors)} erreur(s)), "
                f"rien n’a été écrit :\n{listed}"
            )
        try:
            export.write_tree(tree, target)
        except export.TargetRefused as exc:
            raise CommandError(f"{exc} : choisissez un dossier nouveau ou vide.") from None
        except OSError as exc:
            raise CommandError(
                f"Impossible d’écrire « {target} » : {exc.strerror}. Rien n’a été écrit."
            ) from None
        counts = ", ".join(f"{kind} : {n}" for kind, n in tree.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"« {target} » écrit : {len(tree.documents)} fichier(s) JSON, "
                f"{len(tree.contents)} document(s) ({counts})."
            )
        )
