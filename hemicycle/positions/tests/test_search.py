"""Notes d'enjeux and speeches in the global search: members only, kept current."""

from __future__ import annotations

from decimal import Decimal

from hemicycle.core.search import query
from hemicycle.positions import services


def _count(user, q):
    return query.search(user, q).total


def test_brief_versions_are_indexed_for_members_only(report, personas):
    services.write_brief_version(
        report=report,
        text="Enjeu : la desserte ferroviaire.",
        base_number=0,
        acting_user=personas["staff"],
    )
    assert _count(personas["councillor"], "desserte ferroviaire") == 1
    services.write_brief_version(
        report=report,
        text="Enjeu : les cars express.",
        base_number=1,
        acting_user=personas["staff"],
    )
    assert _count(personas["councillor"], "desserte ferroviaire") == 0
    assert _count(personas["councillor"], "cars express") == 1
    for outsider in ("observer", "partner", "outsider"):
        assert _count(personas[outsider], "cars express") == 0


def test_archived_speeches_leave_the_search(report, personas, world):
    speech = services.add_speech(
        report=report,
        data={
            "councillor": world["councillor"],
            "planned_minutes": Decimal("3"),
            "topic": "Vélo-cargo",
        },
        acting_user=personas["secretariat"],
    )
    assert _count(personas["bureau"], "velo cargo") == 1
    speech = services.archive_speech(
        speech=speech, expected_version=speech.version, acting_user=personas["secretariat"]
    )
    assert _count(personas["bureau"], "velo cargo") == 0
    services.restore_speech(
        speech=speech, expected_version=speech.version, acting_user=personas["secretariat"]
    )
    assert _count(personas["bureau"], "velo cargo") == 1
    assert _count(personas["observer"], "velo cargo") == 0


def test_renaming_the_rapport_renames_its_note(report, personas):
    from hemicycle.sittings import services as sittings_services

    services.write_brief_version(
        report=report, text="Enjeux.", base_number=0, acting_user=personas["staff"]
    )
    sittings_services.update_report(
        report=report,
        data={"number": report.number, "title": "Téléphérique urbain de Lille"},
        expected_version=report.version,
        acting_user=personas["secretariat"],
    )
    kinds = {h.kind for h in query.search(personas["staff"], "telepherique").hits}
    assert kinds == {"sittings.report", "positions.brief"}
