"""Personas shared by every test: one account per role, plus an outsider.

`client_for("partner")` gives a logged-in test client; `persona("partner")` the user.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from hemicycle.accounts.models import User
from hemicycle.accounts.tests.factories import UserFactory
from hemicycle.core.roles import Role

PERSONAS = (
    "secretariat",
    "president",
    "bureau",
    "councillor",
    "staff",
    "partner",
    "observer",
    "outsider",
)


@pytest.fixture
def world(db):
    """The minimal group: mandature, our group, an allied and a rival group, two élu·es."""
    from hemicycle.council.tests.factories import CouncilGroupFactory, TermFactory
    from hemicycle.group.tests.factories import CouncillorFactory, GroupFactory

    term = TermFactory()
    group = GroupFactory(term=term)
    own = CouncilGroupFactory(
        term=term, name=group.name, short_name="GES", own_group=group, seats=14
    )
    ally = CouncilGroupFactory(term=term, name="Groupe Socialiste", short_name="SOC", seats=12)
    rival = CouncilGroupFactory(
        term=term, name="Groupe Majoritaire", short_name="MAJ", seats=96, side="majority"
    )
    return {
        "term": term,
        "group": group,
        "own": own,
        "ally": ally,
        "rival": rival,
        "president_councillor": CouncillorFactory(first_name="Claire", last_name="Présidente"),
        "councillor": CouncillorFactory(first_name="Nadia", last_name="Élue"),
    }


@pytest.fixture
def personas(world) -> dict[str, User]:
    return {
        "secretariat": UserFactory(username="secretariat", role=Role.SECRETARIAT),
        "president": UserFactory(
            username="presidence", role=Role.PRESIDENCE, councillor=world["president_councillor"]
        ),
        "bureau": UserFactory(username="bureau", role=Role.BUREAU),
        "councillor": UserFactory(username="elu", role=Role.ELU, councillor=world["councillor"]),
        "staff": UserFactory(username="collaborateur", role=Role.COLLABORATEUR),
        "partner": UserFactory(
            username="partenaire", role=Role.PARTENAIRE, partner_group=world["ally"]
        ),
        "observer": UserFactory(username="observateur", role=Role.OBSERVATEUR),
        # A partner of a group nothing is shared with: sees only their own account.
        "outsider": UserFactory(
            username="exterieur", role=Role.PARTENAIRE, partner_group=world["rival"]
        ),
    }


@pytest.fixture
def persona(personas) -> Callable[[str], User]:
    return lambda name: personas[name]


@pytest.fixture
def client_for(personas) -> Callable[[str], Client]:
    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(personas[name])
        return client

    return make


def pytest_configure(config):
    from django.conf import settings

    # Argon2 is deliberately slow; tests create hundreds of accounts. Production keeps argon2
    # (asserted in hemicycle/accounts/tests/test_auth.py against config.settings itself).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _own_fragment_generation(tmp_path_factory):
    """This test run's generation file: another run on the machine must not renew it."""
    from hemicycle.core import fragments

    fragments._store = fragments._FileGeneration(tmp_path_factory.mktemp("fragments") / "g")


@pytest.fixture(autouse=True)
def _fresh_fragments(_own_fragment_generation):
    """A test's rolled-back writes must not leave rendered fragments for the next test."""
    from hemicycle.core import fragments

    fragments.changed()


@pytest.fixture
def build_every_time(settings):
    """Pages built at every request, no stored fragment: what query-count tests measure
    (the first reader after a change; the next ones make fewer queries)."""
    settings.HEMICYCLE_FRAGMENT_SECONDS = 0
