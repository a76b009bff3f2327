from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONAS
from hemicycle.core.models import AuditEntry
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.sittings import services
from hemicycle.sittings.models import (
    Attendance,
    Report,
    ReportDepartment,
    ReportDocument,
    Sitting,
    Theme,
)
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.sittings.tests.helpers import commissions, filing_rules, in_days, pdf_upload

READERS = {"secretariat", "president", "bureau", "councillor", "staff", "observer"}
MANAGERS = {"secretariat", "staff"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def data(world, personas, django_capture_on_commit_callbacks):
    body = BodyFactory(term=world["term"], name="Assemblée plénière", short_name="AP")
    filing_rules(world["term"])
    sitting = SittingFactory(body=body, starts_at=in_days(10))
    report = ReportFactory(sitting=sitting, number="1")
    with django_capture_on_commit_callbacks(execute=True):
        document = services.upload_document(
            report=report, title="Rapport", upload=pdf_upload(), acting_user=personas["secretariat"]
        )
    return {"body": body, "sitting": sitting, "report": report, "document": document}


# (url name, kwargs key, method, allowed, ok status, post data)
MATRIX = [
    ("sittings:sitting_list", None, "get", READERS, 200),
    ("sittings:sitting_calendar", None, "get", READERS, 200),
    ("sittings:sitting_create", None, "get", MANAGERS, 200),
    ("sittings:sitting_detail", "sitting", "get", READERS, 200),
    ("sittings:sitting_edit", "sitting", "get", MANAGERS, 200),
    ("sittings:attendance", "sitting", "get", MANAGERS, 200),
    ("sittings:report_create", "sitting", "get", MANAGERS, 200),
    ("sittings:report_list", None, "get", READERS, 200),
    ("sittings:report_detail", "report", "get", READERS, 200),
    ("sittings:report_edit", "report", "get", MANAGERS, 200),
    ("sittings:document_upload", "report", "get", MANAGERS, 200),
    ("sittings:document_download", "document", "get", READERS, 200),
    ("sittings:document_retry", "document", "post", MANAGERS, 302),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "key", "method", "allowed", "ok"), MATRIX)
def test_permission_matrix(client_for, data, persona, name, key, method, allowed, ok):
    url = reverse(name, kwargs={"pk": data[key].pk} if key else None)
    response = getattr(client_for(persona), method)(url)
    assert response.status_code == (ok if persona in allowed else 404)


def test_anonymous_is_sent_to_login(client, data):
    response = client.get(reverse("sittings:sitting_list"))
    assert response.status_code == 302


def test_retry_refuses_get(client_for, data):
    url = reverse("sittings:document_retry", kwargs={"pk": data["document"].pk})
    assert client_for("secretariat").get(url).status_code == 405


# --- séances -------------------------------------------------------------------------------


def test_sitting_list_groups_and_flags_late_convocation(client_for, data):
    late = SittingFactory(
        body=data["body"], starts_at=in_days(5), convocation_date=timezone.localdate()
    )
    SittingFactory(body=data["body"], starts_at=in_days(-30), title="Séance d’octobre")
    response = client_for("observer").get(reverse("sittings:sitting_list"))
    html = response.content.decode()
    assert "Convocation tardive" in html
    assert html.index("À venir") < html.index(str(late.body.short_name)) < html.index("Passées")
    assert html.index("Passées") < html.index("Séance d’octobre")
    assert "Amendement" in html  # next deadline


def test_sitting_list_filters_by_status(client_for, data):
    SittingFactory(body=data["body"], title="Séance annulée", status=Sitting.Status.CANCELLED)
    url = reverse("sittings:sitting_list") + "?status=planned"
    assert "Séance annulée" not in client_for("staff").get(url).content.decode()


def test_create_sitting_without_date_shows_french_error(client_for, data):
    response = client_for("secretariat").post(
        reverse("sittings:sitting_create"), {"body": data["body"].pk, "status": "planned"}
    )
    assert response.status_code == 200
    assert "Indiquez la date et l’heure de la séance." in response.content.decode()
    assert Sitting.objects.count() == 1


