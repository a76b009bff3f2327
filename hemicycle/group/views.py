from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from hemicycle.core.permissions import access
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import form_data, save_or_report
from hemicycle.group import activity, permissions, selectors, services
from hemicycle.group.forms import (
    CouncillorFilterForm,
    CouncillorForm,
    GroupForm,
    PartyForm,
    StaffContractForm,
    StaffMemberForm,
)
from hemicycle.group.models import Party, StaffContract


def _form_page(request: HttpRequest, **context: Any) -> HttpResponse:
    return render(request, "core/_form_page.html", context)


@access(permissions.can_view_group)
def group_detail(request: HttpRequest) -> HttpResponse:
    group = selectors.current_group()
    return render(
        request,
        "group/group_detail.html",
        {
            "group": group,
            "parties": selectors.parties_with_counts(),
            "bureau": selectors.bureau(),
            "councillor_count": selectors.councillors().count(),
            "can_edit": permissions.can_edit_group(request.user),
            "history": history_for(group)
            if group and permissions.can_edit_group(request.user)
            else None,
        },
    )


@access(permissions.can_edit_group)
def group_edit(request: HttpRequest) -> HttpResponse:
    group = selectors.current_group()
    if group is None:
        raise Http404
    form = GroupForm(request.POST or None, instance=group)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_report(
            form,
            lambda: services.update_group(
                group=group,
                data=form_data(form),
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Fiche du groupe enregistrée.")
            return redirect("group:detail")
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title="Modifier la fiche du groupe",
        back_url=reverse("group:detail"),
        back_label="Le groupe",
    )


@access(permissions.can_edit_group)
def party_create(request: HttpRequest) -> HttpResponse:
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        party, _ = save_or_report(
            form, lambda: services.create_party(data=data, acting_user=request.user)
        )
        if party:
            messages.success(request, f"Parti « {party.short_name} » ajouté.")
            return redirect("group:detail")
    return _form_page(
        request,
        form=form,
        title="Nouveau parti",
        back_url=reverse("group:detail"),
        back_label="Le groupe",
    )


@access(permissions.can_edit_group)
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    party = get_object_or_404(Party, pk=pk)
    form = PartyForm(request.POST or None, instance=party)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_party(
                party=party,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Parti « {saved.short_name} » enregistré.")
            return redirect("group:detail")
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier le parti « {party.short_name} »",
        intro="Un parti qui n’a plus d’élu·e s’archive : il reste dans l’historique.",
        back_url=reverse("group:detail"),
        back_label="Le groupe",
    )


@access(permissions.can_view_group)
def councillor_list(request: HttpRequest) -> HttpResponse:
    form = CouncillorFilterForm(request.GET or {"status": "active"})
    filters = form.cleaned_data if form.is_valid() else {"status": "active"}
    rows = list(selectors.councillors(filters=filters))
    return render(
        request,
        "group/councillor_list.html",
        {
            "form": form,
            "councillors": rows,
            "can_edit": permissions.can_edit_group(request.user),
            "show_contact": permissions.can_view_contact_details(request.user),
        },
    )


@access(permissions.can_view_group)
def councillor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = selectors.get_councillor_for_user_or_404(request.user, pk)
    can_edit = permissions.can_edit_group(request.user)
    return render(
        request,
        "group/councillor_detail.html",
        {
            "councillor": councillor,
            "sections": activity.sections_for(councillor, request.user),
            "can_edit": can_edit,
            "show_contact": permissions.can_view_contact_details(request.user),
            "history": history_for(councillor) if can_edit else None,
        },
    )


@access(permissions.can_edit_group)
def councillor_create(request: HttpRequest) -> HttpResponse:
    form = CouncillorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        councillor, _ = save_or_report(
            form, lambda: services.create_councillor(data=data, acting_user=request.user)
        )
        if councillor:
            messages.success(request, f"{councillor} ajouté·e au groupe.")
            return redirect("group:councillor_detail", pk=councillor.pk)
    return _form_page(
        request,
        form=form,
        title="Nouvel·le élu·e",
        back_url=reverse("group:councillor_list"),
        back_label="Élu·es",
    )


@access(permissions.can_edit_group)
def councillor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = selectors.get_councillor_for_user_or_404(request.user, pk)
    form = CouncillorForm(request.POST or None, instance=councillor)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_councillor(
                councillor=councillor,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Fiche de {saved} enregistrée.")
            return redirect("group:councillor_detail", pk=saved.pk)
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier la fiche de {councillor}",
        intro="Un départ du groupe se note avec le statut « A quitté le groupe » et sa date : "
        "la fiche reste dans l’historique.",
        back_url=reverse("group:councillor_detail", kwargs={"pk": councillor.pk}),
        back_label=str(councillor),
    )


@access(permissions.can_view_staff)
def staff_list(request: HttpRequest) -> HttpResponse:
    include_left = request.GET.get("tous") == "1"
    return render(
        request,
        "group/staff_list.html",
        {
            "rows": selectors.staff_with_warnings(include_left=include_left),
            "include_left": include_left,
            "show_contracts": permissions.can_view_contracts(request.user),
            "can_edit": permissions.can_edit_staff(request.user),
        },
    )


@access(permissions.can_view_staff)
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.get_staff_for_user_or_404(request.user, pk)
    show_contracts = permissions.can_view_contracts(request.user)
    row = next(
        r for r in selectors.staff_with_warnings(include_left=True) if r["member"].pk == member.pk
    )
    return render(
        request,
        "group/staff_detail.html",
        {
            "member": member,
            "row": row if show_contracts else None,
            "can_edit": permissions.can_edit_staff(request.user),
            "history": history_for(member) if show_contracts else None,
        },
    )


@access(permissions.can_edit_staff)
def staff_create(request: HttpRequest) -> HttpResponse:
    form = StaffMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        member, _ = save_or_report(
            form, lambda: services.create_staff_member(data=data, acting_user=request.user)
        )
        if member:
            messages.success(request, f"{member} ajouté·e à l’équipe. Ajoutez son contrat.")
            return redirect("group:contract_create", pk=member.pk)
    return _form_page(
        request,
        form=form,
        title="Nouvelle personne dans l’équipe",
        back_url=reverse("group:staff_list"),
        back_label="Équipe",
    )


@access(permissions.can_edit_staff)
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.get_staff_for_user_or_404(request.user, pk)
    form = StaffMemberForm(request.POST or None, instance=member)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_staff_member(
                member=member,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, f"Fiche de {saved} enregistrée.")
            return redirect("group:staff_detail", pk=saved.pk)
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier la fiche de {member}",
        back_url=reverse("group:staff_detail", kwargs={"pk": member.pk}),
        back_label=str(member),
    )


