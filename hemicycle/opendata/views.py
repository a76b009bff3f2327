"""The open-data page: what is published, the two downloads, the settings form.

The files are built on request: the export reads a fixed number of queries and the
whole of a mandature fits in a few seconds (figures in docs/decisions/0019), so a
background job would add a queue and a waiting page for nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from hemicycle.core.permissions import access
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import form_data, save_or_report
from hemicycle.opendata import permissions, scdl, selectors, services
from hemicycle.opendata.forms import OpenDataSettingsForm
from hemicycle.opendata.oparl import export
from hemicycle.opendata.oparl.layout import base_url


@access(permissions.can_view_opendata)
def page(request: HttpRequest) -> HttpResponse:
    opendata = selectors.current_settings()
    can_edit = permissions.can_edit_opendata_settings(request.user)
    return render(
        request,
        "opendata/page.html",
        {
            "opendata": opendata,
            "publication_url": base_url(opendata),
            "can_edit": can_edit,
            "history": history_for(opendata) if can_edit and opendata.pk else None,
        },
    )


@access(permissions.can_edit_opendata_settings)
def settings_edit(request: HttpRequest) -> HttpResponse:
    instance = selectors.current_settings()
    form = OpenDataSettingsForm(request.POST or None, instance=instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_report(
            form,
            lambda: services.update_settings(
                data=form_data(form),
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved:
            messages.success(request, "Réglages des données ouvertes enregistrés.")
            return redirect("opendata:page")
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "conflict": conflict,
            "title": "Ce que le groupe publie",
            "intro": (
                "Ces réglages valent pour les deux exports (OParl et SCDL), en ligne comme "
                "en ligne de commande. Coordonnées, dates de naissance, brouillons et notes "
                "internes ne sont jamais exportés."
            ),
            "back_url": reverse("opendata:page"),
            "back_label": "Données ouvertes",
        },
    )


def _stamp() -> str:
    return f"{timezone.localdate():%Y-%m-%d}"


@access(permissions.can_view_opendata)
def oparl_zip(request: HttpRequest) -> HttpResponse:
    try:
        tree = export.validated(export.build_tree())
    except export.ExportInvalid as exc:
        messages.error(
            request,
            "L’export OParl n’a pas passé la validation des schémas officiels, il n’a pas été "
            f"produit : {exc.errors[0]}",
        )
        return redirect("opendata:page")
    response = HttpResponse(export.zip_bytes(tree), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="oparl-{_stamp()}.zip"'
    return response


@access(permissions.can_view_opendata)
def scdl_csv(request: HttpRequest) -> HttpResponse:
    table = scdl.rows()
    found = scdl.problems(table)
    if found:
        messages.error(
            request,
            f"Le fichier SCDL n’a pas été produit, une règle du schéma n’est pas respectée : "
            f"{found[0]}. Vérifiez les réglages (SIRET) ou les résultats de ce scrutin.",
        )
        return redirect("opendata:page")
    response = HttpResponse(scdl.csv_text(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="deliberations-{_stamp()}.csv"'
    return response