def test_create_sitting_with_late_convocation_warns(client_for, data):
    starts = timezone.localtime(in_days(6)).replace(second=0, microsecond=0)
    response = client_for("staff").post(
        reverse("sittings:sitting_create"),
        {
            "body": data["body"].pk,
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "status": "convoked",
            "convocation_date": timezone.localdate().isoformat(),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Convocation tardive" in html
    sitting = Sitting.objects.latest("pk")
    assert sitting.starts_at == starts and sitting.place == data["body"].default_place


def test_sitting_page_shows_deadlines_amounts_and_filters(client_for, data):
    report = data["report"]
    report.amount = Decimal("1234567.50")
    report.save()
    theme = Theme.objects.create(name="Climat")
    report.themes.add(theme)
    ReportDepartment.objects.create(report=report, section="80")
    ReportFactory(sitting=data["sitting"], number="2", title="Lycées de l’Oise", amount=10)
    client = client_for("councillor")
    url = reverse("sittings:sitting_detail", kwargs={"pk": data["sitting"].pk})
    html = client.get(url).content.decode()
    assert "Échéances" in html and "Vœu" in html and "dans" in html
    assert "1\u202f234\u202f567,50\u00a0€" in html
    assert "Lycées de l’Oise" in html
    html = client.get(url + f"?theme={theme.pk}").content.decode()
    assert "Lycées de l’Oise" not in html
    html = client.get(url + "?amount_min=100").content.decode()
    assert "Lycées de l’Oise" not in html
    html = client.get(url + "?department=80&q=1").content.decode()
    assert report.title in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _fill(sitting, count, term):
    bodies = commissions(term, 2)
    themes = [Theme.objects.get_or_create(name=n)[0] for n in ("Climat", "Santé", "Emploi")]
    start = sitting.reports.count()
    for i in range(start, start + count):
        report = ReportFactory(sitting=sitting, number=f"R{i}", amount=i * 1000)
        report.commissions.set(bodies)
        report.themes.set(themes)
        ReportDepartment.objects.create(report=report, section="59")


def test_sitting_page_query_count_is_fixed(client_for, data, world):
    client = client_for("secretariat")
    url = reverse("sittings:sitting_detail", kwargs={"pk": data["sitting"].pk})
    _fill(data["sitting"], 9, world["term"])
    small = _queries(client, url)
    _fill(data["sitting"], 290, world["term"])
    assert data["sitting"].reports.count() == 300
    assert _queries(client, url) == small


def test_report_list_query_count_is_fixed_and_paginated(client_for, data, world):
    client = client_for("observer")
    url = reverse("sittings:report_list")
    _fill(data["sitting"], 9, world["term"])
    small = _queries(client, url)
    other = SittingFactory(body=data["body"], starts_at=in_days(40))
    _fill(other, 290, world["term"])
    assert _queries(client, url) == small
    html = client.get(url).content.decode()
    assert "Page 1 sur 6" in html
    assert "300 rapports" in html


def test_report_list_filters_by_sitting(client_for, data):
    other = SittingFactory(body=data["body"])
    ReportFactory(sitting=other, title="Rapport d’une autre séance")
    url = reverse("sittings:report_list") + f"?sitting={data['sitting'].pk}"
    assert "Rapport d’une autre séance" not in client_for("staff").get(url).content.decode()


# --- calendar and dashboard ----------------------------------------------------------------


def test_calendar_month(client_for, data):
    tz = timezone.get_current_timezone()
    SittingFactory(body=data["body"], starts_at=dt.datetime(2026, 12, 17, 9, 30, tzinfo=tz))
    SittingFactory(body=data["body"], starts_at=dt.datetime(2027, 1, 5, 9, 30, tzinfo=tz))
    html = client_for("observer").get(reverse("sittings:sitting_calendar") + "?mois=2026-12")
    html = html.content.decode()
    assert "décembre 2026" in html
    assert "09h30 AP" in html
    assert "?mois=2026-11" in html and "?mois=2027-01" in html
    assert html.count("<h1>") == 1
    # the list fallback holds December's sittings only
    fallback = html[html.index("Liste du mois") :]
    assert "jeudi 17 décembre" in fallback and "janvier" not in fallback.split("</section>")[0]


def test_calendar_bad_month_falls_back(client_for, data):
    response = client_for("observer").get(reverse("sittings:sitting_calendar") + "?mois=xx")
    assert response.status_code == 200


@pytest.mark.usefixtures("build_every_time")
def test_dashboard_panel(client_for, data, world):
    SittingFactory(body=data["body"], starts_at=in_days(3), convocation_date=timezone.localdate())
    client = client_for("councillor")
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Prochaines séances et échéances" in html
    assert "Convocation tardive" in html and "Amendement" in html
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("core:dashboard"))
    for days in range(4, 12):
        _fill(SittingFactory(body=data["body"], starts_at=in_days(days)), 3, world["term"])
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("core:dashboard"))
    assert len(small.captured_queries) == len(large.captured_queries)


def test_dashboard_hides_panel_from_partner(client_for, data):
    html = client_for("partner").get(reverse("core:dashboard")).content.decode()
    assert "Prochaines séances" not in html


# --- rapports ------------------------------------------------------------------------------


def test_duplicate_number_via_form_is_a_french_error(client_for, data):
    url = reverse("sittings:report_create", kwargs={"pk": data["sitting"].pk})
    response = client_for("secretariat").post(url, {"number": "1", "title": "Doublon", "order": 0})
    assert response.status_code == 200
    assert "Un rapport porte déjà le numéro « 1 » dans cette séance." in response.content.decode()
    assert Report.objects.count() == 1


