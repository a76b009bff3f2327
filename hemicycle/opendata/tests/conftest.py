"""A small public world: séances held, planned and cancelled, rapports adopted and
rejected, documents, the roster, seats, filings at every status, and secrets planted
where the exports must never look."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile

from hemicycle.council.models import Body, RosterMember, Seat
from hemicycle.council.tests.factories import BodyFactory, RosterMemberFactory
from hemicycle.filings.models import Filing, FilingComment
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.opendata.models import OpenDataSettings
from hemicycle.sittings.models import ReportDocument, Sitting, Theme
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes.models import GroupResult, VoteEvent

# Written where the exports must never read; none of them may appear in an export.
SECRETS = {
    "phone": "06 39 98 99 01",
    "email": "nadia.privee@example.org",
    "notes": "Note de séance S-1b2c",
    "draft": "Brouillon D-9a4c",
    "comment": "Commentaire C-3d71",
    "birth": "1971-04-09",
    "profession": "Profession P-77aa",
}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def public_world(world, media):
    term = world["term"]
    plenary = BodyFactory(
        term=term, name="Assemblée plénière", short_name="Plénière", kind=Body.Kind.PLENARY
    )
    commission = BodyFactory(
        term=term,
        name="Commission Transports",
        short_name="Transports",
        kind=Body.Kind.COMMISSION,
        members_count=20,
    )
    held = SittingFactory(
        body=plenary,
        status=Sitting.Status.HELD,
        starts_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 18, 0, tzinfo=dt.UTC),
        notes=SECRETS["notes"],
    )
    planned = SittingFactory(body=plenary, status=Sitting.Status.PLANNED, title="Séance prévue")
    cancelled = SittingFactory(
        body=commission, status=Sitting.Status.CANCELLED, place="amiens", title="Commission annulée"
    )
    adopted = ReportFactory(
        sitting=held, number="2026-0150", title="Plan vélo régional", deliberation_number="2026.01"
    )
    adopted.themes.add(Theme.objects.create(name="Transports"))
    rejected = ReportFactory(sitting=held, number="2026-0151", title="Fermeture de lignes TER")
    numbered = ReportFactory(
        sitting=held,
        number="2026-0152",
        title="Désignation au CA du lycée",
        deliberation_number="2026.03",
    )
    hidden = ReportFactory(sitting=planned, title="Rapport d’une séance non convoquée")
    adopted_vote = VoteEvent.objects.create(
        sitting=held, report=adopted, title=adopted.title, result=VoteEvent.Result.ADOPTED
    )
    for group, (pour, contre, abstention, nppv) in (
        (world["own"], (14, 0, 0, 0)),
        (world["ally"], (10, 0, 2, 0)),
        (world["rival"], (80, 10, 0, 6)),
    ):
        GroupResult.objects.create(
            vote_event=adopted_vote,
            council_group=group,
            pour=pour,
            contre=contre,
            abstention=abstention,
            nppv=nppv,
        )
    VoteEvent.objects.create(
        sitting=held, report=rejected, title=rejected.title, result=VoteEvent.Result.REJECTED
    )
    document = ReportDocument.objects.create(
        report=adopted,
        title="Rapport",
        version=2,
        original_name="Plan vélo — rapport.pdf",
        sha256="a" * 64,
        size=9,
        file=ContentFile(b"%PDF-1.4\n", name="plan.pdf"),
    )
    ReportDocument.objects.create(
        report=adopted,
        title="Rapport",
        version=1,
        original_name="ancien.pdf",
        sha256="b" * 64,
        size=9,
        file=ContentFile(b"%PDF-1.3\n", name="ancien.pdf"),
    )
    councillor = world["councillor"]
    councillor.phone = SECRETS["phone"]
    councillor.email = SECRETS["email"]
    councillor.save()
    roster_nadia = RosterMemberFactory(
        term=term,
        first_name="Nadia",
        last_name="Élue",
        council_group=world["own"],
        group_councillor=councillor,
        birth_date=dt.date.fromisoformat(SECRETS["birth"]),
        profession=SECRETS["profession"],
    )
    rival_member = RosterMemberFactory(
        term=term, first_name="Marc", last_name="Majoritaire", sex="M", council_group=world["rival"]
    )
    left = RosterMemberFactory(
        term=term,
        first_name="Léa",
        last_name="Partie",
        status=RosterMember.Status.LEFT,
        left_on=dt.date(2024, 1, 31),
        council_group=world["ally"],
    )
    seat = Seat.objects.create(
        body=commission, councillor=councillor, role=Seat.Role.TITULAIRE, starts_on=term.start_date
    )
    substitute = Seat.objects.create(
        body=commission,
        councillor=world["president_councillor"],
        role=Seat.Role.SUPPLEANT,
        starts_on=term.start_date,
    )
    filed = FilingFactory(
        report=adopted,
        status=Filing.Status.FILED,
        registration_number="2026-A-001",
        filed_at=dt.datetime(2026, 3, 9, 10, 0, tzinfo=dt.UTC),
        author=councillor,
    )
    decided = FilingFactory(
        report=adopted,
        kind="amendement",
        status=Filing.Status.DECIDED,
        outcome=Filing.Outcome.REJECTED,
        filed_at=dt.datetime(2026, 3, 9, 11, 0, tzinfo=dt.UTC),
        decided_on=dt.date(2026, 3, 12),
    )
    FilingComment.objects.create(
        filing=filed, author_label="Secrétariat", text=SECRETS["comment"], internal=True
    )
    draft = FilingFactory(report=adopted, title=SECRETS["draft"], status=Filing.Status.DRAFT)
    validated = FilingFactory(
        report=adopted, status=Filing.Status.VALIDATED, title="Validé mais pas déposé"
    )
    return {
        "plenary": plenary,
        "commission": commission,
        "held": held,
        "planned": planned,
        "cancelled": cancelled,
        "adopted": adopted,
        "rejected": rejected,
        "numbered": numbered,
        "hidden": hidden,
        "document": document,
        "roster_nadia": roster_nadia,
        "rival_member": rival_member,
        "left": left,
        "seat": seat,
        "substitute": substitute,
        "filed": filed,
        "decided": decided,
        "draft": draft,
        "validated": validated,
    }


@pytest.fixture
def publish_everything(db):
    return OpenDataSettings.objects.create(publish_documents=True)
