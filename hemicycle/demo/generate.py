"""Generated data at scale: N full mandatures, for benchmarks and load checks.

Unlike `seed_demo`, which replays the group's work through the services so that every
area is shown as a user would build it, this module writes rows directly with
`bulk_create`, in batches, from generators: a whole mandature (≈ 25,000 rapports,
≈ 350,000 individual votes) takes seconds, not hours, and memory stays bounded because no
step holds more than one batch of rows (plus a few compact tuples per rapport).

The data is made of `Step`s run in order for each mandature (a `Unit`). Each step is a
generator of unsaved model instances; the runner inserts them and, when the step says so,
hands every inserted batch (with primary keys) to `keep`, which records what later steps
need. A later area adds its share in a few lines:

    def _contacts(unit: Unit) -> Iterator[Contact]:
        rng = unit.rng("contacts")
        for n in range(unit.sizes.scaled(400)):
            yield Contact(...)

    STEPS.append(Step("contacts.Contact", _contacts))

Every random choice comes from `unit.rng(step name)`, a generator seeded by the seed, the
mandature and the step: the same seed gives the same rows, and adding a step does not
change the rows of the others.

Dates are fixed, and every mandature is over: mandature k (0 = the latest, whose group is
the installation's current group) runs from January 2016 − 6k to June 2021 − 6k, so that
the data does not depend on the day it is generated (every séance is held and voted).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.db.models import Model

from hemicycle.accounts.models import User
from hemicycle.core.roles import Role
from hemicycle.council.models import Body, CouncilGroup, FilingKind, Place, RosterMember, Seat, Term
from hemicycle.council.rne import match_key
from hemicycle.demo import people
from hemicycle.demo.council_work_data import COMMISSIONS, THEMES
from hemicycle.filings.models import Filing, FilingAuthor, FilingVersion
from hemicycle.group.models import BureauRole, Councillor, Group, Party, Section
from hemicycle.positions.models import VoteLine
from hemicycle.sittings.models import Attendance, Report, ReportDepartment, Sitting, Theme
from hemicycle.votes.models import GroupResult, NppvReason, Option, Recusal, Vote, VoteEvent

PARIS = ZoneInfo("Europe/Paris")
BATCH_SIZE = 5000
MANDATE_YEARS = 6


# --- sizes -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """One mandature's volumes. `fraction` shrinks the number of séances and filings (not
    the size of a séance), so that a test builds a small but well-proportioned mandature."""

    plenaries: int = 70
    permanent: int = 70
    commission_meetings: int = 500
    reports_per_plenary: int = 60
    reports_per_permanent: int = 300
    filings: int = 3000
    # Shares, in per mille, so that the plan stays in integers.
    vote_line_per_mille: int = 880
    recusal_per_mille: int = 5
    fraction: float = 1.0

    def scaled(self, count: int) -> int:
        return max(1, round(count * self.fraction))


# --- shared state ------------------------------------------------------------------------


class ReportRow(NamedTuple):
    """What later steps need of a rapport, without keeping the model instance."""

    pk: int
    sitting_pk: int
    number: str
    title: str


@dataclass
class Shared:
    """Rows common to every mandature: the account, the parties, the themes."""

    seed: int
    user: User | None = None
    parties: dict[str, Party] = field(default_factory=dict)
    themes: list[Theme] = field(default_factory=list)


@dataclass
class Unit:
    """One mandature being generated, and what its steps have created so far."""

    index: int
    sizes: Sizes
    shared: Shared
    start: dt.date
    end: dt.date
    term: Term | None = None
    group: Group | None = None
    councillors: list[Councillor] = field(default_factory=list)
    council_groups: list[CouncilGroup] = field(default_factory=list)
    bodies: dict[str, Body] = field(default_factory=dict)
    sittings: list[Sitting] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)
    # sitting pk -> councillor pk -> (attendance status, proxy holder pk or None)
    attendance: dict[int, dict[int, tuple[str, int | None]]] = field(default_factory=dict)
    lines: dict[int, str] = field(default_factory=dict)
    recusals: set[tuple[int, int]] = field(default_factory=set)
    event_pks: list[int] = field(default_factory=list)  # in the order of `reports`
    amendments: list[Filing] = field(default_factory=list)
    filings: list[tuple[int, str]] = field(default_factory=list)  # pk, kind

    @classmethod
    def build(cls, index: int, sizes: Sizes, shared: Shared) -> Unit:
        first_year = 2016 - MANDATE_YEARS * index
        return cls(
            index=index,
            sizes=sizes,
            shared=shared,
            start=dt.date(first_year, 1, 4),
            end=dt.date(first_year + MANDATE_YEARS - 1, 6, 30),
        )

    def rng(self, step: str) -> random.Random:
        # Seeded by text: Python hashes a str seed with SHA-512, the same on every run.
        return random.Random(f"{self.shared.seed}:{self.index}:{step}")  # noqa: S311  (test data)

    @property
    def voting_sittings(self) -> list[Sitting]:
        """Plenaries and commissions permanentes: the séances that vote."""
        voting = {self.bodies["plenary"].pk, self.bodies["cp"].pk}
        return [s for s in self.sittings if s.body_id in voting]

    @property
    def is_latest(self) -> bool:
        return self.index == 0


@dataclass(frozen=True)
class Step:
    """`name` labels the timings (the table, usually); `build` yields unsaved rows of one
    model; `keep` sees each inserted batch, primary keys set, to remember what later
    steps need."""

    name: str
    build: Callable[[Unit], Iterable[Model]]
    keep: Callable[[Unit, list[Any]], None] | None = None


# --- texts ---------------------------------------------------------------------------------

FIRST_NAMES = [
    ("Mme", "F", n)
    for n in [
        "Anne",
        "Audrey",
        "Céline",
        "Chloé",
        "Claire",
        "Élodie",
        "Émilie",
        "Hélène",
        "Isabelle",
        "Julie",
        "Laure",
        "Léa",
        "Louise",
        "Manon",
        "Marie",
        "Mathilde",
        "Nathalie",
        "Pauline",
        "Sandrine",
        "Valérie",
        "Zoé",
        "Yasmine",
        "Sarah",
    ]
] + [
    ("M.", "M", n)
    for n in [
        "Adrien",
        "Antoine",
        "Arnaud",
        "Benoît",
        "Christophe",
        "David",
        "Éric",
        "Fabien",
        "Guillaume",
        "Hugo",
        "Jérôme",
        "Laurent",
        "Louis",
        "Marc",
        "Mathieu",
        "Nicolas",
        "Olivier",
        "Paul",
        "Rachid",
        "Sébastien",
        "Vincent",
        "Xavier",
    ]
]
LAST_NAMES = [
    "Bernard",
    "Blondel",
    "Bouchez",
    "Carpentier",
    "Cordier",
    "Debruyne",
    "Decroix",
    "Delannoy",
    "Delbecq",
    "Delmotte",
    "Deprez",
    "Descamps",
    "Devos",
    "Dubois",
    "Duchêne",
    "Dupont",
    "Duquesne",
    "Fontaine",
    "Hennebelle",
    "Hochart",
    "Lambert",
    "Lecomte",
    "Lefort",
    "Legrand",
    "Lemoine",
    "Leroux",
    "Lesage",
    "Maes",
    "Martin",
    "Masson",
    "Mercier",
    "Noël",
    "Petit",
    "Poulain",
    "Renard",
    "Roussel",
    "Salomé",
    "Tison",
    "Vanhove",
    "Verhaeghe",
    "Wattez",
]
TOWNS = [
    ("Lille", "59"),
    ("Roubaix", "59"),
    ("Dunkerque", "59"),
    ("Valenciennes", "59"),
    ("Douai", "59"),
    ("Arras", "62"),
    ("Lens", "62"),
    ("Calais", "62"),
    ("Boulogne-sur-Mer", "62"),
    ("Béthune", "62"),
    ("Amiens", "80"),
    ("Abbeville", "80"),
    ("Beauvais", "60"),
    ("Compiègne", "60"),
    ("Creil", "60"),
    ("Saint-Quentin", "02"),
    ("Laon", "02"),
    ("Soissons", "02"),
]
ACTIONS = [
    "Attribution d’une subvention à",
    "Convention de partenariat avec",
    "Aide régionale à l’investissement de",
    "Convention pluriannuelle d’objectifs avec",
    "Participation régionale au projet porté par",
    "Affectation d’une autorisation de programme en faveur de",
    "Avenant à la convention conclue avec",
    "Garantie d’emprunt accordée à",
]
BENEFICIARIES = [
    "la commune de {town}",
    "la communauté d’agglomération de {town}",
    "l’association Les Jardins partagés de {town}",
    "le lycée professionnel Jean-Jaurès de {town}",
    "le lycée Condorcet de {town}",
    "le centre hospitalier de {town}",
    "la maison de santé pluriprofessionnelle de {town}",
    "le club sportif de {town}",
    "la mission locale de {town}",
    "la chambre d’agriculture de {town}",
    "l’office de tourisme de {town}",
    "le théâtre municipal de {town}",
    "la société coopérative Énergies citoyennes de {town}",
    "l’université de {town}",
]
PURPOSES = [
    "pour la rénovation énergétique de ses bâtiments",
    "pour l’aménagement d’une voie verte",
    "pour l’achat de matériel pédagogique",
    "pour un programme de formation des demandeur·ses d’emploi",
    "pour la restauration d’une zone humide",
    "pour la création d’une halle alimentaire de produits locaux",
    "pour l’extension d’un pôle d’échanges multimodal",
    "pour l’organisation d’un festival",
    "pour le déploiement du très haut débit",
    "pour l’installation de panneaux photovoltaïques",
    "pour l’accueil de jeunes en service civique",
    "pour la modernisation d’un équipement sportif",
    "pour un projet d’économie circulaire",
    "au titre du fonds européen de développement régional",
]
PLENARY_TITLES = [
    "Budget primitif {year}",
    "Décision modificative n° {n} pour {year}",
    "Compte administratif {prev}",
    "Schéma régional d’aménagement, de développement durable et d’égalité des territoires",
    "Plan régional en faveur des lycées {year}-{next}",
    "Stratégie régionale pour la biodiversité",
    "Règlement d’intervention des aides à l’apprentissage",
    "Politique régionale de l’eau : orientations {year}",
    "Rapport sur la situation en matière de développement durable",
    "Tarification des transports express régionaux",
]
SUMMARY = (
    "La Région est sollicitée par {beneficiary} {purpose}. Il est proposé d’accorder {amount} "
    "au titre du programme {programme}, selon les modalités de la convention jointe."
)
PROGRAMMES = ["Territoires en transition", "Lycées d’avenir", "Mobilités du quotidien", "REV3"]
RAPPORTEURS = [
    f"{first} {last}"
    for (_, _, first), last in zip(FIRST_NAMES[::3], LAST_NAMES[::4], strict=False)
]
OTHER_GROUPS = [
    # name, short name, side, seats, colour: with ours (14 seats) the council's 170 seats.
    (
        "Union de la droite, du centre et des indépendants",
        "UDCI",
        CouncilGroup.Side.MAJORITY,
        88,
        "#1e4fa3",
    ),
    ("Rassemblement national", "RN", CouncilGroup.Side.OPPOSITION, 30, "#2b2f6b"),
    ("Non-inscrit·es", "NI", CouncilGroup.Side.UNAFFILIATED, 15, "#9e9e9e"),
    (
        "Socialistes, communistes et républicains",
        "SCR",
        CouncilGroup.Side.OPPOSITION,
        12,
        "#e0457b",
    ),
    ("Centristes et indépendants", "CI", CouncilGroup.Side.MAJORITY, 11, "#f0a000"),
]
# How each side of the council votes, as shares of its seats (pour, contre, abstention).
HABITS = {
    CouncilGroup.Side.MAJORITY: (0.97, 0.0, 0.03),
    CouncilGroup.Side.OPPOSITION: (0.45, 0.35, 0.15),
    CouncilGroup.Side.UNAFFILIATED: (0.4, 0.3, 0.2),
    "RN": (0.05, 0.6, 0.35),
}
# The group's line on a rapport (most rapports of a commission permanente are voted pour).
LINES = [VoteLine.Position.POUR] * 14 + [
    VoteLine.Position.CONTRE,
    VoteLine.Position.CONTRE,
    VoteLine.Position.ABSTENTION,
    VoteLine.Position.ABSTENTION,
    VoteLine.Position.NPPV,
    VoteLine.Position.FREE,
]
ATTENDANCE = [Attendance.Status.PRESENT] * 82 + (
    [Attendance.Status.REMOTE] * 5
    + [Attendance.Status.EXCUSED] * 5
    + [Attendance.Status.ABSENT] * 2
    + [Attendance.Status.REPRESENTED] * 6
)
# (kind, share in per mille) of the group's filings over a mandature.
FILING_KINDS = [
    (FilingKind.AMENDEMENT, 560),
    (FilingKind.VOEU, 120),
    (FilingKind.MOTION, 40),
    (FilingKind.MOTION_URGENCE, 10),
    (FilingKind.QUESTION_ORALE, 80),
    (FilingKind.QUESTION_ECRITE, 100),
    (FilingKind.QUESTION_ACTUALITE, 50),
    (FilingKind.TRIBUNE, 40),
]
SUB_AMENDMENT_PER_MILLE = 30
FILING_STATUSES = [Filing.Status.DECIDED] * 80 + (
    [Filing.Status.FILED] * 6
    + [Filing.Status.ABANDONED] * 8
    + [Filing.Status.DRAFT] * 3
    + [Filing.Status.REVIEW] * 2
    + [Filing.Status.VALIDATED] * 1
)
OUTCOMES = [Filing.Outcome.REJECTED] * 70 + (
    [Filing.Outcome.ADOPTED] * 12
    + [Filing.Outcome.ADOPTED_AMENDED] * 5
    + [Filing.Outcome.WITHDRAWN] * 6
    + [Filing.Outcome.INADMISSIBLE] * 3
    + [Filing.Outcome.FALLEN] * 4
)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


def _weekday(day: dt.date, weekday: int) -> dt.date:
    """The first `weekday` (0 = Monday) on or after `day`."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _spread(unit: Unit, count: int, offset_days: int, weekday: int) -> list[dt.date]:
    """`count` days evenly spread over the mandature, moved to the given weekday."""
    span = (unit.end - unit.start).days - 14
    return [
        _weekday(unit.start + dt.timedelta(days=offset_days + span * i // count), weekday)
        for i in range(count)
    ]


def _amount(rng: random.Random) -> Decimal:
    return Decimal(round(rng.lognormvariate(11, 1.6), -2)).quantize(Decimal("1.00"))


def _euros(amount: Decimal) -> str:
    return f"{amount:,.0f} €".replace(",", "\u202f")


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


# --- steps: séances and rapports -------------------------------------------------------------


def _sittings(unit: Unit) -> Iterator[Sitting]:
    sizes = unit.sizes
    plenary, cp = unit.bodies["plenary"], unit.bodies["cp"]
    for day in _spread(unit, sizes.scaled(sizes.plenaries), 10, 3):
        yield Sitting(
            body=plenary,
            starts_at=_at(day, 9, 30),
            ends_at=_at(day, 19),
            place=Place.LILLE,
            convocation_date=day - dt.timedelta(days=14),
            status=Sitting.Status.HELD,
        )
    for day in _spread(unit, sizes.scaled(sizes.permanent), 24, 1):
        yield Sitting(
            body=cp,
            starts_at=_at(day, 14),
            ends_at=_at(day, 18),
            place=Place.AMIENS,
            convocation_date=day - dt.timedelta(days=8),
            status=Sitting.Status.HELD,
        )
    commissions = [unit.bodies[short] for _, short in COMMISSIONS]
    for i, monday in enumerate(_spread(unit, sizes.scaled(sizes.commission_meetings), 3, 0)):
        body = commissions[i % len(commissions)]
        day = monday + dt.timedelta(days=i % 4)  # Monday to Thursday
        yield Sitting(
            body=body,
            starts_at=_at(day, 10),
            ends_at=_at(day, 12, 30),
            place=body.default_place,
            convocation_date=day - dt.timedelta(days=6),
            status=Sitting.Status.HELD,
        )


def _keep_sittings(unit: Unit, rows: list[Sitting]) -> None:
    unit.sittings.extend(rows)


def _reports(unit: Unit) -> Iterator[Report]:
    rng = unit.rng("reports")
    cp = unit.bodies["cp"].pk
    for index, sitting in enumerate(unit.voting_sittings, start=1):
        year = sitting.starts_at.year
        count = unit.sizes.reports_per_permanent if sitting.body_id == cp else 0
        if not count:
            count = unit.sizes.reports_per_plenary
        for n in range(1, count + 1):
            town, _section = rng.choice(TOWNS)
            beneficiary = rng.choice(BENEFICIARIES).format(town=town)
            purpose = rng.choice(PURPOSES)
            amount = _amount(rng)
            if sitting.body_id != cp and n <= 3:
                title = rng.choice(PLENARY_TITLES).format(
                    year=year, prev=year - 1, next=year + 1, n=rng.randint(1, 3)
                )
            else:
                title = f"{rng.choice(ACTIONS)} {beneficiary} {purpose}"
            yield Report(
                sitting=sitting,
                number=f"{n:03d}",
                title=title[:500],
                order=n,
                rapporteur=rng.choice(RAPPORTEURS),
                amount=amount if rng.random() < 0.8 else None,
                summary=SUMMARY.format(
                    beneficiary=beneficiary,
                    purpose=purpose,
                    amount=_euros(amount),
                    programme=rng.choice(PROGRAMMES),
                ),
                # From the séance's rank, not its pk: the same rows whatever the sequences say.
                deliberation_number=f"{year}.{index:03d}.{n:03d}",
            )


def _keep_reports(unit: Unit, rows: list[Report]) -> None:
    unit.reports.extend(ReportRow(r.pk, r.sitting_id, r.number, r.title) for r in rows)


def _report_commissions(unit: Unit) -> Iterator[Model]:
    rng = unit.rng("report_commissions")
    commissions = [unit.bodies[short] for _, short in COMMISSIONS]
    through = Report.commissions.through
    for report in unit.reports:
        yield through(report_id=report.pk, body_id=rng.choice(commissions).pk)


def _report_themes(unit: Unit) -> Iterator[Model]:
    rng = unit.rng("report_themes")
    through = Report.themes.through
    for report in unit.reports:
        for theme in rng.sample(unit.shared.themes, rng.choice((1, 1, 2))):
            yield through(report_id=report.pk, theme_id=theme.pk)


def _report_departments(unit: Unit) -> Iterator[ReportDepartment]:
    rng = unit.rng("report_departments")
    for report in unit.reports:
        count = rng.choice((1, 1, 1, 2, 5))
        for section in rng.sample(Section.values, count):
            yield ReportDepartment(report_id=report.pk, section=section)


def _vote_lines(unit: Unit) -> Iterator[VoteLine]:
    rng = unit.rng("vote_lines")
    for report in unit.reports:
        if rng.randrange(1000) >= unit.sizes.vote_line_per_mille:
            continue
        position = rng.choice(LINES)
        unit.lines[report.pk] = position
        yield VoteLine(report_id=report.pk, position=position)


def _attendance(unit: Unit) -> Iterator[Attendance]:
    rng = unit.rng("attendance")
    for sitting in unit.voting_sittings:
        statuses = {c.pk: rng.choice(ATTENDANCE) for c in unit.councillors}
        # A proxy goes to a councillor in the room, each holding at most one (CGCT L4132-15).
        holders = [
            pk
            for pk, s in statuses.items()
            if s in (Attendance.Status.PRESENT, Attendance.Status.REMOTE)
        ]
        rng.shuffle(holders)
        rows: dict[int, tuple[str, int | None]] = {}
        for pk, status in statuses.items():
            holder = None
            if status == Attendance.Status.REPRESENTED:
                if holders:
                    holder = holders.pop()
                else:
                    status = Attendance.Status.EXCUSED
            rows[pk] = (status, holder)
            yield Attendance(
                sitting=sitting, councillor_id=pk, status=status, proxy_holder_id=holder
            )
        unit.attendance[sitting.pk] = rows


def _recusals(unit: Unit) -> Iterator[Recusal]:
    rng = unit.rng("recusals")
    for report in unit.reports:
        if rng.randrange(1000) >= unit.sizes.recusal_per_mille:
            continue
        councillor = rng.choice(unit.councillors)
        unit.recusals.add((report.pk, councillor.pk))
        yield Recusal(
            report_id=report.pk,
            councillor=councillor,
            reason=f"siège au conseil d’administration du bénéficiaire du rapport {report.number}",
            recorded_by=unit.shared.user,
        )


# --- steps: votes ----------------------------------------------------------------------------

# Plain strings, not the enums: _outcome runs three times per scrutin (75,000 times a
# mandature), and an enum member lookup costs more than the comparison it feeds.
POUR, CONTRE, ABSTENTION, NPPV = (
    o.value for o in (Option.POUR, Option.CONTRE, Option.ABSTENTION, Option.NPPV)
)
EXPRESSED = (POUR, CONTRE, ABSTENTION)
LINE_OPTIONS: dict[str, str] = {
    VoteLine.Position.POUR.value: POUR,
    VoteLine.Position.CONTRE.value: CONTRE,
    VoteLine.Position.ABSTENTION.value: ABSTENTION,
    VoteLine.Position.NPPV.value: NPPV,
}
FREE_CHOICE = [POUR] * 5 + [ABSTENTION, CONTRE]
AWAY = (Attendance.Status.ABSENT.value, Attendance.Status.EXCUSED.value)
RECUSAL, ABSENT, CHOICE = NppvReason.RECUSAL.value, NppvReason.ABSENT.value, NppvReason.CHOICE.value


class Outcome(NamedTuple):
    """One scrutin: each of our councillors' vote, and every council group's counts."""

    # (councillor pk, option, nppv reason, proxy holder pk)
    votes: list[tuple[int, str, str, int | None]]
    counts: dict[int, tuple[int, int, int, int]]  # council group pk -> pour, contre, abst., nppv
    result: str
    tie_break: str


def _outcome(unit: Unit, position: int, report: ReportRow) -> Outcome:
    """The scrutin on `report` (the `position`-th rapport of the mandature), the same on
    every call: the votes, the counts and the result are needed by three steps, and
    recomputing them is cheaper than holding them for 25,000 scrutins."""
    rng = random.Random(unit.shared.seed * 1_000_003 + unit.index * 7_919_993 + position)  # noqa: S311
    line = unit.lines.get(report.pk)
    attendance = unit.attendance[report.sitting_pk]
    votes: list[tuple[int, str, str, int | None]] = []
    for councillor in unit.councillors:
        status, holder = attendance[councillor.pk]
        if (report.pk, councillor.pk) in unit.recusals:
            votes.append((councillor.pk, NPPV, RECUSAL, None))
            continue
        if status in AWAY:
            votes.append((councillor.pk, NPPV, ABSENT, None))
            continue
        option = LINE_OPTIONS.get(line or "")
        if option is None:
            option = rng.choice(FREE_CHOICE)  # no line, or liberté de vote
        elif option != NPPV and rng.random() < 0.03:
            # A few votes part from the line, as in any group.
            option = rng.choice([o for o in EXPRESSED if o != option])
        votes.append((councillor.pk, option, CHOICE if option == NPPV else "", holder))
    counts = {}
    for group in unit.council_groups:
        if group.own_group_id:
            tally = [sum(1 for v in votes if v[1] == o) for o in (*EXPRESSED, NPPV)]
            counts[group.pk] = (tally[0], tally[1], tally[2], tally[3])
            continue
        pour, contre, abstention = HABITS.get(group.short_name, HABITS[group.side])
        present = group.seats - rng.randint(0, max(1, group.seats // 12))
        p = round(present * pour * rng.uniform(0.9, 1.0))
        c = min(present - p, round(present * contre))
        a = min(present - p - c, round(present * abstention))
        counts[group.pk] = (p, c, a, group.seats - p - c - a)
    total_pour = sum(v[0] for v in counts.values())
    total_contre = sum(v[1] for v in counts.values())
    tie_break = POUR if total_pour == total_contre else ""
    adopted = total_pour > total_contre or bool(tie_break)
    result = VoteEvent.Result.ADOPTED if adopted else VoteEvent.Result.REJECTED
    return Outcome(votes, counts, result, tie_break)


def _vote_events(unit: Unit) -> Iterator[VoteEvent]:
    starts = {s.pk: s.starts_at for s in unit.sittings}
    for position, report in enumerate(unit.reports):
        outcome = _outcome(unit, position, report)
        number = int(report.number)
        yield VoteEvent(
            sitting_id=report.sitting_pk,
            report_id=report.pk,
            title=f"Rapport {report.number} — {report.title}"[:300],
            order=number,
            mode=VoteEvent.Mode.PUBLIC if number % 10 == 0 else VoteEvent.Mode.SHOW_OF_HANDS,
            result=outcome.result,
            tie_break=outcome.tie_break,
            result_recorded_at=starts[report.sitting_pk] + dt.timedelta(minutes=number),
        )


def _keep_vote_events(unit: Unit, rows: list[VoteEvent]) -> None:
    unit.event_pks.extend(e.pk for e in rows)


def _votes(unit: Unit) -> Iterator[Vote]:
    user = unit.shared.user
    for position, (report, event_pk) in enumerate(zip(unit.reports, unit.event_pks, strict=True)):
        for councillor_pk, option, reason, holder in _outcome(unit, position, report).votes:
            yield Vote(
                vote_event_id=event_pk,
                councillor_id=councillor_pk,
                option=option,
                nppv_reason=reason,
                proxy_holder_id=holder,
                recorded_by=user,
            )


def _group_results(unit: Unit) -> Iterator[GroupResult]:
    for position, (report, event_pk) in enumerate(zip(unit.reports, unit.event_pks, strict=True)):
        for group_pk, (p, c, a, n) in _outcome(unit, position, report).counts.items():
            yield GroupResult(
                vote_event_id=event_pk,
                council_group_id=group_pk,
                pour=p,
                contre=c,
                abstention=a,
                nppv=n,
            )


# --- steps: filings --------------------------------------------------------------------------


def _filing_plan(unit: Unit) -> list[tuple[str, int]]:
    """(kind, how many) for this mandature's filings."""
    total = unit.sizes.scaled(unit.sizes.filings)
    return [(kind, max(1, total * share // 1000)) for kind, share in FILING_KINDS]


def _filings(unit: Unit) -> Iterator[Filing]:
    rng = unit.rng("filings")
    user = unit.shared.user
    plenaries = [s for s in unit.sittings if s.body_id == unit.bodies["plenary"].pk]
    reports_of: dict[int, list[ReportRow]] = {}
    for row in unit.reports:
        reports_of.setdefault(row.sitting_pk, []).append(row)
    sequences: dict[tuple[int | None, str], int] = {}
    for kind, count in _filing_plan(unit):
        for i in range(count):
            sitting: Sitting | None = plenaries[i * len(plenaries) // count]
            report: ReportRow | None = None
            if kind == FilingKind.AMENDEMENT:
                assert sitting is not None
                report = rng.choice(reports_of[sitting.pk])
            elif kind == FilingKind.QUESTION_ECRITE or (
                kind == FilingKind.TRIBUNE and rng.random() < 0.5
            ):
                sitting = None
            sitting_pk = sitting.pk if sitting else None
            key = (sitting_pk, kind)
            sequences[key] = sequences.get(key, 0) + 1
            when = (
                sitting.starts_at
                if sitting
                else _at(
                    unit.start + dt.timedelta(days=rng.randrange((unit.end - unit.start).days)), 12
                )
            )
            status = rng.choice(FILING_STATUSES)
            reached_council = status in (Filing.Status.FILED, Filing.Status.DECIDED)
            decided = status == Filing.Status.DECIDED
            town, _section = rng.choice(TOWNS)
            yield Filing(
                kind=kind,
                sitting=sitting,
                report_id=report.pk if report else None,
                title=(
                    f"Amendement au rapport {report.number} : {rng.choice(PURPOSES)}"
                    if report
                    else f"{FilingKind(kind).label} — {town} : {rng.choice(PURPOSES)}"
                )[:300],
                article=f"Article {rng.randint(1, 6)}" if report else "",
                paragraph=f"alinéa {rng.randint(1, 4)}" if report else "",
                due_at=None if sitting else when,
                sequence=sequences[key],
                status=status,
                registration_number=(
                    f"{when.year}-{kind[:2].upper()}-{sequences[key]:04d}"
                    if reached_council
                    else ""
                ),
                filed_at=when - dt.timedelta(days=4) if reached_council else None,
                validated_at=when - dt.timedelta(days=5) if reached_council else None,
                validated_by=user if reached_council else None,
                outcome=rng.choice(OUTCOMES) if decided else "",
                opinion=rng.choice(Filing.Opinion.values) if decided and report else "",
                decided_on=when.date() if decided else None,
                created_by=user,
            )


def _keep_filings(unit: Unit, rows: list[Filing]) -> None:
    for filing in rows:
        unit.filings.append((filing.pk, filing.kind))
        if filing.kind == FilingKind.AMENDEMENT:
            unit.amendments.append(filing)


def _sub_amendments(unit: Unit) -> Iterator[Filing]:
    """A few sous-amendements, to the group's own amendements (a step of its own: they
    need their parent's primary key)."""
    rng = unit.rng("sub_amendments")
    count = max(1, unit.sizes.scaled(unit.sizes.filings) * SUB_AMENDMENT_PER_MILLE // 1000)
    sequences: dict[int | None, int] = {}
    for parent in rng.sample(unit.amendments, min(count, len(unit.amendments))):
        sequences[parent.sitting_id] = sequences.get(parent.sitting_id, 0) + 1
        yield Filing(
            kind=FilingKind.SOUS_AMENDEMENT,
            sitting_id=parent.sitting_id,
            report_id=parent.report_id,
            parent=parent,
            title=f"Sous-amendement à l’amendement {parent.reference}",
            article=parent.article,
            paragraph=parent.paragraph,
            sequence=sequences[parent.sitting_id],
            status=parent.status,
            outcome=parent.outcome,
            decided_on=parent.decided_on,
            filed_at=parent.filed_at,
            created_by=unit.shared.user,
        )


def _keep_sub_amendments(unit: Unit, rows: list[Filing]) -> None:
    unit.filings.extend((f.pk, f.kind) for f in rows)


def _filing_authors(unit: Unit) -> Iterator[FilingAuthor]:
    rng = unit.rng("filing_authors")
    for pk, _kind in unit.filings:
        signers = rng.sample(unit.councillors, rng.choice((1, 1, 2, 3, 4)))
        for n, councillor in enumerate(signers):
            role = FilingAuthor.Role.AUTHOR if n == 0 else FilingAuthor.Role.COAUTHOR
            yield FilingAuthor(filing_id=pk, councillor=councillor, role=role)


def _filing_versions(unit: Unit) -> Iterator[FilingVersion]:
    rng = unit.rng("filing_versions")
    user = unit.shared.user
    for pk, kind in unit.filings:
        versions = rng.choice((1, 1, 2, 3))
        amends = kind in (FilingKind.AMENDEMENT, FilingKind.SOUS_AMENDEMENT)
        preamble = kind in (FilingKind.VOEU, FilingKind.MOTION, FilingKind.MOTION_URGENCE)
        for number in range(1, versions + 1):
            purpose = rng.choice(PURPOSES)
            yield FilingVersion(
                filing_id=pk,
                number=number,
                original_text="La Région attribue une aide de 50 000 €." if amends else "",
                preamble=f"Considérant la nécessité d’agir {purpose} ;" if preamble else "",
                text=f"La Région s’engage {purpose}, dans un délai d’un an. (version {number})",
                motives=f"Les territoires attendent un effort {purpose}.",
                summary="" if number == 1 else "Précisions après relecture",
                author=user,
            )


STEPS: list[Step] = [
    Step("accounts.User", _accounts, _keep_user),
    Step("council.Term", _terms, _keep_term),
    Step("group.Party", _parties, _keep_parties),
    Step("group.Group", _groups, _keep_group),
    Step("group.Councillor", _councillors, _keep_councillors),
    Step("council.CouncilGroup", _council_groups, _keep_council_groups),
    Step("council.RosterMember", _roster),
    Step("council.Body", _bodies, _keep_bodies),
    Step("council.Seat", _seats),
    Step("sittings.Theme", _themes, _keep_themes),
    Step("sittings.Sitting", _sittings, _keep_sittings),
    Step("sittings.Report", _reports, _keep_reports),
    Step("sittings.Report_commissions", _report_commissions),
    Step("sittings.Report_themes", _report_themes),
    Step("sittings.ReportDepartment", _report_departments),
    Step("positions.VoteLine", _vote_lines),
    Step("sittings.Attendance", _attendance),
    Step("votes.Recusal", _recusals),
    Step("votes.VoteEvent", _vote_events, _keep_vote_events),
    Step("votes.Vote", _votes),
    Step("votes.GroupResult", _group_results),
    Step("filings.Filing", _filings, _keep_filings),
    Step("filings.Filing (sous-amendements)", _sub_amendments, _keep_sub_amendments),
    Step("filings.FilingAuthor", _filing_authors),
    Step("filings.FilingVersion", _filing_versions),
]


# --- the runner ------------------------------------------------------------------------------


@dataclass
class Timing:
    rows: int = 0
    seconds: float = 0.0


def _batches(rows: Iterable[Model], size: int) -> Iterator[list[Model]]:
    batch: list[Model] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(step: Step, unit: Unit, batch_size: int) -> int:
    count = 0
    for batch in _batches(step.build(unit), batch_size):
        model: type[Model] = type(batch[0])
        manager: models.Manager[Any] = model._default_manager
        manager.bulk_create(batch, batch_size=batch_size)
        if step.keep is not None:
            step.keep(unit, batch)
        count += len(batch)
    return count


def generate(
    *,
    scale: int,
    seed: int,
    fraction: float = 1.0,
    batch_size: int = BATCH_SIZE,
    steps: list[Step] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Timing]:
    """Build `scale` mandatures; returns the rows and seconds of each step, summed over the
    mandatures, in the order of the steps.

    On SQLite everything goes in one transaction (one fsync instead of thousands); on
    PostgreSQL each mandature gets its own, so that a long run keeps what it finished.
    """
    from django.db import connection

    sizes = Sizes(fraction=fraction)
    shared = Shared(seed=seed)
    steps = STEPS if steps is None else steps
    timings: dict[str, Timing] = {step.name: Timing() for step in steps}
    one_transaction = connection.vendor == "sqlite"
    with transaction.atomic() if one_transaction else nullcontext():
        for index in range(scale):
            unit = Unit.build(index, sizes, shared)
            with nullcontext() if one_transaction else transaction.atomic():
                for step in steps:
                    started = time.perf_counter()
                    rows = _insert(step, unit, batch_size)
                    timing = timings[step.name]
                    timing.rows += rows
                    timing.seconds += time.perf_counter() - started
            if progress is not None:
                progress(f"{unit.term} : terminée ({index + 1}/{scale})")
    return timings
