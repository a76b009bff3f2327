"""Generated data steps: the account, the group, its councillors, the council and its bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from hemicycle.accounts.models import User
from hemicycle.core.roles import Role
from hemicycle.council.models import Body, CouncilGroup, Place, RosterMember, Seat, Term
from hemicycle.council.rne import match_key
from hemicycle.demo import people
from hemicycle.demo.council_work_data import COMMISSIONS, THEMES
from hemicycle.demo.generate.base import (
    Unit,
)
from hemicycle.demo.generate.texts import (
    FIRST_NAMES,
    LAST_NAMES,
    OTHER_GROUPS,
    TOWNS,
)
from hemicycle.group.models import BureauRole, Councillor, Group, Party, Section
from hemicycle.sittings.models import Theme

# --- steps: the account, the group, the council ---------------------------------------------


def _accounts(unit: Unit) -> Iterator[User]:
    if not unit.is_latest:
        return
    user = User(
        username="secretariat",
        role=Role.SECRETARIAT,
        first_name="Lucie",
        last_name="Marchand",
        email="secretariat@groupe-ges.test",
    )
    # The demo's password, for whoever opens a generated database by hand; a generated
    # database is never a production one (the command refuses a database with data).
    user.set_password(people.PASSWORD)
    yield user


def _keep_user(unit: Unit, rows: list[User]) -> None:
    unit.shared.user = rows[0]


def _terms(unit: Unit) -> Iterator[Term]:
    yield Term(
        name=f"Mandature {unit.start.year}-{unit.end.year}",
        start_date=unit.start,
        end_date=unit.end,
    )


def _keep_term(unit: Unit, rows: list[Term]) -> None:
    unit.term = rows[0]


PARTIES = [
    ("Les Écologistes – EELV", "EELV", "#2e7d32"),
    ("Génération.s", "Génération.s", "#ad1457"),
    ("La France insoumise", "LFI", "#c62828"),
]


def _parties(unit: Unit) -> Iterator[Party]:
    # Shared by every mandature: parties outlive mandatures (and their names are unique).
    if unit.is_latest:
        for name, short, colour in PARTIES:
            yield Party(name=name, short_name=short, colour=colour)


def _keep_parties(unit: Unit, rows: list[Party]) -> None:
    unit.shared.parties.update({p.short_name: p for p in rows})


def _groups(unit: Unit) -> Iterator[Group]:
    yield Group(
        name="Groupe Écologiste et Solidaire",
        short_name="GES",
        term=unit.term,
        is_opposition=True,
        declared_on=unit.start,
        address="Hôtel de Région\n151 avenue du Président Hoover\n59555 Lille Cedex",
        email="contact@groupe-ges.test",
    )


def _keep_group(unit: Unit, rows: list[Group]) -> None:
    unit.group = rows[0]


def _councillors(unit: Unit) -> Iterator[Councillor]:
    """The latest mandature has the demo's people; older ones, fictional names drawn from
    the lists above (their councillors have left: their mandate is over)."""
    rng = unit.rng("councillors")
    parties = unit.shared.parties
    for n, row in enumerate(people.COUNCILLORS):
        civility, first, last, _sex, _birth, section, commune, party, bureau = row[:9]
        if not unit.is_latest:
            civility, _sex, first = rng.choice(FIRST_NAMES)
            last = rng.choice(LAST_NAMES)
            commune, section = rng.choice(TOWNS)
        yield Councillor(
            civility=civility,
            first_name=first,
            last_name=last,
            party=parties.get(party) if party else None,
            affiliation=Councillor.Affiliation.MEMBER
            if party
            else Councillor.Affiliation.APPARENTE,
            section=section,
            commune=commune,
            email=f"elu{unit.index}-{n}@groupe-ges.test",
            mandate_start=unit.start,
            mandate_end=unit.end,
            bureau_role=bureau,
            status=Councillor.Status.ACTIVE if unit.is_latest else Councillor.Status.LEFT,
            left_on=None if unit.is_latest else unit.end,
        )


def _keep_councillors(unit: Unit, rows: list[Councillor]) -> None:
    unit.councillors.extend(rows)


def _council_groups(unit: Unit) -> Iterator[CouncilGroup]:
    assert unit.group is not None
    yield CouncilGroup(
        term=unit.term,
        name=unit.group.name,
        short_name="GES",
        side=CouncilGroup.Side.OPPOSITION,
        seats=len(people.COUNCILLORS),
        colour="#2e7d32",
        own_group=unit.group,
    )
    for name, short, side, seats, colour in OTHER_GROUPS:
        yield CouncilGroup(
            term=unit.term, name=name, short_name=short, side=side, seats=seats, colour=colour
        )


def _keep_council_groups(unit: Unit, rows: list[CouncilGroup]) -> None:
    unit.council_groups.extend(rows)


def _roster(unit: Unit) -> Iterator[RosterMember]:
    """The 170 councillors of the council: ours linked to their record, the others
    fictional, seated in their council group."""
    rng = unit.rng("roster")
    n = 0
    for group in unit.council_groups:
        for seat in range(group.seats):
            councillor = unit.councillors[seat] if group.own_group_id else None
            if councillor is not None:
                first, last = councillor.first_name, councillor.last_name
                sex = "F" if councillor.civility == "Mme" else "M"
                section = councillor.section
            else:
                _civility, sex, first = rng.choice(FIRST_NAMES)
                last = rng.choice(LAST_NAMES)
                section = rng.choice(Section.values)
            birth = dt.date(1950 + rng.randrange(45), 1 + rng.randrange(12), 1 + rng.randrange(28))
            n += 1
            yield RosterMember(
                term=unit.term,
                # The index keeps two fictional namesakes born the same day apart.
                match_key=f"{match_key(last, first, birth)}|{n}",
                section=section,
                last_name=last,
                first_name=first,
                sex=sex,
                birth_date=birth,
                mandate_start=unit.start,
                council_group=group,
                group_councillor=councillor,
            )


def _bodies(unit: Unit) -> Iterator[Body]:
    yield Body(
        term=unit.term,
        kind=Body.Kind.PLENARY,
        name="Assemblée plénière",
        short_name="Plénière",
        default_place=Place.LILLE,
        quorum_rule=Body.Quorum.PRESENT,
        members_count=170,
        group_speaking_minutes=25,
        order=1,
    )
    yield Body(
        term=unit.term,
        kind=Body.Kind.PERMANENT,
        name="Commission permanente",
        short_name="CP",
        default_place=Place.AMIENS,
        quorum_rule=Body.Quorum.REPRESENTED,
        members_count=56,
        convocation_delay_days=7,
        group_speaking_minutes=10,
        order=2,
    )
    for i, (name, short) in enumerate(COMMISSIONS):
        yield Body(
            term=unit.term,
            kind=Body.Kind.COMMISSION,
            name=f"Commission {name}",
            short_name=short,
            default_place=Place.LILLE if i % 2 == 0 else Place.AMIENS,
            quorum_rule=Body.Quorum.NONE,
            members_count=22,
            convocation_delay_days=5,
            order=10 + i,
        )


def _keep_bodies(unit: Unit, rows: list[Body]) -> None:
    for body in rows:
        keys: dict[str, str] = {Body.Kind.PLENARY: "plenary", Body.Kind.PERMANENT: "cp"}
        unit.bodies[keys.get(body.kind, body.short_name)] = body


def _seats(unit: Unit) -> Iterator[Seat]:
    commissions = [unit.bodies[short] for _, short in COMMISSIONS]
    for i, councillor in enumerate(unit.councillors):
        yield Seat(body=commissions[i % 8], councillor=councillor, starts_on=unit.start)
        yield Seat(
            body=commissions[(i + 3) % 8],
            councillor=councillor,
            role=Seat.Role.SUPPLEANT,
            starts_on=unit.start,
        )
        if councillor.bureau_role and councillor.bureau_role != BureauRole.MEMBER:
            yield Seat(body=unit.bodies["cp"], councillor=councillor, starts_on=unit.start)


def _themes(unit: Unit) -> Iterator[Theme]:
    # Shared: theme names are unique across the installation.
    if unit.is_latest:
        for name in THEMES:
            yield Theme(name=name)


def _keep_themes(unit: Unit, rows: list[Theme]) -> None:
    unit.shared.themes.extend(rows)
