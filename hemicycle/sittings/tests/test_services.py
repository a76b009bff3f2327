from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import Body, Organisation
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.group.tests.factories import CouncillorFactory
from hemicycle.sittings import formatting, selectors, services
from hemicycle.sittings.models import Attendance, Report, ReportDocument, Sitting, Theme
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.sittings.tests.helpers import commissions, filing_rules, in_days, pdf_upload

S = Attendance.Status


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def body(world):
    return BodyFactory(term=world["term"], name="Assemblée plénière", short_name="AP")


# --- séances -------------------------------------------------------------------------------


def test_create_sitting_audits_and_defaults_place(personas, body):
    body.default_place = "amiens"
    body.save()
    sitting = services.create_sitting(
        data={"body": body, "starts_at": in_days(30), "status": Sitting.Status.PLANNED},
        acting_user=personas["secretariat"],
    )
    assert sitting.place == "amiens"
    entry = AuditEntry.objects.get(action="sittings.sitting_created")
    assert entry.target_id == str(sitting.pk)


def test_sitting_without_date_is_refused_in_french(personas, body):
    with pytest.raises(ValidationError) as exc:
        services.create_sitting(data={"body": body}, acting_user=personas["secretariat"])
    assert "date" in str(exc.value.message_dict["starts_at"])
    assert not Sitting.objects.exists()


def test_late_convocation_is_accepted_and_flagged(personas, body):
    starts = in_days(10)
    sitting = services.create_sitting(
        data={
            "body": body,
            "starts_at": starts,
            "convocation_date": starts.date() - dt.timedelta(5),
        },
        acting_user=personas["staff"],
    )
    assert sitting.convocation_is_late


@pytest.mark.parametrize("name", ["president", "bureau", "councillor", "observer", "partner"])
def test_only_managers_create_sittings(personas, body, name):
    with pytest.raises(PermissionDenied):
        services.create_sitting(
            data={"body": body, "starts_at": in_days(3)}, acting_user=personas[name]
        )
    assert not Sitting.objects.exists()
    assert not AuditEntry.objects.exists()


def test_update_sitting_audits_diff(personas, body):
    sitting = SittingFactory(body=body)
    services.update_sitting(
        sitting=sitting,
        data={"body": body, "starts_at": sitting.starts_at, "place": "visio", "status": "convoked"},
        expected_version=sitting.version,
        acting_user=personas["secretariat"],
    )
    entry = AuditEntry.objects.get(action="sittings.sitting_updated")
    assert entry.changes["status"] == ["planned", "convoked"]


# --- deadlines -----------------------------------------------------------------------------


def test_deadlines_from_filing_rules(world, body):
    filing_rules(world["term"])
    sitting = SittingFactory(body=body, starts_at=in_days(3.5))
    selectors.with_deadlines([sitting])
    by_kind = {d.kind: d for d in sitting.deadlines}
    assert by_kind["voeu"].passed  # 8 days before a sitting in 3.5 days
    assert by_kind["amendement"].soon and not by_kind["amendement"].passed
    assert not by_kind["question_orale"].soon and not by_kind["question_orale"].passed
    assert by_kind["amendement"].at == sitting.starts_at - dt.timedelta(hours=72)
    assert sitting.next_deadline == by_kind["amendement"]


def test_countdown_and_euros_in_french():
    nb = "\u00a0"
    assert formatting.countdown(dt.timedelta(days=2, hours=5, minutes=3)) == f"dans 2{nb}j 5{nb}h"
    assert formatting.countdown(dt.timedelta(hours=-3)) == f"il y a 3{nb}h"
    assert formatting.euros(1234567.5) == f"1\u202f234\u202f567,50{nb}€"
    assert formatting.euros(200) == f"200{nb}€"


# --- rapports ------------------------------------------------------------------------------


def test_create_report_with_themes_departments_beneficiaries(world, personas, body):
    sitting = SittingFactory(body=body)
    commission = commissions(world["term"], 1)[0]
    Theme.objects.create(name="Mobilités")
    report = services.create_report(
        sitting=sitting,
        data={
            "number": "26.01",
            "title": "Plan vélo régional",
            "amount": 1500000,
            "commissions": [commission],
            "themes_text": ["mobilités", "Climat"],
            "departments": ["59", "80"],
            "beneficiaries_text": ["Association Droit au vélo", "Ville d’Amiens"],
        },
        acting_user=personas["secretariat"],
    )
    assert sorted(t.name for t in report.themes.all()) == ["Climat", "Mobilités"]
    assert sorted(d.section for d in report.departments.all()) == ["59", "80"]
    assert Organisation.objects.count() == 2
    assert list(report.commissions.all()) == [commission]
    assert AuditEntry.objects.filter(action="sittings.report_created").count() == 1


