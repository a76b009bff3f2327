"""Write the group's votes as a Popolo JSON document (see hemicycle/votes/popolo.py)."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import BaseCommand, CommandError

from hemicycle.votes import popolo


class Command(BaseCommand):
    help = (
        "Exporte les scrutins, les votes des élu·es du groupe et les résultats par groupe au "
        "format Popolo (JSON, UTF-8). Un fichier existant est remplacé ; « - » écrit sur la "
        "sortie standard."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Chemin du fichier JSON à écrire (remplacé s’il existe).")

    def handle(self, *args: Any, **options: Any) -> None:
        document = popolo.build_document()
        text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
        if options["file"] == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(options["file"])
        temporary = ""
        try:
            # Written beside the target then renamed, so that a failure never leaves a
            # half-written export in place of the previous one.
            with tempfile.NamedTemporaryFile(
                "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", delete=False
            ) as handle:
                temporary = handle.name
                handle.write(text)
            os.replace(temporary, path)
        except OSError as exc:
            if temporary:
                Path(temporary).unlink(missing_ok=True)
            raise CommandError(f"Impossible d’écrire « {path} » : {exc.strerror}.") from None
        events = len(document["vote_events"])
        votes = sum(len(event.get("votes", [])) for event in document["vote_events"])
        self.stdout.write(
            self.style.SUCCESS(f"« {path} » écrit : {events} scrutin(s), {votes} vote(s) d’élu·es.")
        )
