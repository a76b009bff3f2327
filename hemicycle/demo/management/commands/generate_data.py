"""Generate N full mandatures of fictional data, fast, for benchmarks (see demo/generate/)."""

from __future__ import annotations

import argparse
import time
from typing import Any

from django.core.management import BaseCommand, CommandError, call_command
from django.db import connection

from hemicycle.accounts.models import User
from hemicycle.core import maintenance
from hemicycle.council.models import Term
from hemicycle.demo import generate
from hemicycle.group.models import Councillor, Group
from hemicycle.sittings.models import Sitting


class Command(BaseCommand):
    help = (
        "Génère des données fictives à l’échelle : N mandatures complètes (séances, rapports, "
        "votes, dépôts), de façon reproductible, pour les mesures de performance."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            help="Nombre de mandatures à générer côte à côte (1 par défaut).",
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Graine du hasard (2026 par défaut)."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Efface TOUTES les données de la base avant de générer.",
        )
        # For the tests: a mandature with this share of its séances and filings (a séance
        # keeps its full size), so that the proportions hold in a few seconds.
        parser.add_argument("--fraction", type=float, default=1.0, help=argparse.SUPPRESS)
        parser.add_argument(
            "--batch-size", type=int, default=generate.BATCH_SIZE, help=argparse.SUPPRESS
        )

    def handle(self, *args: Any, **options: Any) -> None:
        scale, fraction = options["scale"], options["fraction"]
        if scale < 1:
            raise CommandError("--scale doit valoir au moins 1.")
        if not 0 < fraction <= 1:
            raise CommandError("--fraction doit être compris entre 0 (exclu) et 1.")
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif any(m.objects.exists() for m in (User, Term, Group, Councillor, Sitting)):
            raise CommandError(
                "La base contient déjà des données : generate_data ne complète pas une base "
                "existante. Relancez avec --reset pour TOUT effacer avant de générer."
            )
        verbose = options["verbosity"] >= 1

        def progress(message: str) -> None:
            if verbose:
                self.stdout.write(message)

        if verbose:
            self.stdout.write(
                f"Génération de {scale} mandature(s), graine {options['seed']}, "
                f"base {connection.vendor}…"
            )
        started = time.perf_counter()
        timings = generate.generate(
            scale=scale,
            seed=options["seed"],
            fraction=fraction,
            batch_size=options["batch_size"],
            progress=progress,
        )
        # Fresh statistics, so that the first pages are planned on the data as it is.
        analysed = time.perf_counter()
        maintenance.update_statistics(full=True)
        timings["ANALYZE"] = generate.Timing(0, time.perf_counter() - analysed)
        total = time.perf_counter() - started
        if not verbose:
            return
        self.stdout.write(f"{'table':<36}{'lignes':>12}{'secondes':>11}{'lignes/s':>11}")
        for name, timing in timings.items():
            rate = timing.rows / timing.seconds if timing.seconds else 0
            self.stdout.write(
                f"{name:<36}{timing.rows:>12,}{timing.seconds:>11.2f}{rate:>11,.0f}".replace(
                    ",", "\u202f"
                )
            )
        rows = sum(t.rows for t in timings.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows:,} lignes en {total:.1f} s ({rows / total:,.0f} lignes/s).".replace(
                    ",", "\u202f"
                )
            )
        )