def test_duplicate_report_number_refused_in_french(personas, body):
    report = ReportFactory(sitting=SittingFactory(body=body), number="12")
    with pytest.raises(ValidationError) as exc:
        services.create_report(
            sitting=report.sitting,
            data={"number": "12", "title": "Autre"},
            acting_user=personas["secretariat"],
        )
    assert "déjà" in exc.value.message_dict["number"][0]
    assert Report.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_same_number_allowed_in_another_sitting(personas, body):
    ReportFactory(sitting=SittingFactory(body=body), number="12")
    other = SittingFactory(body=body)
    services.create_report(
        sitting=other, data={"number": "12", "title": "Autre"}, acting_user=personas["staff"]
    )
    assert Report.objects.filter(number="12").count() == 2


def test_commission_of_another_kind_is_refused(world, personas, body):
    sitting = SittingFactory(body=body)
    with pytest.raises(ValidationError):
        services.create_report(
            sitting=sitting,
            data={"number": "1", "title": "T", "commissions": [body]},
            acting_user=personas["secretariat"],
        )
    assert not Report.objects.exists()


def test_update_report_changes_number_and_themes(personas, body):
    report = ReportFactory(sitting=SittingFactory(body=body), number="1")
    ReportFactory(sitting=report.sitting, number="2")
    with pytest.raises(ValidationError):
        services.update_report(
            report=report,
            data={"number": "2", "title": report.title},
            expected_version=report.version,
            acting_user=personas["secretariat"],
        )
    saved = services.update_report(
        report=report,
        data={"number": "1 bis", "title": report.title, "themes_text": ["Santé"]},
        expected_version=report.version,
        acting_user=personas["secretariat"],
    )
    assert saved.number == "1 bis"
    assert [t.name for t in saved.themes.all()] == ["Santé"]


# --- documents -----------------------------------------------------------------------------


def test_upload_pdf_extracts_text_and_versions(personas, body, django_capture_on_commit_callbacks):
    report = ReportFactory(sitting=SittingFactory(body=body))
    with django_capture_on_commit_callbacks(execute=True):
        first = services.upload_document(
            report=report, title="Rapport", upload=pdf_upload(), acting_user=personas["staff"]
        )
    first.refresh_from_db()
    assert first.text_status == Report.TextStatus.OK
    assert "mobilités douces" in first.text
    assert first.pages == 1
    assert len(first.sha256) == 64
    report.refresh_from_db()
    assert report.text_status == Report.TextStatus.OK
    with django_capture_on_commit_callbacks(execute=True):
        second = services.upload_document(
            report=report, title="Rapport", upload=pdf_upload(), acting_user=personas["staff"]
        )
    assert second.version == 2
    assert AuditEntry.objects.filter(action="sittings.document_uploaded").count() == 2


def test_corrupt_pdf_is_stored_with_failed_status(
    personas, body, django_capture_on_commit_callbacks
):
    report = ReportFactory(sitting=SittingFactory(body=body))
    broken = SimpleUploadedFile("casse.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 200)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.upload_document(
            report=report, title="Annexe", upload=broken, acting_user=personas["secretariat"]
        )
    document.refresh_from_db()
    assert document.text_status == Report.TextStatus.FAILED
    assert "endommagé" in document.text_error
    report.refresh_from_db()
    assert report.text_status == Report.TextStatus.FAILED


def test_non_pdf_is_refused(personas, body):
    report = ReportFactory(sitting=SittingFactory(body=body))
    fake = SimpleUploadedFile("rapport.pdf", b"MZ\x90\x00 this is an executable")
    with pytest.raises(ValidationError) as exc:
        services.upload_document(
            report=report, title="Rapport", upload=fake, acting_user=personas["secretariat"]
        )
    assert "pas un PDF" in exc.value.message_dict["file"][0]
    assert not ReportDocument.objects.exists()
    report.refresh_from_db()
    assert report.text_status == Report.TextStatus.NONE


