from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hemicycle.core import fragments
from hemicycle.core.permissions import access
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import form_data, save_or_report
from hemicycle.group.models import Councillor
from hemicycle.sittings import permissions, sections, selectors, services
from hemicycle.sittings.forms import (
    DocumentUploadForm,
    ReportFilterForm,
    ReportForm,
    ReportListFilterForm,
    SittingFilterForm,
    SittingForm,
)
from hemicycle.sittings.models import Attendance, Sitting

STATUS_CHOICES = Attendance.Status.choices


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    return render(request, "core/_form_page.html", context)


def _warn_late_convocation(request: HttpRequest, sitting: Sitting) -> None:
    if sitting.convocation_is_late:
        messages.warning(
            request,
            f"Convocation tardive : {sitting.convocation_days} jour(s) avant la séance, "
            f"le délai est de {sitting.body.convocation_delay_days} jours.",
        )


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- séances -----------------------------------------------------------------------------


@access(permissions.can_view_sittings)
def sitting_list(request: HttpRequest) -> HttpResponse:
    form = SittingFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "sittings/sitting_list.html",
        {
            "form": form,
            "groups": selectors.sittings_grouped(filters=filters),
            "can_manage": permissions.can_manage_sittings(request.user),
        },
    )


@access(permissions.can_view_sittings)
def sitting_calendar(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        month = dt.datetime.strptime(request.GET.get("mois", ""), "%Y-%m").date()
    except ValueError:
        month = today.replace(day=1)
    if not 1900 < month.year < 2200:
        month = today.replace(day=1)
    return render(
        request,
        "sittings/sitting_calendar.html",
        {
            "cal": selectors.month_calendar(month.year, month.month),
            "weekdays": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        },
    )


@access(permissions.can_manage_sittings)
def sitting_create(request: HttpRequest) -> HttpResponse:
    form = SittingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        sitting, _ = save_or_report(
            form, lambda: services.create_sitting(data=data, acting_user=request.user)
        )
        if sitting:
            messages.success(request, "Séance créée.")
            _warn_late_convocation(request, sitting)
            return redirect("sittings:sitting_detail", pk=sitting.pk)
    return _form_page(
        request,
        form=form,
        title="Nouvelle séance",
        back_url=reverse("sittings:sitting_list"),
        back_label="Séances",
    )


@access(permissions.can_manage_sittings)
def sitting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = selectors.get_sitting_for_user_or_404(request.user, pk)
    form = SittingForm(request.POST or None, instance=sitting)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_sitting(
                sitting=sitting,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Séance enregistrée.")
            _warn_late_convocation(request, saved)
            return redirect("sittings:sitting_detail", pk=saved.pk)
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier la séance « {sitting} »",
        back_url=reverse("sittings:sitting_detail", kwargs={"pk": sitting.pk}),
        back_label=str(sitting),
    )


@access(permissions.can_view_sittings)
def sitting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = selectors.get_sitting_for_user_or_404(request.user, pk)
    key = (sitting.pk, *fragments.query(request))

    def agenda(filters: dict[str, Any]) -> str:
        rows = list(selectors.reports(filters=filters, sitting=sitting))
        return render_to_string(
            "sittings/_sitting_agenda.html",
            {
                "filtered": bool(filters and any(v not in (None, "") for v in filters.values())),
                "reports": rows,
                "columns": sections.report_columns(rows, request.user),
            },
        )

    def content() -> dict[str, Any]:
        selectors.with_deadlines([sitting])
        form = ReportFilterForm(request.GET or None)
        filters = form.cleaned_data if form.is_valid() else {}
        can_manage = permissions.can_manage_sittings(request.user)
        return {
            "sitting": sitting,
            "form": form,
            # The longest part (up to 300 rapports): kept apart, so that the minute's
            # countdowns around it are rebuilt without it, and shared by the readers who
            # see the same columns.
            "agenda": fragments.render(
                "sittings.agenda",
                sections.report_columns_audience(request.user),
                key,
                lambda: agenda(filters),
            ),
            "sections": sections.sitting_sections(sitting, request.user),
            "can_manage": can_manage,
            "history": history_for(sitting) if can_manage else None,
        }

    return render(
        request,
        "sittings/sitting_detail.html",
        {
            "sitting": sitting,
            "content": fragments.content(
                request,
                "sittings.detail",
                key,
                "sittings/_sitting_detail.html",
                content,
                per_minute=True,
            ),
        },
    )


# --- rapports ----------------------------------------------------------------------------


@access(permissions.can_view_sittings)
def report_list(request: HttpRequest) -> HttpResponse:
    form = ReportListFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.reports(filters=filters), 50).get_page(request.GET.get("page"))
    rows = list(page.object_list)
    return render(
        request,
        "sittings/report_list.html",
        {
            "form": form,
            "page": page,
            "reports": rows,
            "columns": sections.report_columns(rows, request.user),
            "query": _query_without_page(request),
        },
    )


