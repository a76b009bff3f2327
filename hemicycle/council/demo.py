"""The council part of the demo: the 170 fictional councillors, imported as a user would.

Called by the demo command once the mandature, our group's councillors and the council
groups exist.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from hemicycle.council import selectors, services
from hemicycle.council.models import CouncilGroup, RosterMember, Term

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "rne"
FIRST_EDITION = FIXTURES / "conseillers-regionaux-2024-06.csv"
LATER_EDITION = FIXTURES / "conseillers-regionaux-2025-03.csv"
SEED = 32


def seed(*, term: Term, acting_user: Any) -> None:
    """Import the first RNE edition, then seat everyone in a council group.

    Our group gets the members the import linked to its councillors; the others fill the
    remaining groups by their declared seats, the executive (président, vice-président·es)
    in the largest majority group; whoever is left over is non-inscrit·e.
    """
    services.import_roster(
        term=term,
        file_name=FIRST_EDITION.name,
        content=FIRST_EDITION.read_bytes(),
        acting_user=acting_user,
        region=term.region_code,
    )
    own = selectors.own_council_group(term=term)
    groups = list(
        CouncilGroup.objects.filter(term=term, is_archived=False, own_group__isnull=True)
        .exclude(side=CouncilGroup.Side.UNAFFILIATED)
        .order_by("-seats", "name")
    )
    members = list(
        RosterMember.objects.filter(term=term, status=RosterMember.Status.ACTIVE).order_by(
            "match_key"
        )
    )
    assignments: dict[int, int | None] = {}
    for member in members:
        if member.group_councillor_id:
            assignments[member.pk] = own.pk if own else None
    rest = [m for m in members if m.pk not in assignments]
    random.Random(SEED).shuffle(rest)  # noqa: S311  (a reproducible demo, not a secret)
    # The executive comes from the majority: put it first so that it lands there.
    rest.sort(key=lambda m: not m.function.startswith(("Président", "Vice-président")))
    majority = [g for g in groups if g.side == CouncilGroup.Side.MAJORITY]
    ordered = majority[:1] + [g for g in groups if g not in majority[:1]]
    queue = iter(rest)
    for group in ordered:
        for _ in range(group.seats):
            seated = next(queue, None)
            if seated is None:
                break
            assignments[seated.pk] = group.pk
    for unaffiliated in queue:
        assignments[unaffiliated.pk] = None
    services.assign_council_groups(term=term, assignments=assignments, acting_user=acting_user)
