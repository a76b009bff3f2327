"""Drop every stored page fragment (after changing the database by hand, outside Django)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from hemicycle.core import fragments


class Command(BaseCommand):
    help = (
        "Oublie toutes les parties de pages gardées en cache (à lancer après une "
        "modification de la base faite hors de l’application)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        before = fragments.generation()
        fragments.changed()
        if fragments.generation() == before:
            self.stderr.write("Le cache n’a pas pu être vidé : voir le journal.")
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("Parties de pages en cache oubliées."))
