"""The rapports in the global search: kept current by the services, PDF text included."""

from __future__ import annotations

import pytest

from hemicycle.core.models import SearchDocument
from hemicycle.core.search import query
from hemicycle.sittings import services
from hemicycle.sittings.tests.factories import SittingFactory
from hemicycle.sittings.tests.helpers import pdf_bytes, pdf_upload


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _found(user, q):
    return [h.title for h in query.search(user, q).hits]


def test_create_and_update_report_are_indexed(personas):
    secretariat = personas["secretariat"]
    report = services.create_report(
        sitting=SittingFactory(),
        data={"number": "26.01", "title": "Plan vélo régional", "summary": "Pistes cyclables."},
        acting_user=secretariat,
    )
    assert _found(personas["observer"], "pistes cyclables") == [
        "Rapport 26.01 — Plan vélo régional"
    ]
    services.update_report(
        report=report,
        data={"number": "26.01", "title": "Plan régional des mobilités douces"},
        expected_version=report.version,
        acting_user=secretariat,
    )
    assert _found(secretariat, "velo ") == []
    assert _found(secretariat, "mobilites douces") == [
        "Rapport 26.01 — Plan régional des <mark>mobilités</mark> <mark>douces</mark>"
    ]
    assert SearchDocument.objects.filter(kind="sittings.report").count() == 1


def test_pdf_text_is_found_under_its_rapport(personas, django_capture_on_commit_callbacks):
    report = services.create_report(
        sitting=SittingFactory(),
        data={"number": "12", "title": "Soutien aux associations"},
        acting_user=personas["secretariat"],
    )
    assert _found(personas["secretariat"], "ramassage") == []
    data = pdf_bytes("Le ramassage des élèves en car scolaire")
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_document(
            report=report,
            title="Rapport",
            upload=pdf_upload(data=data),
            acting_user=personas["staff"],
        )
    hits = query.search(personas["observer"], "ramassage eleves").hits
    assert [h.object_id for h in hits] == [str(report.pk)]
    assert "<mark>ramassage</mark> des <mark>élèves</mark>" in hits[0].snippet


def test_moving_a_sitting_moves_its_rapports_dates(personas):
    import datetime as dt

    from django.utils import timezone

    sitting = SittingFactory(starts_at=timezone.make_aware(dt.datetime(2026, 5, 4, 10)))
    services.create_report(
        sitting=sitting,
        data={"number": "1", "title": "Fret fluvial"},
        acting_user=personas["staff"],
    )
    services.update_sitting(
        sitting=sitting,
        data={
            "starts_at": timezone.make_aware(dt.datetime(2026, 6, 8, 10)),
            "place": sitting.place,
        },
        expected_version=sitting.version,
        acting_user=personas["staff"],
    )
    assert SearchDocument.objects.get(kind="sittings.report").date == dt.date(2026, 6, 8)
