"""Recording votes in séance, the council's result and déports. Thin views."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from hemicycle.core.permissions import access
from hemicycle.core.services import ConcurrentEditError
from hemicycle.core.views_helpers import add_validation_errors
from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Report, Sitting
from hemicycle.votes import permissions, selectors, services
from hemicycle.votes.forms import RecusalForm, ResultForm, TapForm
from hemicycle.votes.models import Option, VoteEvent

OPTIONS = [
    (Option.POUR, "Pour"),
    (Option.CONTRE, "Contre"),
    (Option.ABSTENTION, "Abst."),
    (Option.NPPV, "NPPV"),
]


@access(permissions.can_view_votes)
def sitting_votes(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting.objects.select_related("body"), pk=sitting_pk)
    return render(
        request,
        "votes/sitting.html",
        {
            "sitting": sitting,
            "scrutins": list(selectors.scrutins_of(sitting)),
            "expected": selectors.active_councillor_count(),
            "can_manage": permissions.can_manage(request.user),
        },
    )


@access(permissions.can_manage)
@require_POST
def open_scrutins(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting, pk=sitting_pk)
    created = services.open_scrutins(sitting=sitting, acting_user=request.user)
    if created:
        messages.success(
            request,
            f"{len(created)} scrutin{'s' if len(created) > 1 else ''} créé{'s' if len(created) > 1 else ''}.",
        )
    else:
        messages.info(request, "Tous les rapports et dépôts de la séance ont déjà leur scrutin.")
    return redirect("votes:sitting", sitting_pk=sitting.pk)


def _record_context(request: HttpRequest, vote_event: VoteEvent) -> dict[str, Any]:
    rows = selectors.recording_rows(vote_event)
    user = request.user
    for row in rows:
        row.can_record = permissions.can_record_for(user, row.councillor.pk)  # type: ignore[attr-defined]
    if not permissions.can_record_all(user):
        # A councillor's phone shows their own row first.
        rows.sort(key=lambda r: not r.can_record)  # type: ignore[attr-defined]
    siblings = list(
        VoteEvent.objects.filter(sitting_id=vote_event.sitting_id)
        .order_by("order", "pk")
        .values_list("pk", flat=True)
    )
    index = siblings.index(vote_event.pk)
    return {
        "vote_event": vote_event,
        "rows": rows,
        "tally": selectors.tally(rows),
        "options": OPTIONS,
        "line": services.line_of(vote_event),
        "previous": siblings[index - 1] if index > 0 else None,
        "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        "position": index + 1,
        "count": len(siblings),
        "can_confirm": permissions.can_record_all(user),
        "can_manage": permissions.can_manage(user),
    }


@access(permissions.can_record_any)
def record(request: HttpRequest, pk: int) -> HttpResponse:
    vote_event = selectors.get_vote_event_or_404(request.user, pk)
    return render(request, "votes/record.html", _record_context(request, vote_event))


@access(permissions.can_record_any)
@require_POST
def tap(request: HttpRequest, pk: int, councillor_pk: int) -> HttpResponse:
    """One tap, one request: set a councillor's vote; htmx gets the row back."""
    vote_event = selectors.get_vote_event_or_404(request.user, pk)
    councillor = get_object_or_404(Councillor, pk=councillor_pk)
    if not permissions.can_record_for(request.user, councillor.pk):
        raise Http404
    form = TapForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.record_vote(
                vote_event=vote_event,
                councillor=councillor,
                option=form.cleaned_data["option"],
                nppv_reason=form.cleaned_data.get("nppv_reason") or "",
                acting_user=request.user,
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        except PermissionDenied as exc:
            raise Http404 from exc
    else:
        error = "Vote inconnu : rien n’a été enregistré."
    if request.htmx:  # type: ignore[attr-defined]
        row = selectors.row_for(vote_event, councillor)
        row.can_record = True  # type: ignore[attr-defined]
        return render(
            request,
            "votes/_row.html",
            {
                "row": row,
                "vote_event": vote_event,
                "options": OPTIONS,
                "error": error,
                "just_saved": not error,
            },
        )
    if error:
        messages.error(request, error)
    return redirect(reverse("votes:record", args=[vote_event.pk]) + f"#elu-{councillor.pk}")


@access(permissions.can_record_all)
@require_POST
def confirm(request: HttpRequest, pk: int) -> HttpResponse:
    vote_event = selectors.get_vote_event_or_404(request.user, pk)
    try:
        done = services.confirm_proposals(vote_event=vote_event, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"{done} vote{'s' if done > 1 else ''} enregistré{'s' if done > 1 else ''} selon la consigne et les présences.",
        )
    return redirect("votes:record", pk=vote_event.pk)


@access(permissions.can_manage)
def result(request: HttpRequest, pk: int) -> HttpResponse:
    vote_event = selectors.get_vote_event_or_404(request.user, pk)
    rows = selectors.result_rows(vote_event)
    initial = {
        "mode": vote_event.mode,
        "result": "",
        "tie_break": vote_event.tie_break,
        "version": vote_event.version,
    }
    form = ResultForm(request.POST or None, rows=rows, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_result(
                vote_event=vote_event,
                counts=form.counts(),
                mode=form.cleaned_data["mode"],
                result=form.cleaned_data.get("result") or "",
                tie_break=form.cleaned_data.get("tie_break") or "",
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            )
        except ConcurrentEditError as exc:
            form.add_error(None, exc.message)
            data = request.POST.copy()
            data["version"] = str(exc.current.version)
            form.data = data
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Résultat enregistré.")
            return redirect("votes:sitting", sitting_pk=vote_event.sitting_id)
    return render(request, "votes/result.html", {"vote_event": vote_event, "form": form})


@access(permissions.can_manage)
def recusal_add(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = get_object_or_404(Report.objects.select_related("sitting"), pk=report_pk)
    form = RecusalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_recusal(
                report=report,
                councillor=form.cleaned_data["councillor"],
                reason=form.cleaned_data["reason"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Déport enregistré : l’élu·e ne prendra pas part à ce vote.")
            return redirect("sittings:report_detail", pk=report.pk)
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "title": f"Déport sur le rapport {report.number}",
            "intro": "Un·e élu·e qui représente la Région dans un organisme bénéficiaire ne prend "
            "pas part au vote (CGCT, art. L1111-6). Son vote sera « ne prend pas part au vote ».",
            "back_url": reverse("sittings:report_detail", args=[report.pk]),
            "back_label": f"Rapport {report.number}",
            "submit_label": "Enregistrer le déport",
        },
    )
