"""The council part of the demo: 170 councillors imported, linked and seated in groups."""

from __future__ import annotations

from collections import Counter

import pytest

from hemicycle.accounts.tests.factories import UserFactory
from hemicycle.core.roles import Role
from hemicycle.council import demo
from hemicycle.council.models import CouncilGroup, RosterImport, RosterMember
from hemicycle.council.tests.factories import CouncilGroupFactory, TermFactory
from hemicycle.demo import people
from hemicycle.group.tests.factories import CouncillorFactory, GroupFactory

pytestmark = pytest.mark.django_db

OTHER_GROUPS = [
    ("Union de la droite, du centre et des indépendants", "UDCI", "majority", 96),
    ("Rassemblement national", "RN", "opposition", 30),
    ("Socialistes, communistes et républicains", "SCR", "opposition", 12),
    ("Centristes et indépendants", "CI", "majority", 11),
]


def _world():
    term = TermFactory()
    group = GroupFactory(term=term)
    CouncilGroupFactory(term=term, name=group.name, short_name="GES", own_group=group, seats=14)
    for name, short, side, seats in OTHER_GROUPS:
        CouncilGroupFactory(term=term, name=name, short_name=short, side=side, seats=seats)
    for civ, first, last, _sex, _birth, section, *_rest in people.COUNCILLORS:
        CouncillorFactory(civility=civ, first_name=first, last_name=last, section=section)
    return term


def test_seed_imports_links_and_seats_everyone():
    term = _world()
    demo.seed(term=term, acting_user=UserFactory(role=Role.SECRETARIAT))

    members = RosterMember.objects.filter(term=term)
    assert members.count() == 170
    assert RosterImport.objects.count() == 1
    per_group = Counter(members.values_list("council_group__short_name", flat=True))
    assert per_group == {"UDCI": 96, "RN": 30, "GES": 14, "SCR": 12, "CI": 11, None: 7}
    ours = members.filter(council_group__own_group__isnull=False)
    assert ours.filter(group_councillor__isnull=False).count() == 14
    executive = members.filter(function__startswith="Vice-président") | members.filter(
        function__startswith="Président"
    )
    assert set(executive.values_list("council_group__short_name", flat=True)) == {"UDCI"}
    seats = sum(CouncilGroup.objects.filter(term=term).values_list("seats", flat=True))
    assert seats + per_group[None] == term.seats


def test_seed_is_deterministic():
    def run():
        term = _world()
        demo.seed(term=term, acting_user=None)
        return sorted(
            RosterMember.objects.filter(term=term).values_list(
                "match_key", "council_group__short_name"
            )
        )

    first = run()
    RosterMember.objects.all().delete()
    RosterImport.objects.all().delete()
    CouncilGroup.objects.all().delete()
    from hemicycle.group.models import Councillor, Group

    Councillor.objects.all().delete()
    Group.objects.all().delete()
    assert run() == first
