"""Empty and refill the global search index from every registered search source."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from hemicycle.core.search import index, registry


class Command(BaseCommand):
    help = "Reconstruit l’index de la recherche globale (tous les types, ou ceux nommés)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "kinds", nargs="*", help="types à reconstruire (par exemple sittings.report)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        known = registry.labels()
        unknown = [k for k in options["kinds"] if k not in known]
        if unknown:
            raise CommandError(
                f"Type inconnu\u00a0: {', '.join(unknown)}. Types connus\u00a0: {', '.join(known)}."
            )
        started = time.perf_counter()
        counts = index.rebuild(options["kinds"] or None)
        for kind, count in counts.items():
            self.stdout.write(f"{known[kind]} ({kind})\u00a0: {count}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Index de recherche reconstruit\u00a0: {sum(counts.values())} documents "
                f"en {time.perf_counter() - started:.1f} s."
            )
        )