def test_report_create_and_edit_via_form(client_for, data, world):
    commission = commissions(world["term"], 1)[0]
    client = client_for("staff")
    url = reverse("sittings:report_create", kwargs={"pk": data["sitting"].pk})
    response = client.post(
        url,
        {
            "number": "2",
            "title": "Fonds régional pour la rénovation",
            "order": 2,
            "commissions": [commission.pk],
            "amount": "250000",
            "themes_text": "Logement, Climat",
            "departments": ["02", "62"],
            "beneficiaries_text": "Bailleur social du Nord\nCommune de Laon\n",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get(number="2")
    assert report.beneficiaries.count() == 2
    edit = reverse("sittings:report_edit", kwargs={"pk": report.pk})
    form_html = client.get(edit).content.decode()
    assert "Logement" in form_html and "Commune de Laon" in form_html
    detail = client.get(reverse("sittings:report_detail", kwargs={"pk": report.pk}))
    assert "250\u202f000\u00a0€" in detail.content.decode()
    assert "Historique" in detail.content.decode()


def test_report_page_lists_document_versions(client_for, data, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.upload_document(
            report=data["report"],
            title="Rapport",
            upload=pdf_upload("rapport-v2.pdf"),
            acting_user=None if False else data["document"].uploaded_by,
        )
    url = reverse("sittings:report_detail", kwargs={"pk": data["report"].pk})
    html = client_for("observer").get(url).content.decode()
    assert "Version 2 — rapport-v2.pdf" in html and "Version 1 — rapport.pdf" in html
    assert "Relire le texte" not in html


# --- documents -----------------------------------------------------------------------------


def test_upload_via_form(client_for, data, django_capture_on_commit_callbacks):
    url = reverse("sittings:document_upload", kwargs={"pk": data["report"].pk})
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for("staff").post(url, {"title": "Annexe", "file": pdf_upload("a.pdf")})
    assert response.status_code == 302
    assert ReportDocument.objects.get(title="Annexe").text_status == "ok"


def test_upload_non_pdf_via_form_is_refused(client_for, data):
    url = reverse("sittings:document_upload", kwargs={"pk": data["report"].pk})
    fake = SimpleUploadedFile("note.pdf", b"PK\x03\x04 a zip, not a PDF")
    response = client_for("secretariat").post(url, {"title": "Annexe", "file": fake})
    assert response.status_code == 200
    assert "pas un PDF" in response.content.decode()
    assert not ReportDocument.objects.filter(title="Annexe").exists()


def test_upload_oversized_via_form_is_refused(client_for, data, settings):
    settings.HEMICYCLE_MAX_UPLOAD_BYTES = 1000
    url = reverse("sittings:document_upload", kwargs={"pk": data["report"].pk})
    big = SimpleUploadedFile("gros.pdf", b"%PDF-1.7\n" + b"0" * 5000)
    response = client_for("secretariat").post(url, {"title": "Annexe", "file": big})
    assert response.status_code == 200
    assert "limite" in response.content.decode()
    assert not ReportDocument.objects.filter(title="Annexe").exists()


def test_download_headers(client_for, data):
    url = reverse("sittings:document_download", kwargs={"pk": data["document"].pk})
    response = client_for("observer").get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "rapport.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- attendance ----------------------------------------------------------------------------


def test_attendance_form_saves_and_shows_quorum(client_for, data, world):
    a, b = world["president_councillor"], world["councillor"]
    url = reverse("sittings:attendance", kwargs={"pk": data["sitting"].pk})
    client = client_for("secretariat")
    response = client.post(
        url,
        {
            f"status-{a.pk}": "present",
            f"status-{b.pk}": "represented",
            f"holder-{b.pk}": str(a.pk),
        },
        follow=True,
    )
    html = response.content.decode()
    assert "Présences enregistrées." in html
    assert "Quorum : 86 membres" in html
    assert "majorité absolue des 170 membres en exercice, présents)" in html
    assert Attendance.objects.get(councillor=b).proxy_holder == a


def test_attendance_form_errors_keep_input_and_save_nothing(client_for, data, world):
    a, b = world["president_councillor"], world["councillor"]
    url = reverse("sittings:attendance", kwargs={"pk": data["sitting"].pk})
    response = client_for("staff").post(
        url,
        {f"status-{a.pk}": "absent", f"status-{b.pk}": "represented", f"holder-{b.pk}": str(a.pk)},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "n’est pas noté·e présent·e" in html
    assert 'aria-invalid="true"' in html
    assert not Attendance.objects.exists()
    assert not AuditEntry.objects.filter(action="sittings.attendance_saved").exists()
