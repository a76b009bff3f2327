"""The open-data page: what is published, the two downloads, the settings form.

The files are prepared by a background job (hemicycle/opendata/files.py): a full
mandature takes minutes to export, far beyond a web request (docs/decisions/0019).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hemicycle.core.permissions import access
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import form_data, save_or_report
from hemicycle.opendata import files, permissions, selectors, services
from hemicycle.opendata.forms import OpenDataSettingsForm
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
            "can_prepare": permissions.can_prepare_exports(request.user),
            "oparl": files.prepared("oparl"),
            "scdl": files.prepared("scdl"),
            "status": files.status(),
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


@access(permissions.can_prepare_exports)
@require_POST
def prepare(request: HttpRequest) -> HttpResponse:
    services.request_exports()
    state = files.status()
    if state.get("pending_since"):
        messages.info(
            request, "Préparation lancée : les fichiers seront prêts dans quelques minutes."
        )
    elif state.get("errors"):
        messages.error(request, "Un export n’a pas pu être préparé : voyez le détail ci-dessous.")
    else:
        messages.success(request, "Fichiers préparés avec les données du moment.")
    return redirect("opendata:page")


def _serve(request: HttpRequest, kind: str, content_type: str, stem: str) -> HttpResponseBase:
    ready = files.prepared(kind)
    if ready is None:
        messages.warning(
            request, "Ce fichier n’a pas encore été préparé : lancez la préparation ci-dessous."
        )
        return redirect("opendata:page")
    day = f"{timezone.localtime(ready.built_at):%Y-%m-%d}"
    extension = ready.path.suffix
    return FileResponse(
        ready.path.open("rb"),
        as_attachment=True,
        filename=f"{stem}-{day}{extension}",
        content_type=content_type,
    )


@access(permissions.can_view_opendata)
def oparl_zip(request: HttpRequest) -> HttpResponseBase:
    return _serve(request, "oparl", "application/zip", "oparl")


@access(permissions.can_view_opendata)
def scdl_csv(request: HttpRequest) -> HttpResponseBase:
    return _serve(request, "scdl", "text/csv; charset=utf-8", "deliberations")
