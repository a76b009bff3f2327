from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from hemicycle.accounts.models import User
from hemicycle.core.permissions import access
from hemicycle.core.services import ConcurrentEditError
from hemicycle.core.views_helpers import form_data, save_or_report
from hemicycle.positions import documents, permissions, selectors, services
from hemicycle.positions.forms import (
    AssignForm,
    BacklogFilterForm,
    BriefVersionForm,
    SheetPickForm,
    SpeechForm,
    TemplateUploadForm,
    VoteLineForm,
)
from hemicycle.positions.models import Brief, FollowUp, Speech, VoteLine
from hemicycle.positions.sections import report_section_context
from hemicycle.sittings.models import Report, Sitting


def report_url(report: Report) -> str:
    """The rapport's page, where the follow-up section lives."""
    try:
        return reverse("sittings:report_detail", args=[report.pk])
    except NoReverseMatch:
        return reverse("positions:report", args=[report.pk])


def sitting_url(sitting: Sitting) -> str:
    try:
        return reverse("sittings:sitting_detail", args=[sitting.pk])
    except NoReverseMatch:
        return reverse("positions:sheet", args=[sitting.pk])


def _form_page(request: HttpRequest, report: Report, **context: Any) -> HttpResponse:
    context.setdefault("back_url", report_url(report))
    context.setdefault("back_label", f"Rapport {report.number}")
    return render(request, "core/_form_page.html", context)


@access(permissions.can_view_follow_up)
def report_follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    return render(
        request,
        "positions/report.html",
        {
            "report": report,
            "report_url": report_url(report),
            "item": report_section_context(report, request.user),
        },
    )