def test_oversized_file_is_refused(personas, body, settings):
    settings.HEMICYCLE_MAX_UPLOAD_BYTES = 100
    report = ReportFactory(sitting=SittingFactory(body=body))
    with pytest.raises(ValidationError) as exc:
        services.upload_document(
            report=report, title="Rapport", upload=pdf_upload(), acting_user=personas["secretariat"]
        )
    assert "limite" in exc.value.message_dict["file"][0]
    assert not ReportDocument.objects.exists()


def test_councillor_cannot_upload(personas, body):
    report = ReportFactory(sitting=SittingFactory(body=body))
    with pytest.raises(PermissionDenied):
        services.upload_document(
            report=report, title="Rapport", upload=pdf_upload(), acting_user=personas["councillor"]
        )
    assert not ReportDocument.objects.exists()


def test_retry_extraction(personas, body, django_capture_on_commit_callbacks):
    report = ReportFactory(sitting=SittingFactory(body=body))
    with django_capture_on_commit_callbacks(execute=True):
        document = services.upload_document(
            report=report, title="Rapport", upload=pdf_upload(), acting_user=personas["staff"]
        )
    ReportDocument.objects.filter(pk=document.pk).update(text="", text_status="failed")
    document.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.retry_extraction(document=document, acting_user=personas["secretariat"])
    document.refresh_from_db()
    assert document.text_status == "ok" and "délibère" in document.text


# --- attendance ----------------------------------------------------------------------------


@pytest.fixture
def trio(world):
    return world["president_councillor"], world["councillor"], CouncillorFactory(last_name="Trois")


def _rows(*pairs):
    return [services.AttendanceRow(c, status, holder) for c, status, holder in pairs]


def test_attendance_with_proxy_is_saved(personas, body, trio):
    a, b, c = trio
    sitting = SittingFactory(body=body)
    services.save_attendance(
        sitting=sitting,
        rows=_rows((a, S.PRESENT, None), (b, S.REPRESENTED, a), (c, S.EXCUSED, None)),
        acting_user=personas["secretariat"],
    )
    assert Attendance.objects.get(councillor=b).proxy_holder == a
    assert AuditEntry.objects.filter(action="sittings.attendance_saved").count() == 1


def test_proxies_can_be_swapped(personas, body, trio):
    a, b, c = trio
    sitting = SittingFactory(body=body)
    services.save_attendance(
        sitting=sitting,
        rows=_rows((a, S.PRESENT, None), (b, S.REPRESENTED, a), (c, S.PRESENT, None)),
        acting_user=personas["secretariat"],
    )
    services.save_attendance(
        sitting=sitting,
        rows=_rows((a, S.PRESENT, None), (b, S.REPRESENTED, c), (c, S.PRESENT, None)),
        acting_user=personas["secretariat"],
    )
    assert Attendance.objects.get(councillor=b).proxy_holder == c


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("no_holder", "Indiquez qui détient"),
        ("holder_absent", "n’est pas noté·e présent·e"),
        ("self", "soi-même"),
        ("two_proxies", "détient déjà"),
        ("holder_without_represented", "Seul·e un·e élu·e représenté·e"),
    ],
)
def test_proxy_rules_refuse_and_save_nothing(personas, body, trio, case, message):
    a, b, c = trio
    sitting = SittingFactory(body=body)
    rows = {
        "no_holder": _rows((a, S.PRESENT, None), (b, S.REPRESENTED, None)),
        "holder_absent": _rows((a, S.ABSENT, None), (b, S.REPRESENTED, a)),
        "self": _rows((a, S.PRESENT, None), (b, S.REPRESENTED, b)),
        "two_proxies": _rows((a, S.PRESENT, None), (b, S.REPRESENTED, a), (c, S.REPRESENTED, a)),
        "holder_without_represented": _rows((a, S.PRESENT, None), (b, S.PRESENT, a)),
    }[case]
    with pytest.raises(services.AttendanceError) as exc:
        services.save_attendance(sitting=sitting, rows=rows, acting_user=personas["secretariat"])
    assert any(message in m for m in exc.value.errors.values())
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.exists()


def test_quorum_figure(body):
    assert body.quorum_figure() == 86
    body.quorum_rule = Body.Quorum.REPRESENTED
    assert body.quorum_figure() == 86
