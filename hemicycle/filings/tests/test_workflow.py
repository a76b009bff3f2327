"""The filing workflow through its services: who may do what, and what bad input changes."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import FilingKind
from hemicycle.filings import rules, services
from hemicycle.filings.models import Filing, FilingVersion
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

pytestmark = pytest.mark.django_db
S = Filing.Status


def _texts(text="Le montant est porté à 15 000 €.", motives="Parce que."):
    return {"original_text": "Le montant est fixé à 10 000 €.", "text": text, "motives": motives}


def test_create_numbers_filings_per_sitting_and_kind(world, report, personas):
    first = services.create_filing(
        data={"kind": FilingKind.AMENDEMENT, "report": report, "title": "Un"},
        texts=_texts(),
        first_author=None,
        acting_user=personas["councillor"],
    )
    second = services.create_filing(
        data={"kind": FilingKind.AMENDEMENT, "report": report, "title": "Deux"},
        texts=_texts(),
        first_author=None,
        acting_user=personas["councillor"],
    )
    assert (first.reference, second.reference) == ("A-01", "A-02")
    assert first.sitting == report.sitting
    # The élue is the first author by default.
    assert first.authorships.get().councillor == world["councillor"]
    assert first.versions.get().number == 1
    assert AuditEntry.objects.filter(action="filings.created").count() == 2


@pytest.mark.parametrize(
    ("texts", "field"),
    [(_texts(text="   "), "text"), (_texts(motives=""), "motives")],
)
def test_empty_text_is_refused_and_nothing_is_written(report, personas, texts, field):
    with pytest.raises(ValidationError) as exc:
        services.create_filing(
            data={"kind": FilingKind.AMENDEMENT, "report": report, "title": "Vide"},
            texts=texts,
            first_author=None,
            acting_user=personas["councillor"],
        )
    assert field in exc.value.message_dict
    assert not Filing.objects.exists()


def test_amendment_to_a_past_sitting_is_refused(world, personas):
    past = SittingFactory(
        body=ReportFactory().sitting.body, starts_at=timezone.now() - dt.timedelta(days=2)
    )
    old_report = ReportFactory(sitting=past)
    with pytest.raises(ValidationError, match="déjà eu lieu"):
        services.create_filing(
            data={"kind": FilingKind.AMENDEMENT, "report": old_report, "title": "Trop tard"},
            texts=_texts(),
            first_author=None,
            acting_user=personas["councillor"],
        )
    assert not Filing.objects.exists()


def test_sub_amendment_of_a_withdrawn_amendment_is_refused(draft, personas):
    services.abandon(filing=draft, acting_user=personas["secretariat"])
    with pytest.raises(ValidationError, match="retiré"):
        services.create_filing(
            data={"kind": FilingKind.SOUS_AMENDEMENT, "parent": draft, "title": "Sous"},
            texts=_texts(),
            first_author=None,
            acting_user=personas["councillor"],
        )
    assert Filing.objects.count() == 1


def test_sub_amendment_targets_its_parents_report(draft, personas):
    sub = services.create_filing(
        data={"kind": FilingKind.SOUS_AMENDEMENT, "parent": draft, "title": "Sous"},
        texts=_texts(),
        first_author=None,
        acting_user=personas["councillor"],
    )
    assert (sub.report, sub.sitting, sub.reference) == (draft.report, draft.sitting, "SA-01")


def test_vote_kinds_need_a_sitting(personas):
    with pytest.raises(ValidationError) as exc:
        services.create_filing(
            data={"kind": FilingKind.VOEU, "title": "Pour le fret ferroviaire"},
            texts={"text": "Le conseil régional demande…"},
            first_author=None,
            acting_user=personas["councillor"],
        )
    assert "sitting" in exc.value.message_dict


def test_full_workflow(draft, personas):
    services.add_version(
        filing=draft,
        texts=_texts(text="Le montant est porté à 20 000 €."),
        summary="montant revu",
        base_number=1,
        acting_user=personas["staff"],
    )
    services.submit(filing=draft, acting_user=personas["councillor"])
    with pytest.raises(PermissionDenied):
        services.validate(filing=draft, acting_user=personas["councillor"])
    services.validate(filing=draft, acting_user=personas["bureau"])
    services.file_filing(
        filing=draft, registration_number="AM-2026-117", acting_user=personas["councillor"]
    )
    services.record_outcome(
        filing=draft,
        outcome=Filing.Outcome.ADOPTED_AMENDED,
        opinion=Filing.Opinion.WISDOM,
        note="Adopté avec la rectification du rapporteur.",
        decided_on=None,
        acting_user=personas["secretariat"],
    )
    draft.refresh_from_db()
    assert draft.status == S.DECIDED
    assert draft.registration_number == "AM-2026-117"
    assert draft.filed_at is not None
    assert draft.validated_by == personas["bureau"]
    actions = list(
        AuditEntry.objects.filter(target_id=str(draft.pk)).values_list("action", flat=True)
    )
    for action in ("version_added", "submitted", "validated", "filed", "decided"):
        assert f"filings.{action}" in actions


def test_transition_table_refuses_skipping_steps(draft, personas):
    with pytest.raises(PermissionDenied):
        services.file_filing(
            filing=draft, registration_number="X", acting_user=personas["secretariat"]
        )
    with pytest.raises(PermissionDenied):
        services.validate(filing=draft, acting_user=personas["bureau"])
    draft.refresh_from_db()
    assert draft.status == S.DRAFT


def _validated(draft, personas):
    services.submit(filing=draft, acting_user=personas["councillor"])
    services.validate(filing=draft, acting_user=personas["president"])
    draft.refresh_from_db()
    return draft


def test_filing_after_the_deadline(draft, personas):
    filing = _validated(draft, personas)
    sitting = filing.sitting
    # The rule says 72 h before; the séance is now 48 h away.
    sitting.starts_at = timezone.now() + dt.timedelta(hours=48)
    sitting.save()
    with pytest.raises(ValidationError, match="seul le secrétariat"):
        services.file_filing(
            filing=filing, registration_number="AM-1", acting_user=personas["councillor"]
        )
    with pytest.raises(ValidationError) as exc:
        services.file_filing(
            filing=filing, registration_number="AM-1", acting_user=personas["secretariat"]
        )
    assert "late_reason" in exc.value.message_dict
    filing.refresh_from_db()
    assert filing.status == S.VALIDATED
    services.file_filing(
        filing=filing,
        registration_number="AM-1",
        late_reason="Accord du président de séance, courriel du 2 décembre.",
        acting_user=personas["secretariat"],
    )
    entry = AuditEntry.objects.get(action="filings.filed")
    assert entry.note.startswith("Accord du président")


def test_quota_is_enforced_when_filing(world, report, amendment_rule, personas):
    filings = [FilingFactory(report=report, author=world["councillor"]) for _ in range(3)]
    for filing in filings:
        _validated(filing, personas)
    for number, filing in enumerate(filings[:2]):
        services.file_filing(
            filing=filing, registration_number=f"AM-{number}", acting_user=personas["secretariat"]
        )
    assert rules.warnings_for(filings[2], amendment_rule, 10)
    with pytest.raises(ValidationError, match="Quota atteint"):
        services.file_filing(
            filing=filings[2], registration_number="AM-9", acting_user=personas["secretariat"]
        )
    filings[2].refresh_from_db()
    assert filings[2].status == S.VALIDATED


def test_signatories_are_enforced(draft, amendment_rule, personas):
    amendment_rule.min_signatories = 2
    amendment_rule.save()
    filing = _validated(draft, personas)
    with pytest.raises(ValidationError, match="2 signataires"):
        services.file_filing(
            filing=filing, registration_number="AM-1", acting_user=personas["secretariat"]
        )


def test_tribune_length_limit_blocks_validation(world, personas):
    from hemicycle.council.models import FilingRule

    FilingRule.objects.create(
        term=world["term"], kind=FilingKind.TRIBUNE, deadline_hours=0, max_length=40
    )
    tribune = services.create_filing(
        data={
            "kind": FilingKind.TRIBUNE,
            "title": "Tribune de janvier",
            "due_at": timezone.now() + dt.timedelta(days=10),
        },
        texts={"text": "Le rail est l’avenir des Hauts-de-France, investissons-y maintenant."},
        first_author=None,
        acting_user=personas["councillor"],
    )
    services.submit(filing=tribune, acting_user=personas["councillor"])
    with pytest.raises(ValidationError, match="dépasse de"):
        services.validate(filing=tribune, acting_user=personas["bureau"])


def test_concurrent_versions_refuse_the_second(draft, personas):
    services.add_version(
        filing=draft,
        texts=_texts(text="A"),
        summary="",
        base_number=1,
        acting_user=personas["staff"],
    )
    with pytest.raises(services.FilingConflict) as exc:
        services.add_version(
            filing=draft,
            texts=_texts(text="B"),
            summary="",
            base_number=1,
            acting_user=personas["councillor"],
        )
    assert exc.value.latest.text == "A"
    assert FilingVersion.objects.filter(filing=draft).count() == 2


def test_abandon_and_restore_keep_the_number(draft, personas):
    reference = draft.reference
    services.abandon(filing=draft, acting_user=personas["councillor"])
    services.restore(filing=draft, acting_user=personas["councillor"])
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == (S.DRAFT, reference)


def test_an_elu_who_is_not_author_cannot_edit(draft, personas, world):
    from hemicycle.accounts.tests.factories import UserFactory
    from hemicycle.core.roles import Role
    from hemicycle.group.tests.factories import CouncillorFactory

    other = UserFactory(role=Role.ELU, councillor=CouncillorFactory())
    with pytest.raises(PermissionDenied):
        services.add_version(
            filing=draft, texts=_texts(text="X"), summary="", base_number=1, acting_user=other
        )
