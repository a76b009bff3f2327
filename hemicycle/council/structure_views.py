"""Pages of the council's structure and rules: instances, the group's seats, filing rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from hemicycle.core.permissions import access
from hemicycle.core.views_helpers import form_data, save_or_report
from hemicycle.council import structure_services as services
from hemicycle.council.models import Body, FilingRule, Seat
from hemicycle.council.selectors import current_term
from hemicycle.council.structure_forms import BodyForm, FilingRulesForm, SeatEndForm, SeatForm


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    context.setdefault("back_url", reverse("council_structure:body_list"))
    context.setdefault("back_label", "Instances du conseil")
    return render(request, "core/_form_page.html", context)


def _term_or_404() -> Any:
    term = current_term()
    if term is None:
        raise Http404
    return term


@access(services.can_view_structure)
def body_list(request: HttpRequest) -> HttpResponse:
    term = current_term()
    bodies = list(Body.objects.filter(term=term).order_by("is_archived", "order", "name"))
    return render(
        request,
        "council/structure_bodies.html",
        {
            "term": term,
            "bodies": [b for b in bodies if not b.is_archived],
            "archived": [b for b in bodies if b.is_archived],
            "can_edit": services.can_edit_structure(request.user),
        },
    )


@access(services.can_edit_structure)
def body_create(request: HttpRequest) -> HttpResponse:
    term = _term_or_404()
    form = BodyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        body, _ = save_or_report(
            form, lambda: services.create_body(term=term, data=data, acting_user=request.user)
        )
        if body:
            messages.success(request, f"Instance « {body.name} » ajoutée.")
            return redirect("council_structure:body_list")
    return _form_page(request, form=form, title="Nouvelle instance")


@access(services.can_edit_structure)
def body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    body = get_object_or_404(Body, pk=pk)
    form = BodyForm(request.POST or None, instance=body)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_body(
                body=body,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Instance « {saved.name} » enregistrée.")
            return redirect("council_structure:body_list")
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier l’instance « {body.name} »",
        intro="Une instance qui ne se réunit plus s’archive : ses séances restent dans l’historique.",
    )


@access(services.can_view_structure)
def seat_list(request: HttpRequest) -> HttpResponse:
    term = current_term()
    today = timezone.localdate()
    current = Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    bodies = (
        Body.objects.filter(term=term, is_archived=False)
        .prefetch_related(
            Prefetch(
                "seats",
                queryset=Seat.objects.filter(current).select_related("councillor"),
                to_attr="current_seats",
            )
        )
        .order_by("order", "name")
    )
    past = (
        Seat.objects.filter(body__term=term, ends_on__lt=today)
        .select_related("body", "councillor")
        .order_by("-ends_on")[:50]
    )
    return render(
        request,
        "council/structure_seats.html",
        {
            "term": term,
            "bodies": bodies,
            "past": past,
            "can_edit": services.can_edit_structure(request.user),
        },
    )


@access(services.can_edit_structure)
def seat_add(request: HttpRequest) -> HttpResponse:
    term = _term_or_404()
    initial = {"starts_on": timezone.localdate(), "body": request.GET.get("instance")}
    form = SeatForm(request.POST or None, term=term, initial=initial)
    if request.method == "POST" and form.is_valid():
        # The helpers only use BaseForm API, which a ModelForm has too.
        data = form_data(cast(forms.Form, form))
        seat, _ = save_or_report(
            cast(forms.Form, form), lambda: services.add_seat(data=data, acting_user=request.user)
        )
        if seat:
            messages.success(request, f"Siège ajouté : {seat}.")
            return redirect("council_structure:seat_list")
    return _form_page(
        request,
        form=form,
        title="Nouveau siège du groupe",
        back_url=reverse("council_structure:seat_list"),
        back_label="Sièges du groupe",
    )


@access(services.can_edit_structure)
def seat_end(request: HttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(Seat.objects.select_related("body", "councillor"), pk=pk)
    form = SeatEndForm(request.POST or None, initial={"ends_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        ends_on = form.cleaned_data["ends_on"]
        saved, _ = save_or_report(
            form,
            lambda: services.end_seat(seat=seat, ends_on=ends_on, acting_user=request.user),
        )
        if saved:
            messages.success(request, f"Fin du siège enregistrée : {seat}.")
            return redirect("council_structure:seat_list")
    return _form_page(
        request,
        form=form,
        title=f"Fin du siège de {seat.councillor.full_name}",
        intro=f"{seat.body} — {seat.get_role_display()}, depuis le {seat.starts_on:%d/%m/%Y}.",
        back_url=reverse("council_structure:seat_list"),
        back_label="Sièges du groupe",
    )


@access(services.can_view_structure)
def filing_rules(request: HttpRequest) -> HttpResponse:
    term = current_term()
    rules = {r.kind: r for r in FilingRule.objects.filter(term=term)}
    can_edit = services.can_edit_structure(request.user)
    form = None
    if can_edit and term is not None:
        form = FilingRulesForm(request.POST or None, rules=rules)
        if request.method == "POST" and form.is_valid():
            values = form.row_values()
            saved, _ = save_or_report(
                form,
                lambda: services.save_filing_rules(
                    term=term, rows=values, acting_user=request.user
                ),
            )
            if saved is not None:
                messages.success(request, "Règles de dépôt enregistrées.")
                return redirect("council_structure:filing_rules")
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "council/structure_rules.html",
        {
            "term": term,
            "rules": [rules[k] for k in sorted(rules)],
            "form": form,
        },
    )
