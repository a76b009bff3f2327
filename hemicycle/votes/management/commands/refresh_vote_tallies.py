"""Recount the group's tallies of every scrutin (after votes were loaded by hand)."""

from __future__ import annotations

import time
from typing import Any

from django.core.management import BaseCommand

from hemicycle.votes import tallies


class Command(BaseCommand):
    help = "Recompte les décomptes du groupe de chaque scrutin (par option et par parti)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        count = tallies.refresh_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"{count} scrutin(s) recompté(s) en {time.perf_counter() - started:.1f} s."
            )
        )
