"""Build the demo group: fictional people and content showing every area in use.

Deterministic: the same command gives the same data every time. Each area contributes
its part through its own `demo.seed` function, in the order of the dependency chain.
"""

from __future__ import annotations

from typing import Any

from django.core.management import BaseCommand, CommandError, call_command
from django.db import transaction
from django.test.utils import override_settings

from hemicycle.accounts.models import User
from hemicycle.core.roles import Role
from hemicycle.core.search import index as search_index
from hemicycle.council import demo as council_demo
from hemicycle.council.models import CouncilGroup, Term
from hemicycle.demo import (
    council_work,
    filings_demo,
    markers,
    notifications_demo,
    opendata_demo,
    people,
    votes_demo,
)
from hemicycle.group import demo as group_demo

OTHER_GROUPS = [
    ("Union de la droite, du centre et des indépendants", "UDCI", "majority", 96, "#1e4fa3"),
    ("Rassemblement national", "RN", "opposition", 30, "#2b2f6b"),
    ("Socialistes, communistes et républicains", "SCR", "opposition", 12, "#e0457b"),
    ("Centristes et indépendants", "CI", "majority", 11, "#f0a000"),
]

ACCOUNTS = [
    # username, role, first, last, link
    ("secretariat", Role.SECRETARIAT, "Lucie", "Marchand", ("staff", "Marchand")),
    ("presidence", Role.PRESIDENCE, "Claire", "Vasseur", ("councillor", "Vasseur")),
    ("bureau", Role.BUREAU, "Sophie", "Delattre", ("councillor", "Delattre")),
    ("elu", Role.ELU, "Thomas", "Dewaele", ("councillor", "Dewaele")),
    ("collaborateur", Role.COLLABORATEUR, "Mehdi", "Saïdi", ("staff", "Saïdi")),
    ("partenaire", Role.PARTENAIRE, "Gaëlle", "Moreau", ("partner", "SCR")),
    ("observateur", Role.OBSERVATEUR, "Jeanne", "Morel", None),
]


class Command(BaseCommand):
    help = "Construit la démonstration : un groupe fictif et ses données, de façon reproductible."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Efface TOUTES les données de la base avant de construire la démonstration.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["reset"]:
            call_command("flush", interactive=False, verbosity=0)
        elif User.objects.exists() or Term.objects.exists():
            raise CommandError(
                "La base contient déjà des données : relancez avec --reset pour tout effacer "
                "et reconstruire la démonstration."
            )
        # Building the demo replays the group's work through the services, which notify by
        # e-mail: keep those e-mails in memory instead of printing or sending them.
        with (
            override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            transaction.atomic(),
        ):
            self._build()
        if options["verbosity"] < 1:
            return
        self.stdout.write(self.style.SUCCESS("Démonstration prête."))
        self.stdout.write(f"Comptes (mot de passe « {people.PASSWORD} ») :")
        for username, role, *_ in ACCOUNTS:
            self.stdout.write(f"  {username:<14} {role.label}")
        # No token is seeded: a token in the repository would be a known secret.
        self.stdout.write(
            "API : /api/v1/openapi.json ; un jeton se crée dans « Mon compte » → "
            "« Accès à l’API » (/compte/api/)."
        )

    def _build(self) -> None:
        secretariat = User(
            username="secretariat",
            role=Role.SECRETARIAT,
            first_name="Lucie",
            last_name="Marchand",
            email=group_demo.email_for("Lucie", "Marchand"),
            is_staff=True,
            is_superuser=True,
        )
        secretariat.set_password(people.PASSWORD)
        secretariat.save()

        term = Term.objects.create(
            name="Mandature 2021-2028",
            region_code="32",
            region_name="Hauts-de-France",
            seats=170,
            start_date=people.MANDATE_START,
            end_date=people.MANDATE_END,
        )
        built = group_demo.seed(term=term, acting_user=secretariat)
        own = CouncilGroup.objects.create(
            term=term,
            name=built["group"].name,
            short_name=built["group"].short_name,
            side=CouncilGroup.Side.OPPOSITION,
            seats=14,
            colour="#2e7d32",
            president_name="Claire Vasseur",
            own_group=built["group"],
        )
        groups = {"GES": own}
        for name, short, side, seats, colour in OTHER_GROUPS:
            groups[short] = CouncilGroup.objects.create(
                term=term, name=name, short_name=short, side=side, seats=seats, colour=colour
            )
        council_demo.seed(term=term, acting_user=secretariat)
        council_work.seed(term=term, acting_user=secretariat)

        by_last = {c.last_name: c for c in built["councillors"]}
        staff_by_last = {s.last_name: s for s in built["staff"]}
        for username, role, first, last, link in ACCOUNTS:
            user = (
                secretariat
                if username == "secretariat"
                else User(username=username, role=role, first_name=first, last_name=last)
            )
            user.email = group_demo.email_for(first, last)
            if link and link[0] == "councillor":
                user.councillor = by_last[link[1]]
            elif link and link[0] == "staff":
                user.staff_member = staff_by_last[link[1]]
            elif link and link[0] == "partner":
                user.email = "gaelle.moreau@groupe-scr.test"
                user.partner_group = groups[link[1]]
            user.set_password(people.PASSWORD)
            user.full_clean()
            user.save()
        users = {u.username: u for u in User.objects.all()}
        notifications_demo.seed(users=users)
        filings_demo.seed(users=users)
        votes_demo.seed(users=users, recusal_reason=markers.RECUSAL_REASON)
        opendata_demo.seed(acting_user=secretariat)
        # Confidential markers for the leak crawler (tests/test_leaks.py); last, on top of it all.
        markers.plant(acting_user=secretariat)
        # The services index as they go; a rebuild also covers rows written directly above.
        search_index.rebuild()
