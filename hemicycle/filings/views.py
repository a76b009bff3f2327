"""Pages of the filings area. Thin: parse, call a selector or a service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from hemicycle.core import fragments
from hemicycle.core.permissions import access
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import add_validation_errors, save_or_report
from hemicycle.council.models import FilingKind, RosterMember
from hemicycle.filings import permissions, rules, selectors, services
from hemicycle.filings.forms import (
    CommentForm,
    CompareForm,
    CosignForm,
    FileForm,
    FilingCreateForm,
    FilingDetailsForm,
    FilterForm,
    OutcomeForm,
    ShareForm,
    VersionForm,
    text_fields_for,
    text_labels,
)
from hemicycle.filings.models import Cosignature, Filing, FilingShare
from hemicycle.sittings.models import Report, Sitting


def _flash_refusal(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- lists --------------------------------------------------------------------------------


@access(permissions.can_open_filings)
def filing_list(request: HttpRequest) -> HttpResponse:
    def content() -> dict[str, Any]:
        internal = permissions.can_see_internal(request.user)
        form = FilterForm(request.GET or None, show_internal=internal)
        filters = form.filters()
        page = Paginator(selectors.filing_list(request.user, filters), 50).get_page(
            request.GET.get("page")
        )
        return {
            "form": form,
            "page": page,
            "filings": selectors.with_deadlines(list(page.object_list)),
            "internal": internal,
            "can_create": permissions.can_create(request.user),
            "kinds": FilingKind.choices,
        }

    # Per minute: the « Échéance » column counts down.
    return render(
        request,
        "filings/list.html",
        {
            "content": fragments.content(
                request,
                "filings.list",
                fragments.query(request),
                "filings/_list.html",
                content,
                per_minute=True,
            )
        },
    )


# --- drafting -----------------------------------------------------------------------------


@access(permissions.can_create)
def filing_create(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type", "")
    if kind not in FilingKind.values:
        return render(request, "filings/choose_kind.html", {"kinds": FilingKind.choices})
    report = None
    sitting = None
    initial: dict[str, Any] = {}
    if request.GET.get("rapport", "").isdigit():
        report = Report.objects.select_related("sitting").filter(pk=request.GET["rapport"]).first()
        if report is not None:
            sitting = report.sitting
            initial.update({"report": report.pk, "sitting": sitting.pk})
    elif request.GET.get("seance", "").isdigit():
        sitting = Sitting.objects.filter(pk=request.GET["seance"]).first()
        if sitting is not None:
            initial["sitting"] = sitting.pk
    if request.GET.get("amendement", "").isdigit():
        parent = Filing.objects.filter(pk=request.GET["amendement"]).first()
        if parent is not None and permissions.can_view_filing(request.user, parent):
            initial.update(
                {"parent": parent.pk, "report": parent.report_id, "sitting": parent.sitting_id}
            )
            latest = parent.latest_version()
            initial["original_text"] = latest.text if latest else ""
    councillor = getattr(request.user, "councillor", None)
    if councillor is not None:
        initial["first_author"] = councillor.pk
    form = FilingCreateForm(request.POST or None, initial=initial, kind=kind, sitting=sitting)
    if request.method == "POST" and form.is_valid():
        try:
            filing = services.create_filing(
                data=form.details(),
                texts=form.texts(),
                first_author=form.cleaned_data.get("first_author"),
                coauthors=form.cleaned_data.get("coauthors") or [],
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"{filing.reference} créé en brouillon.")
            return redirect("filings:detail", pk=filing.pk)
    label = dict(FilingKind.choices)[kind]
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "title": f"Nouveau dépôt : {label.lower()}",
            "intro": "Le dépôt est créé en brouillon ; vous pourrez le reprendre, le faire "
            "relire puis valider avant de le déposer.",
            "back_url": reverse("sittings:report_detail", args=[report.pk])
            if report
            else reverse("filings:list"),
            "back_label": f"Rapport {report.number}" if report else "Dépôts",
            "submit_label": "Créer le brouillon",
        },
    )


def _detail_context(request: HttpRequest, filing: Filing) -> dict[str, Any]:
    user = request.user
    internal = permissions.can_see_internal(user)
    versions = selectors.versions_of(filing)
    latest = versions[0] if versions else None
    rule = rules.rule_for(filing)
    # Without a rule for its kind, a séance's filing is due when the séance opens.
    deadline_at = rules.deadline_of(filing, rule, lookup=False)
    deadline = rules.DeadlineInfo(at=deadline_at, now=timezone.now()) if deadline_at else None
    cosign_choices = []
    if permissions.can_cosign(user, filing):
        cosign_choices = [
            (
                str(m.pk),
                f"{m.first_name} {m.last_name} ({getattr(m.council_group, 'short_name', '')})",
            )
            for m in services.cosigners_available(filing, user)
        ]
    labels = text_labels(filing.kind)
    return {
        "filing": filing,
        "latest": latest,
        "versions": versions,
        "text_rows": [(labels[n], n) for n in text_fields_for(filing.kind)],
        "labels": labels,
        "rule": rule,
        "deadline": deadline,
        "warnings": rules.warnings_for(filing, rule, latest.length if latest else 0)
        if internal and filing.is_open
        else [],
        "comments": selectors.comments_for(filing, user),
        "comment_form": CommentForm(show_internal=internal)
        if permissions.can_comment(user, filing)
        else None,
        "cosign_form": CosignForm(choices=cosign_choices) if cosign_choices else None,
        "share_form": ShareForm(filing=filing) if permissions.can_share(user, filing) else None,
        "shares": [s for s in filing.shares.all() if s.revoked_at is None] if internal else [],
        "sub_amendments": list(filing.sub_amendments.exclude(status=Filing.Status.ABANDONED))
        if internal
        else [],
        "internal": internal,
        "can": {
            "edit": permissions.can_edit_text(user, filing),
            "details": permissions.can_edit_details(user, filing),
            "submit": permissions.can_submit(user, filing),
            "return": permissions.can_return_to_draft(user, filing),
            "validate": permissions.can_validate(user, filing),
            "file": permissions.can_file(user, filing),
            "outcome": permissions.can_record_outcome(user, filing),
            "abandon": permissions.can_abandon(user, filing),
            "restore": permissions.can_restore(user, filing),
            "sub_amend": internal
            and filing.kind == FilingKind.AMENDEMENT
            and not filing.is_withdrawn,
        },
        "history": history_for(filing) if internal else None,
        "compare_form": CompareForm(
            initial={"de": versions[-1].number, "a": latest.number} if latest else None
        )
        if len(versions) > 1
        else None,
    }


@access(permissions.can_open_filings)
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    return render(request, "filings/detail.html", _detail_context(request, filing))


@access(permissions.can_create)
def filing_write(request: HttpRequest, pk: int) -> HttpResponse:
    """Write a new version; a concurrent version shows both texts and their diff to merge."""
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_edit_text(request.user, filing):
        raise Http404
    latest = filing.latest_version()
    initial = {"base_number": latest.number if latest else 0}
    if latest is not None:
        initial.update({n: getattr(latest, n) for n in text_fields_for(filing.kind)})
    form = VersionForm(request.POST or None, initial=initial, kind=filing.kind)
    theirs = None
    if request.method == "POST" and form.is_valid():
        try:
            services.add_version(
                filing=filing,
                texts=form.texts(),
                summary=form.cleaned_data.get("summary") or "",
                base_number=form.cleaned_data["base_number"],
                acting_user=request.user,
            )
        except services.FilingConflict as exc:
            theirs = exc.latest
            form.add_error(None, exc.message)
            data = request.POST.copy()
            data["base_number"] = str(exc.latest.number)
            form.data = data
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Nouvelle version enregistrée.")
            return redirect("filings:detail", pk=filing.pk)
    merge_rows = []
    if theirs is not None:
        labels = text_labels(filing.kind)
        for name in text_fields_for(filing.kind):
            merge_rows.append(
                {
                    "label": labels[name],
                    "theirs": getattr(theirs, name),
                    "mine": form.data.get(name, ""),
                }
            )
    return render(
        request,
        "filings/write.html",
        {"filing": filing, "form": form, "theirs": theirs, "merge_rows": merge_rows},
    )


@access(permissions.can_create)
def filing_details(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_edit_details(request.user, filing):
        raise Http404
    form = FilingDetailsForm(request.POST or None, instance=filing)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data: dict[str, Any] = {
            k: form.cleaned_data[k]
            for k in ("title", "article", "paragraph", "due_at")
            if k in form.cleaned_data
        }
        saved, conflict = save_or_report(
            form,
            lambda: services.update_details(
                filing=filing,
                data=data,
                first_author=form.cleaned_data.get("first_author"),
                coauthors=form.cleaned_data.get("coauthors") or [],
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,
            ),
        )
        if saved is not None:
            messages.success(request, "Informations du dépôt enregistrées.")
            return redirect("filings:detail", pk=filing.pk)
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "conflict": conflict,
            "title": f"{filing.reference} — objet et signataires",
            "back_url": filing.get_absolute_url(),
            "back_label": filing.reference,
        },
    )


@access(permissions.can_open_filings)
def filing_compare(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    # Earlier versions are the group's drafting: a partner sees the filing as it stands.
    if not permissions.can_see_internal(request.user):
        raise Http404
    versions = {v.number: v for v in selectors.versions_of(filing)}
    form = CompareForm(request.GET or None)
    left = right = None
    if form.is_valid():
        left = versions.get(form.cleaned_data["de"])
        right = versions.get(form.cleaned_data["a"])
        if left is None or right is None:
            form.add_error(None, "Cette version n’existe pas pour ce dépôt.")
    labels = text_labels(filing.kind)
    rows = []
    if left is not None and right is not None:
        rows = [
            {"label": labels[n], "old": getattr(left, n), "new": getattr(right, n)}
            for n in text_fields_for(filing.kind)
        ]
    return render(
        request,
        "filings/compare.html",
        {
            "filing": filing,
            "form": form,
            "left": left,
            "right": right,
            "rows": rows,
            "left_title": f"Version {left.number}" if left else "",
            "right_title": f"Version {right.number}" if right else "",
            "versions": sorted(versions.values(), key=lambda v: v.number),
        },
    )


# --- workflow -----------------------------------------------------------------------------

SIMPLE_TRANSITIONS = {
    "soumettre": (services.submit, "Dépôt envoyé en relecture."),
    "renvoyer": (services.return_to_draft, "Dépôt renvoyé en brouillon."),
    "valider": (services.validate, "Dépôt validé : il peut être déposé."),
    "abandonner": (
        services.abandon,
        "Dépôt abandonné. Il reste consultable et peut être restauré.",
    ),
    "restaurer": (services.restore, "Dépôt restauré en brouillon."),
}


@access(permissions.can_create)
@require_POST
def filing_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if action not in SIMPLE_TRANSITIONS:
        raise Http404
    service, done = SIMPLE_TRANSITIONS[action]
    try:
        service(filing=filing, acting_user=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, done)
    return redirect("filings:detail", pk=filing.pk)


@access(permissions.can_create)
def filing_file(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_file(request.user, filing):
        raise Http404
    form = FileForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.file_filing(
                filing=filing,
                registration_number=form.cleaned_data["registration_number"],
                late_reason=form.cleaned_data.get("late_reason") or "",
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, f"{filing.reference} marqué comme déposé.")
            return redirect("filings:detail", pk=filing.pk)
    deadline = rules.deadline_info(filing)
    intro = "Indiquez le numéro d’enregistrement reçu du service de l’assemblée."
    if deadline is not None and deadline.passed:
        intro = (
            f"Le délai de dépôt est dépassé (il courait jusqu’au "
            f"{timezone.localtime(deadline.at):%d/%m/%Y à %H:%M}). "
            "Seul le secrétariat général peut encore déposer, en donnant le motif."
        )
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "title": f"Déposer {filing.reference}",
            "intro": intro,
            "back_url": filing.get_absolute_url(),
            "back_label": filing.reference,
            "submit_label": "Marquer comme déposé",
        },
    )


@access(permissions.can_create)
def filing_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_record_outcome(request.user, filing):
        raise Http404
    initial = {
        "outcome": filing.outcome,
        "opinion": filing.opinion,
        "note": filing.outcome_note,
        "decided_on": filing.decided_on,
    }
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_outcome(
                filing=filing,
                outcome=form.cleaned_data["outcome"],
                opinion=form.cleaned_data.get("opinion") or "",
                note=form.cleaned_data.get("note") or "",
                decided_on=form.cleaned_data.get("decided_on"),
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            messages.success(request, "Sort du dépôt enregistré.")
            return redirect("filings:detail", pk=filing.pk)
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "title": f"Sort de {filing.reference}",
            "intro": "L’avis de l’exécutif et le résultat du vote en séance.",
            "back_url": filing.get_absolute_url(),
            "back_label": filing.reference,
        },
    )


# --- partners, comments, signatures ----------------------------------------------------------


@access(permissions.can_create)
@require_POST
def filing_share(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_share(request.user, filing):
        raise Http404
    form = ShareForm(request.POST, filing=filing)
    if form.is_valid():
        try:
            services.share(
                filing=filing,
                council_group=form.cleaned_data["council_group"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            _flash_refusal(request, exc)
        else:
            messages.success(
                request, f"Dépôt partagé avec le groupe {form.cleaned_data['council_group']}."
            )
    else:
        messages.error(request, "Choisissez un groupe partenaire dans la liste.")
    return redirect("filings:detail", pk=filing.pk)


@access(permissions.can_create)
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    share_row = get_object_or_404(
        FilingShare.objects.select_related("filing", "council_group"), pk=pk
    )
    if not permissions.can_share(request.user, share_row.filing):
        raise Http404
    try:
        services.revoke_share(share_row=share_row, acting_user=request.user)
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, f"Partage avec {share_row.council_group} retiré.")
    return redirect("filings:detail", pk=share_row.filing_id)


@access(permissions.can_open_filings)
@require_POST
def filing_comment(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_comment(request.user, filing):
        raise Http404
    internal = permissions.can_see_internal(request.user)
    form = CommentForm(request.POST, show_internal=internal)
    if form.is_valid():
        number = form.cleaned_data.get("version")
        version = filing.versions.filter(number=number).first() if number else None
        try:
            services.add_comment(
                filing=filing,
                text=form.cleaned_data["text"],
                internal=bool(form.cleaned_data.get("internal")),
                version=version,
                acting_user=request.user,
            )
        except ValidationError as exc:
            _flash_refusal(request, exc)
        else:
            messages.success(request, "Commentaire publié.")
    else:
        messages.error(request, "Le commentaire est vide : rien n’a été publié.")
    return redirect(filing.get_absolute_url() + "#commentaires")


@access(permissions.can_open_filings)
@require_POST
def filing_cosign(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.get_filing_for_user_or_404(request.user, pk)
    if not permissions.can_cosign(request.user, filing):
        raise Http404
    signer = None
    if request.POST.get("signer", "").isdigit():
        signer = (
            RosterMember.objects.select_related("council_group")
            .filter(pk=request.POST["signer"])
            .first()
        )
    if signer is None:
        messages.error(request, "Choisissez l’élu·e qui co-signe dans la liste.")
        return redirect("filings:detail", pk=filing.pk)
    try:
        services.cosign(filing=filing, signer=signer, acting_user=request.user)
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(
            request, f"Co-signature de {signer.first_name} {signer.last_name} enregistrée."
        )
    return redirect("filings:detail", pk=filing.pk)


@access(permissions.can_open_filings)
@require_POST
def cosignature_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    cosignature = get_object_or_404(Cosignature.objects.select_related("filing", "signer"), pk=pk)
    filing = selectors.get_filing_for_user_or_404(request.user, cosignature.filing_id)
    try:
        services.withdraw_cosignature(cosignature=cosignature, acting_user=request.user)
    except PermissionDenied as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _flash_refusal(request, exc)
    else:
        messages.success(request, "Co-signature retirée.")
    return redirect("filings:detail", pk=filing.pk)


# --- statistics ---------------------------------------------------------------------------


@access(permissions.can_view_stats)
def statistics(request: HttpRequest) -> HttpResponse:
    from hemicycle.group.models import Councillor

    councillors = list(Councillor.objects.order_by("last_name", "first_name"))
    stats = selectors.stats_by_councillor()
    kinds = [k for k in FilingKind if any(k.value in s["kinds"] for s in stats.values())]
    rows = []
    for councillor in councillors:
        entry = stats.get(councillor.pk)
        rows.append(
            {
                "councillor": councillor,
                "cells": [entry["kinds"].get(k.value) if entry else None for k in kinds],
                "total": entry["total"] if entry else None,
            }
        )
    return render(request, "filings/statistics.html", {"rows": rows, "kinds": kinds})
