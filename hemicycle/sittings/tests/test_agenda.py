"""The séances' share of the calendar: séances and their filing deadlines."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from hemicycle.council.models import Body, FilingKind, FilingRule
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.sittings import agenda
from hemicycle.sittings.tests.factories import SittingFactory


def test_deadlines_due_together_share_one_item_and_commissions_have_none(world):
    term = world["term"]
    plenary = BodyFactory(term=term, short_name="Plénière")
    commission = BodyFactory(term=term, kind=Body.Kind.COMMISSION)
    for kind, hours in [
        (FilingKind.AMENDEMENT, 72),
        (FilingKind.VOEU, 72),
        (FilingKind.MOTION_URGENCE, 2),
    ]:
        FilingRule.objects.create(term=term, kind=kind, deadline_hours=hours)
    now = timezone.now()
    sitting = SittingFactory(body=plenary, starts_at=now + dt.timedelta(days=10))
    SittingFactory(body=commission, starts_at=now + dt.timedelta(days=10))
    items = agenda.deadline_items(None, now, now + dt.timedelta(days=30))
    assert [(i.uid, i.start) for i in items] == [
        (f"sitting-{sitting.pk}-deadline-72h", sitting.starts_at - dt.timedelta(hours=72)),
        (f"sitting-{sitting.pk}-deadline-2h", sitting.starts_at - dt.timedelta(hours=2)),
    ]
    assert items[0].title.startswith("Date limite\u00a0: amendement, vœu — Plénière du ")
    # A deadline outside the range is left out even if its séance is inside, and back.
    late = agenda.deadline_items(None, now, sitting.starts_at - dt.timedelta(hours=24))
    assert [i.uid for i in late] == [f"sitting-{sitting.pk}-deadline-72h"]


def test_sequence_goes_up_when_any_rule_of_the_mandature_changes(world):
    rule = FilingRule.objects.create(
        term=world["term"], kind=FilingKind.AMENDEMENT, deadline_hours=72
    )
    now = timezone.now()
    SittingFactory(body=BodyFactory(term=world["term"]), starts_at=now + dt.timedelta(days=10))
    before = agenda.deadline_items(None, now, now + dt.timedelta(days=30))[0].sequence
    rule.deadline_hours = 48
    rule.version += 1
    rule.save()
    after = agenda.deadline_items(None, now, now + dt.timedelta(days=30))[0]
    assert after.sequence == before + 1
    assert after.uid.endswith("-deadline-48h")


def test_a_séance_item_names_its_place_once_and_lasts_two_hours_without_an_end(world):
    sitting = SittingFactory(
        body=BodyFactory(term=world["term"], name="Assemblée plénière"),
        place_detail="Hôtel de Région, hémicycle",
    )
    item = agenda.sitting_item(sitting)
    assert item.location == "Hôtel de Région, hémicycle (Lille)"
    assert item.end == sitting.starts_at + dt.timedelta(hours=2)
    assert (item.uid, item.kind, item.title) == (
        f"sitting-{sitting.pk}",
        "sittings.plenary",
        "Assemblée plénière",
    )