@access(permissions.can_assign)
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    follow_up = FollowUp.objects.filter(report=report).first() or FollowUp(report=report)
    form = AssignForm(request.POST or None, instance=follow_up)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.assign(
                report=report,
                data=data,
                expected_version=form.cleaned_data.get("version") if follow_up.pk else None,
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Suivi du rapport enregistré.")
            return redirect(report_url(report))
    return _form_page(
        request,
        report,
        form=form,
        conflict=conflict,
        title=f"Suivi du rapport {report.number}",
        intro=report.title,
    )


@access(permissions.can_view_follow_up)
def brief_write(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    follow_up = FollowUp.objects.filter(report=report).first()
    if not permissions.can_write_brief(request.user, follow_up):
        raise Http404
    brief = Brief.objects.filter(report=report).first()
    latest = brief.versions.order_by("-number").first() if brief else None
    initial = {"text": latest.text if latest else "", "base_number": latest.number if latest else 0}
    form = BriefVersionForm(request.POST or None, initial=initial)
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            services.write_brief_version(
                report=report,
                text=form.cleaned_data["text"],
                base_number=form.cleaned_data["base_number"],
                acting_user=request.user,
            )
        except services.BriefConflict as exc:
            theirs = exc.latest
            form.add_error(None, exc.message)
            data = request.POST.copy()  # the form's bound data
            data["base_number"] = str(exc.latest.number)
            form.data = data
        except ValidationError as exc:
            form.add_error(None if not hasattr(exc, "error_dict") else "text", exc.messages)
        else:
            messages.success(request, "Nouvelle version de la note enregistrée.")
            return redirect(report_url(report))
    return render(
        request,
        "positions/brief_form.html",
        {
            "report": report,
            "form": form,
            "theirs": theirs,
            "mine": form.data.get("text") if theirs else None,
            "brief": brief,
            "back_url": report_url(report),
        },
    )


TRANSITIONS = {
    "soumettre": (services.submit_brief, "Note envoyée en relecture."),
    "valider": (services.validate_brief, "Note validée."),
    "renvoyer": (services.return_brief, "Note renvoyée en brouillon."),
}


@require_POST
@access(permissions.can_view_follow_up)
def brief_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    if action not in TRANSITIONS:
        raise Http404
    service, done = TRANSITIONS[action]
    try:
        service(report=report, acting_user=request.user)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect(report_url(report))


@access(permissions.can_set_line)
def line_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    line = VoteLine.objects.filter(report=report).first() or VoteLine(report=report)
    form = VoteLineForm(request.POST or None, instance=line)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.set_vote_line(
                report=report,
                data=data,
                expected_version=form.cleaned_data.get("version") if line.pk else None,
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Consigne de vote enregistrée.")
            return redirect(report_url(report))
    return _form_page(
        request,
        report,
        form=form,
        conflict=conflict,
        title=f"Consigne de vote — rapport {report.number}",
        intro="La consigne arrêtée en réunion de groupe, sa motivation et l’explication de vote.",
    )


@access(permissions.can_edit_speakers)
def speech_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.get_report_for_user_or_404(request.user, pk)
    form = SpeechForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, _ = save_or_report(
            form, lambda: services.add_speech(report=report, data=data, acting_user=request.user)
        )
        if saved:
            messages.success(request, "Prise de parole ajoutée.")
            _warn_speaking(request, report)
            return redirect(report_url(report))
    return _form_page(
        request, report, form=form, title=f"Prise de parole — rapport {report.number}"
    )


def _warn_speaking(request: HttpRequest, report: Report) -> None:
    speaking = selectors.speaking_time(report.sitting)
    if speaking["over"]:
        messages.warning(
            request,
            f"Temps de parole dépassé : {speaking['used']} min prévues pour "
            f"{speaking['available']} min accordées au groupe.",
        )


@access(permissions.can_edit_speakers)
def speech_edit(request: HttpRequest, pk: int) -> HttpResponse:
    speech = get_object_or_404(
        Speech.objects.current().select_related("report__sitting__body"), pk=pk
    )
    report = speech.report
    form = SpeechForm(request.POST or None, instance=speech)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_speech(
                speech=speech,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Prise de parole enregistrée.")
            _warn_speaking(request, report)
            return redirect(report_url(report))
    return _form_page(
        request,
        report,
        form=form,
        conflict=conflict,
        title=f"Prise de parole — rapport {report.number}",
    )


@require_POST
@access(permissions.can_edit_speakers)
def speech_remove(request: HttpRequest, pk: int) -> HttpResponse:
    speech = get_object_or_404(
        Speech.objects.current().select_related("report", "councillor"), pk=pk
    )
    report = speech.report
    raw = request.POST.get("version", "")
    try:
        services.archive_speech(
            speech=speech,
            expected_version=int(raw) if raw.isdigit() else None,
            acting_user=request.user,
        )
    except ConcurrentEditError:
        # The rapport page, where this redirects, shows the speech as it is now.
        messages.error(
            request,
            "Cette prise de parole a été modifiée entre-temps : elle n’a pas été retirée. "
            "Vérifiez-la ci-dessous, puis retirez-la de nouveau si besoin.",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, "Prise de parole retirée. Elle reste restaurable depuis les archives."
        )
    return redirect(report_url(report))


@access(permissions.can_view_follow_up)
def my_reports(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)  # access() admits signed-in users only
    councillor = user.councillor if user.councillor_id else None
    return render(
        request,
        "positions/my_reports.html",
        {"councillor": councillor, "reports": selectors.my_reports(councillor)},
    )


@access(permissions.can_view_backlog)
def backlog(request: HttpRequest) -> HttpResponse:
    form = BacklogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    return render(
        request,
        "positions/backlog.html",
        {"form": form, "reports": selectors.backlog(filters=filters)},
    )


def _filename(sitting: Sitting, ext: str) -> str:
    return f"dossier-{slugify(str(sitting))[:60]}.{ext}"


@access(permissions.can_view_follow_up)
def dossier_pdf(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = selectors.get_sitting_for_user_or_404(request.user, sitting_pk)
    response = HttpResponse(documents.brief_pdf(sitting), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{_filename(sitting, "pdf")}"'
    return response


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@access(permissions.can_view_follow_up)
def dossier_docx(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = selectors.get_sitting_for_user_or_404(request.user, sitting_pk)
    try:
        content = documents.brief_docx(sitting)
    except Exception:  # a replaced template with broken tags must not give a 500
        messages.error(
            request,
            "Le modèle Word du dossier de séance contient une balise invalide : "
            "corrigez-le ou revenez au modèle d’origine.",
        )
        return redirect(sitting_url(sitting))
    response = HttpResponse(content, content_type=DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(sitting, "docx")}"'
    return response


def _sheet_context(request: HttpRequest, sitting_pk: int) -> dict[str, Any]:
    sitting = selectors.get_sitting_for_user_or_404(request.user, sitting_pk)
    user = cast(User, request.user)  # access() admits signed-in users only
    councillor = user.councillor if user.councillor_id else None
    pick = None
    if permissions.can_pick_sheet_councillor(user):
        pick = SheetPickForm(request.GET or None)
        if pick.is_valid() and pick.cleaned_data["elu"]:
            councillor = pick.cleaned_data["elu"]
    context: dict[str, Any] = {
        "sitting": sitting,
        "councillor": councillor,
        "pick": pick,
        "sitting_url": sitting_url(sitting),
    }
    if councillor is not None:
        context.update(selectors.voting_sheet(sitting, councillor))
    return context


@access(permissions.can_view_follow_up)
def sheet(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    return render(request, "positions/feuille.html", _sheet_context(request, sitting_pk))


@access(permissions.can_view_follow_up)
def sheet_pdf(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    context = _sheet_context(request, sitting_pk)
    if context["councillor"] is None:
        raise Http404
    response = HttpResponse(documents.sheet_pdf(context), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="feuille-de-vote.pdf"'
    return response


@access(permissions.can_manage_templates)
def templates_page(request: HttpRequest) -> HttpResponse:
    form = TemplateUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.upload_brief_template(
                content=upload.read(), name=upload.name, acting_user=request.user
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            messages.success(request, "Nouveau modèle du dossier de séance enregistré.")
            return redirect("positions:templates")
    return render(
        request,
        "positions/templates.html",
        {"form": form, "custom": services.custom_template_path().exists()},
    )


@require_POST
@access(permissions.can_manage_templates)
def template_reset(request: HttpRequest) -> HttpResponse:
    services.reset_brief_template(acting_user=request.user)
    messages.success(request, "Le modèle d’origine est de nouveau utilisé.")
    return redirect("positions:templates")


@access(permissions.can_manage_templates)
def template_download(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.brief_template_path().read_bytes(), content_type=DOCX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="dossier_de_seance.docx"'
    return response
