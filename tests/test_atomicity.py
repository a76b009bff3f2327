"""A failure in the middle of a workflow transition or an import leaves nothing half-done.

Each test lets the service write its first rows, then makes a later write fail, and checks
that the database is exactly as before.
"""

from __future__ import annotations

import pytest

from hemicycle.core.models import AuditEntry
from hemicycle.positions import services as positions
from hemicycle.positions.models import Brief, FollowUp, VoteLine
from hemicycle.sittings.imports import service as agenda
from hemicycle.sittings.imports.base import ReportRow
from hemicycle.sittings.models import Report
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory


class Injected(Exception):
    pass


def _fail(*args, **kwargs):
    raise Injected


@pytest.fixture
def report(world):
    return ReportFactory(sitting=SittingFactory())


def test_brief_validation_failing_at_the_follow_up_leaves_the_brief_in_review(
    report, persona, monkeypatch
):
    secretariat = persona("secretariat")
    positions.write_brief_version(
        report=report, text="Analyse.", base_number=0, acting_user=secretariat
    )
    positions.submit_brief(report=report, acting_user=secretariat)
    brief = Brief.objects.get(report=report)
    audit_rows = AuditEntry.objects.count()
    monkeypatch.setattr(FollowUp, "save", _fail)
    with pytest.raises(Injected):
        positions.validate_brief(report=report, acting_user=secretariat)
    brief.refresh_from_db()
    assert brief.status == Brief.Status.REVIEW
    assert brief.validated_at is None
    assert AuditEntry.objects.count() == audit_rows


def test_vote_line_failing_at_the_follow_up_leaves_no_line(report, persona, monkeypatch):
    FollowUp.objects.get_or_create(report=report)
    audit_rows = AuditEntry.objects.count()
    monkeypatch.setattr(FollowUp, "save", _fail)
    with pytest.raises(Injected):
        positions.set_vote_line(
            report=report,
            data={"position": "contre", "explanation": "Non."},
            expected_version=None,
            acting_user=persona("secretariat"),
        )
    assert not VoteLine.objects.filter(report=report).exists()
    assert AuditEntry.objects.count() == audit_rows


def test_agenda_import_failing_at_its_last_write_leaves_no_rapport(persona, monkeypatch):
    sitting = SittingFactory()
    rows = [
        ReportRow(line=n + 2, number=f"2027-{n:04d}", title=f"Rapport {n}", themes=("Eau",))
        for n in range(3)
    ]
    monkeypatch.setattr(agenda.audit, "record", _fail)
    with pytest.raises(Injected):
        agenda.import_reports(
            sitting=sitting, rows=rows, acting_user=persona("secretariat"), source="csv"
        )
    assert not Report.objects.filter(sitting=sitting).exists()


def test_filing_failing_at_the_notification_leaves_it_validated(world, persona, monkeypatch):
    """The status, the registration number and the audit row are written, then notifying
    the authors fails: the filing is still validated, with no number and no audit row."""
    from hemicycle.filings import services as filings
    from hemicycle.filings.models import Filing
    from hemicycle.filings.tests.factories import FilingFactory

    filing = FilingFactory(author=world["councillor"], status=Filing.Status.VALIDATED)
    audit_rows = AuditEntry.objects.count()
    monkeypatch.setattr(filings.notifications, "notify", _fail)
    with pytest.raises(Injected):
        filings.file_filing(
            filing=filing, registration_number="AM-12", acting_user=persona("secretariat")
        )
    filing.refresh_from_db()
    assert (filing.status, filing.registration_number, filing.filed_at) == (
        Filing.Status.VALIDATED,
        "",
        None,
    )
    assert AuditEntry.objects.count() == audit_rows


def test_version_failing_at_the_audit_leaves_no_version(world, persona, monkeypatch):
    from hemicycle.filings import services as filings
    from hemicycle.filings.tests.factories import FilingFactory

    filing = FilingFactory(author=world["councillor"])
    monkeypatch.setattr(filings.audit, "record", _fail)
    with pytest.raises(Injected):
        filings.add_version(
            filing=filing,
            texts={"original_text": "a", "text": "b", "motives": "c"},
            summary="",
            base_number=1,
            acting_user=persona("secretariat"),
        )
    assert filing.versions.count() == 1
    filing.refresh_from_db()
    assert filing.version == 1
