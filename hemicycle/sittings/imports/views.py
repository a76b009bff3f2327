"""Upload an agenda, preview what it creates, confirm or cancel.

A CSV waits in the session between preview and confirmation (what is imported is byte for
byte what was previewed); a batch of PDFs waits in a temporary folder whose token is kept
in the session, so that nobody else can confirm or read it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django_htmx.http import HttpResponseClientRefresh

from hemicycle.core.permissions import access
from hemicycle.sittings.imports import csv_format, pdfs, service
from hemicycle.sittings.imports.base import AgendaImportError
from hemicycle.sittings.imports.forms import AgendaUploadForm
from hemicycle.sittings.imports.permissions import can_manage_sittings
from hemicycle.sittings.imports.tasks import read_batch
from hemicycle.sittings.models import Sitting

PENDING = "sittings.pending_agenda_import"
SOURCE_LABELS = {
    "csv": "modèle CSV du groupe",
    "scdl": "SCDL délibérations",
    "pdf": "PDF des rapports",
}


def _sitting_url(sitting: Sitting) -> str:
    try:
        return reverse("sittings:sitting_detail", kwargs={"pk": sitting.pk})
    except NoReverseMatch:
        return f"/seances/{sitting.pk}/"


def _drop_pending(request: HttpRequest) -> None:
    pending = request.session.pop(PENDING, None)
    if isinstance(pending, dict) and pending.get("kind") == "pdf":
        batch = pdfs.Batch.load(pending.get("token", ""))
        if batch is not None:
            batch.cleanup()


def _pending(request: HttpRequest, sitting: Sitting) -> dict[str, Any] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict) or pending.get("sitting") != sitting.pk:
        return None
    if pending.get("kind") == "pdf":
        batch = pdfs.Batch.load(pending.get("token", ""))
        return {**pending, "batch": batch} if batch is not None else None
    try:
        content = base64.b64decode(pending["content"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        return None
    if hashlib.sha256(content).hexdigest() != pending.get("sha256"):
        return None
    return {**pending, "bytes": content}


@access(can_manage_sittings)
def upload(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    sitting = get_object_or_404(Sitting.objects.select_related("body"), pk=sitting_pk)
    errors: list[Any] = []
    if request.method == "POST":
        form = AgendaUploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            kind = form.cleaned_data["format"]
            if kind == "auto":
                kind = service.detect_format(*files[0]) if len(files) == 1 else "pdf"
            _drop_pending(request)
            if kind == "pdf":
                try:
                    batch = pdfs.stage(
                        [pdfs.Upload(name, data) for name, data in files], read=False
                    )
                except AgendaImportError as exc:
                    errors = exc.issues
                else:
                    request.session[PENDING] = {
                        "sitting": sitting.pk,
                        "kind": "pdf",
                        "token": batch.token,
                    }
                    # Read in the background: the preview shows a progress bar meanwhile.
                    read_batch(batch.token)
                    return redirect("agenda_import:preview", sitting_pk=sitting.pk)
            else:
                name, content = files[0]
                request.session[PENDING] = {
                    "sitting": sitting.pk,
                    "kind": kind,
                    "file_name": name,
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "content": base64.b64encode(content).decode("ascii"),
                }
                return redirect("agenda_import:preview", sitting_pk=sitting.pk)
    else:
        form = AgendaUploadForm()
    return render(
        request,
        "sittings/import_upload.html",
        {
            "sitting": sitting,
            "form": form,
            "errors": errors,
            "columns": csv_format.COLUMNS,
            "sitting_url": _sitting_url(sitting),
        },
    )


@access(can_manage_sittings)
def preview(request: HttpRequest, sitting_pk: int) -> HttpResponse:
    """GET: what the pending files would create. POST: import them, or drop them."""
    sitting = get_object_or_404(Sitting.objects.select_related("body"), pk=sitting_pk)
    pending = _pending(request, sitting)
    if pending is None:
        messages.warning(request, "Aucun fichier en attente d’import : choisissez-en un.")
        return redirect("agenda_import:upload", sitting_pk=sitting.pk)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        _drop_pending(request)
        messages.info(request, "Import annulé : la séance n’a pas été modifiée.")
        return redirect("agenda_import:upload", sitting_pk=sitting.pk)
    batch = pending.get("batch")
    polling = bool(getattr(request, "htmx", False))
    if batch is not None and batch.pending:
        # Still reading: nothing can be confirmed until every file has been read.
        template = "sittings/_import_progress.html" if polling else "sittings/import_progress.html"
        return render(request, template, {"sitting": sitting, "batch": batch})
    if polling:
        # The progress bar polls this page: reading is over, show the whole preview.
        return HttpResponseClientRefresh()
    confirm = request.method == "POST"
    corrections = None
    if confirm and batch is not None:
        corrections = {
            f.index: (
                request.POST.get(f"number_{f.index}", f.number),
                request.POST.get(f"title_{f.index}", f.title),
            )
            for f in batch.files
            if f.importable
        }
    elif confirm and request.POST.get("sha256") != pending.get("sha256"):
        messages.error(
            request,
            "Un autre fichier a été déposé depuis cet aperçu : vérifiez l’aperçu avant de "
            "confirmer.",
        )
        return redirect("agenda_import:preview", sitting_pk=sitting.pk)
    summary = None
    errors: list[Any] = []
    try:
        if batch is not None:
            rows = pdfs.rows_for(batch, corrections)
        else:
            rows = service.parse_table(pending["kind"], pending["bytes"], pending["file_name"])
        summary = service.import_reports(
            sitting=sitting,
            rows=rows,
            acting_user=request.user,
            source=pending["kind"],
            dry_run=not confirm,
        )
    except AgendaImportError as exc:
        errors = exc.issues
    if confirm and summary is not None:
        _drop_pending(request)
        flagged = f", dont {summary.flagged} sans texte (PDF illisible)" if summary.flagged else ""
        messages.success(
            request, f"Import terminé : {summary.created} rapport(s) ajouté(s){flagged}."
        )
        return redirect(_sitting_url(sitting))
    files = []
    if batch is not None:
        for f in batch.files:
            number, title = (corrections or {}).get(f.index, (f.number, f.title))
            files.append({"file": f, "number": number, "title": title})
    return render(
        request,
        "sittings/import_preview.html",
        {
            "sitting": sitting,
            "pending": pending,
            "source_label": SOURCE_LABELS[pending["kind"]],
            "batch": batch,
            "files": files,
            "summary": summary,
            "errors": errors,
            "sitting_url": _sitting_url(sitting),
        },
        status=200,
    )
