"""Exports of the votes (CSV of individual votes) and the import of the council's results.

Their paths are in hemicycle/votes/urls.py, in the "exports and council results" block.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import io
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from hemicycle.core.permissions import access, is_member
from hemicycle.sittings.imports.base import normalise
from hemicycle.sittings.models import Sitting
from hemicycle.votes import results_import
from hemicycle.votes.models import NppvReason, Option, Vote
from hemicycle.votes.results_import import ResultsImportError, can_import_results

# --- CSV of individual votes ---------------------------------------------------------------

CSV_HEADER = (
    "Date de la séance",
    "Instance",
    "Scrutin",
    "N° du rapport",
    "Élu·e",
    "Vote",
    "Motif NPPV",
    "Par pouvoir de",
    "Consigne du groupe",
    "Divergence",
)
# A consigne that names an option; "free" (liberté de vote) has nothing to diverge from.
_FOLLOWABLE = set(Option.values)


def _safe_cell(value: str) -> str:
    """Neutralise formula injection: a spreadsheet runs a cell starting with = + - @."""
    if value and value[0] in "=+-@\t\r":
        return "'" + value
    return value


def votes_queryset(sitting_pk: int | None = None) -> Any:
    """Every row's data in one query (the consigne through the rapport's vote line)."""
    votes = Vote.objects.select_related(
        "vote_event__sitting__body",
        "vote_event__report__vote_line",
        "councillor",
        "proxy_holder",
    ).order_by(
        "vote_event__sitting__starts_at",
        "vote_event__order",
        "vote_event__pk",
        "pk",
    )
    if sitting_pk is not None:
        votes = votes.filter(vote_event__sitting_id=sitting_pk)
    return votes


def _consigne(vote: Vote) -> tuple[str, str]:
    """(position value, label) of the group's line, only for a vote on the rapport itself."""
    event = vote.vote_event
    if event.filing_id or not event.report_id:
        # A vote line is about the rapport, not about an amendment to it.
        return "", ""
    line = getattr(event.report, "vote_line", None)
    if line is None:
        return "", ""
    return line.position, line.get_position_display()


def _reading_order(vote: Vote) -> tuple[Any, ...]:
    # The database sorts "Élue" after "Roux"; a French reader expects it among the E.
    event = vote.vote_event
    return (
        event.sitting.starts_at,
        event.order,
        event.pk,
        normalise(vote.councillor.last_name),
        normalise(vote.councillor.first_name),
        vote.pk,
    )


def csv_rows(votes: Any) -> list[list[str]]:
    rows = []
    for vote in sorted(votes, key=_reading_order):
        event = vote.vote_event
        sitting = event.sitting
        position, label = _consigne(vote)
        divergence = ""
        if position in _FOLLOWABLE:
            # A déport is the law and an absence is no choice: neither departs from the line.
            chosen = vote.nppv_reason in ("", NppvReason.CHOICE)
            divergence = "oui" if chosen and vote.option != position else "non"
        rows.append(
            [
                f"{timezone.localtime(sitting.starts_at):%d/%m/%Y}",
                sitting.body.short_name or sitting.body.name,
                event.title,
                event.report.number if event.report_id else "",
                str(vote.councillor),
                vote.get_option_display(),
                vote.get_nppv_reason_display() if vote.nppv_reason else "",
                str(vote.proxy_holder) if vote.proxy_holder_id else "",
                label,
                divergence,
            ]
        )
    return rows


@access(is_member)
def votes_csv(request: HttpRequest) -> HttpResponse:
    """The group's individual votes, for a spreadsheet (optionally one séance's)."""
    sitting_pk = None
    filename = "votes-du-groupe.csv"
    raw = request.GET.get("seance", "")
    if raw:
        if not (raw.isascii() and raw.isdigit() and len(raw) < 10):
            raise Http404
        sitting = Sitting.objects.filter(pk=int(raw)).first()
        if sitting is None:
            raise Http404
        sitting_pk = sitting.pk
        filename = f"votes-du-groupe-{timezone.localtime(sitting.starts_at):%Y-%m-%d}.csv"
    buffer = io.StringIO()
    # BOM and ";": what French Excel needs to open UTF-8 in columns with a double click.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for row in csv_rows(votes_queryset(sitting_pk)):
        writer.writerow([_safe_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- import of the council's results by group ------------------------------------------------

# The file waits in the session between preview and confirmation, so that what is imported
# is byte for byte what was previewed.
PENDING = "votes.pending_results_import"


class ResultsUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier des résultats",
        help_text="Un fichier CSV, une ligne par scrutin et par groupe (séparateur « ; » ou « , »).",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = min(settings.HEMICYCLE_MAX_UPLOAD_BYTES, results_import.MAX_BYTES)
        if upload.size > limit:
            raise forms.ValidationError(
                f"Le fichier pèse {filesizeformat(upload.size)}, au-delà de la taille "
                f"maximale autorisée ({filesizeformat(limit)}) : rien n’a été importé."
            )
        return upload


def _pending(request: HttpRequest) -> tuple[dict[str, Any], bytes] | None:
    pending = request.session.get(PENDING)
    if not isinstance(pending, dict):
        return None
    try:
        content = base64.b64decode(pending["content"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        return None
    if hashlib.sha256(content).hexdigest() != pending.get("sha256"):
        return None
    return pending, content


@access(can_import_results)
def results_import_upload(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = ResultsUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            request.session[PENDING] = {
                "file_name": upload.name,
                "sha256": hashlib.sha256(content).hexdigest(),
                "content": base64.b64encode(content).decode("ascii"),
            }
            return redirect("votes:results_import_preview")
    else:
        form = ResultsUploadForm()
    return render(
        request,
        "votes/results_import_upload.html",
        {"form": form, "columns": results_import.COLUMNS},
    )


@access(can_import_results)
def results_import_preview(request: HttpRequest) -> HttpResponse:
    """GET: what the pending file would record. POST: record it, or drop it."""
    found = _pending(request)
    if found is None:
        messages.warning(request, "Aucun fichier en attente d’import : choisissez-en un.")
        return redirect("votes:results_import_upload")
    pending, content = found
    confirm = request.method == "POST"
    if confirm and request.POST.get("action") == "cancel":
        request.session.pop(PENDING, None)
        messages.info(request, "Import annulé : aucun résultat n’a été enregistré.")
        return redirect("votes:results_import_upload")
    if confirm and request.POST.get("sha256") != pending["sha256"]:
        messages.error(
            request,
            "Un autre fichier a été déposé depuis cet aperçu : vérifiez l’aperçu avant de "
            "confirmer.",
        )
        return redirect("votes:results_import_preview")
    try:
        summary = results_import.import_results(
            file_name=pending["file_name"],
            content=content,
            acting_user=request.user,
            dry_run=not confirm,
        )
    except ResultsImportError as exc:
        return render(
            request,
            "votes/results_import_preview.html",
            {"pending": pending, "errors": exc.issues, "summary": None},
        )
    if confirm:
        request.session.pop(PENDING, None)
        decided = len(summary.events) - summary.undecided
        undecided = (
            f" ; {summary.undecided} sans résultat (égalité ou aucun suffrage exprimé)"
            if summary.undecided
            else ""
        )
        messages.success(
            request,
            f"Résultats de « {summary.file_name} » enregistrés : {summary.rows} ligne(s), "
            f"{decided} scrutin(s) avec leur résultat{undecided}.",
        )
        return redirect("votes:results_import_upload")
    return render(
        request,
        "votes/results_import_preview.html",
        {"pending": pending, "errors": [], "summary": summary},
    )