@access(permissions.can_manage_sittings)
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = selectors.get_sitting_for_user_or_404(request.user, pk)
    form = ReportForm(request.POST or None, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        report, _ = save_or_report(
            form,
            lambda: services.create_report(sitting=sitting, data=data, acting_user=request.user),
        )
        if report:
            messages.success(request, f"Rapport {report.number} ajouté.")
            return redirect("sittings:report_detail", pk=report.pk)
    return _form_page(
        request,
        form=form,
        title=f"Nouveau rapport — {sitting}",
        back_url=reverse("sittings:sitting_detail", kwargs={"pk": sitting.pk}),
        back_label=str(sitting),
    )


@access(permissions.can_manage_sittings)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    form = ReportForm(request.POST or None, instance=report, sitting=report.sitting)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_report(
                report=report,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Rapport {saved.number} enregistré.")
            return redirect("sittings:report_detail", pk=saved.pk)
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier le rapport {report.number}",
        back_url=reverse("sittings:report_detail", kwargs={"pk": report.pk}),
        back_label=f"Rapport {report.number}",
    )


@access(permissions.can_view_sittings)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk, related=False)

    def content() -> dict[str, Any]:
        can_manage = permissions.can_manage_sittings(request.user)
        return {
            "report": selectors.with_related(report),
            "documents": selectors.documents_by_title(report),
            "sections": sections.report_sections(report, request.user),
            "can_manage": can_manage,
            "history": history_for(report) if can_manage else None,
        }

    return render(
        request,
        "sittings/report_detail.html",
        {
            "report": report,
            "content": fragments.content(
                request,
                "sittings.report",
                (report.pk,),
                "sittings/_report_detail.html",
                content,
                per_minute=True,
            ),
        },
    )


# --- documents ---------------------------------------------------------------------------


@access(permissions.can_manage_sittings)
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    form = DocumentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        document, _ = save_or_report(
            form,
            lambda: services.upload_document(
                report=report,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                acting_user=request.user,
            ),
        )
        if document:
            messages.success(
                request,
                f"« {document.title} » (version {document.version}) déposé : "
                "le texte est lu en arrière-plan.",
            )
            return redirect("sittings:report_detail", pk=report.pk)
    return _form_page(
        request,
        form=form,
        multipart=True,
        title=f"Ajouter un document au rapport {report.number}",
        submit_label="Déposer",
        back_url=reverse("sittings:report_detail", kwargs={"pk": report.pk}),
        back_label=f"Rapport {report.number}",
    )


@access(permissions.can_view_sittings)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = selectors.get_document_for_user_or_404(request.user, pk)
    try:
        handle = document.file.open("rb")
    except (OSError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=document.original_name or f"{document.title}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@access(permissions.can_manage_sittings)
@require_POST
def document_retry(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.get_document_for_user_or_404(request.user, pk)
    services.retry_extraction(document=document, acting_user=request.user)
    messages.success(request, f"Nouvelle lecture de « {document.title} » demandée.")
    return redirect("sittings:report_detail", pk=document.report_id)


# --- attendance --------------------------------------------------------------------------


def _parse_attendance(
    request: HttpRequest, councillors: list[Councillor]
) -> list[services.AttendanceRow]:
    by_pk = {c.pk: c for c in councillors}
    rows = []
    for councillor in councillors:
        status = request.POST.get(f"status-{councillor.pk}", "")
        holder_raw = request.POST.get(f"holder-{councillor.pk}", "")
        holder = by_pk.get(int(holder_raw)) if holder_raw.isdigit() else None
        # None when the field is missing: a post that never saw the sheet skips the check.
        expected = request.POST.get(f"version-{councillor.pk}")
        rows.append(services.AttendanceRow(councillor, status, holder, expected))
    return rows


@access(permissions.can_manage_sittings)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    sitting = selectors.get_sitting_for_user_or_404(request.user, pk)
    councillors = selectors.active_councillors()
    errors: dict[int, str] = {}
    conflicts: list[services.AttendanceConflict] = []
    if request.method == "POST":
        rows = _parse_attendance(request, councillors)
        try:
            services.save_attendance(sitting=sitting, rows=rows, acting_user=request.user)
        except services.AttendanceConflictError as exc:
            conflicts = exc.conflicts
            # The sheet now carries the versions just shown: saving it again is a
            # conscious overwrite. The user's entries stay as typed.
            for row in rows:
                row.expected = exc.tokens.get(row.councillor.pk, "")
            errors = services.check_attendance(rows)
        except services.AttendanceError as exc:
            errors = exc.errors
        else:
            messages.success(request, "Présences enregistrées.")
            return redirect("sittings:attendance", pk=sitting.pk)
    else:
        saved = selectors.attendance_by_councillor(sitting)
        by_pk = {c.pk: c for c in councillors}
        rows = [
            services.AttendanceRow(
                c,
                saved[c.pk].status if c.pk in saved else "",
                by_pk.get(saved[c.pk].proxy_holder_id or 0) if c.pk in saved else None,
                services.attendance_token(saved.get(c.pk)),
            )
            for c in councillors
        ]
    body = sitting.body
    return render(
        request,
        "sittings/attendance.html",
        {
            "sitting": sitting,
            "rows": [
                {"row": r, "error": errors.get(r.councillor.pk, ""), "holders": councillors}
                for r in rows
            ],
            "errors": errors,
            "conflicts": conflicts,
            "status_choices": STATUS_CHOICES,
            "totals": selectors.attendance_totals([r.status for r in rows]),
            "quorum": body.quorum_figure(),
            "quorum_represented": body.quorum_rule == body.Quorum.REPRESENTED,
            "body": body,
        },
    )