@access(permissions.can_edit_staff)
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.get_staff_for_user_or_404(request.user, pk)
    form = StaffContractForm(request.POST or None)
    form.instance.staff_member = member
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        contract, _ = save_or_report(
            form,
            lambda: services.add_contract(member=member, data=data, acting_user=request.user),
        )
        if contract:
            messages.success(request, "Contrat ajouté.")
            return redirect("group:staff_detail", pk=member.pk)
    return _form_page(
        request,
        form=form,
        title=f"Nouveau contrat pour {member}",
        back_url=reverse("group:staff_detail", kwargs={"pk": member.pk}),
        back_label=str(member),
    )


@access(permissions.can_edit_staff)
def contract_edit(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    member = selectors.get_staff_for_user_or_404(request.user, pk)
    contract = get_object_or_404(StaffContract, pk=contract_pk, staff_member=member)
    form = StaffContractForm(request.POST or None, instance=contract)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form_data(form)
        saved, conflict = save_or_report(
            form,
            lambda: services.update_contract(
                contract=contract,
                data=data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Contrat enregistré.")
            return redirect("group:staff_detail", pk=member.pk)
    return _form_page(
        request,
        form=form,
        conflict=conflict,
        title=f"Modifier un contrat de {member}",
        back_url=reverse("group:staff_detail", kwargs={"pk": member.pk}),
        back_label=str(member),
    )
