from __future__ import annotations

import base64
import binascii
import hashlib
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from hemicycle.core.permissions import access
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import save_or_report
from hemicycle.council import selectors, services
from hemicycle.council.forms import (
    CouncilGroupForm,
    RneUploadForm,
    RosterFilterForm,
    RosterMemberForm,
)
from hemicycle.council.models import CouncilGroup, RosterMember
from hemicycle.council.permissions import (
    can_edit_council_groups,
    can_edit_roster_member,
    can_import_roster,
    can_view_council_groups,
    can_view_roster,
    get_council_group_for_user_or_404,
    get_roster_import_for_user_or_404,
    get_roster_member_for_user_or_404,
)
from hemicycle.council.rne import RneError

# The uploaded file waits in the session between the preview and the confirmation, so that
# what is imported is byte for byte what was previewed.
PENDING_IMPORT = "council.pending_rne_import"
PAGE_SIZE = 50


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _edit_versioned(
    request: HttpRequest,
    *,
    form_class: type[Any],
    instance: Model,
    save: Any,
    context: dict[str, Any],
    template: str = "core/_form_page.html",
) -> HttpResponse | Model:
    """Run an edit form of a versioned object; the saved object, or the page to show."""
    conflict = None
    if request.method == "POST":
        form = form_class(request.POST, instance=instance)
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            saved, conflict = save_or_report(
                form, lambda: save(data=data, expected_version=form.cleaned_data.get("version"))
            )
            if saved is not None:
                return saved
    else:
        form = form_class(instance=instance)
    return render(request, template, {**context, "form": form, "conflict": conflict})


# --- Roster ---------------------------------------------------------------------------


@access(can_view_roster)
def roster(request: HttpRequest) -> HttpResponse:
    term = selectors.current_term()
    data = request.GET.copy()
    data.setdefault("status", RosterMember.Status.ACTIVE)
    form = RosterFilterForm(data, term=term)
    filters = form.cleaned_data if form.is_valid() else {"status": RosterMember.Status.ACTIVE}
    page = None
    if term is not None:
        members = selectors.roster_members(term=term, filters=filters)
        page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/roster.html",
        {
            "term": term,
            "form": form,
            "page": page,
            "query": _query_without_page(request),
            "overview": selectors.roster_overview(term=term),
            "can_import": can_import_roster(request.user),
        },
    )


@access(can_view_roster)
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_roster_member_for_user_or_404(request.user, pk)
    return render(
        request,
        "council/member_detail.html",
        {
            "member": member,
            "trail": selectors.import_trail_for(member),
            "history": history_for(member),
            "can_edit": can_edit_roster_member(request.user),
        },
    )


@access(can_edit_roster_member)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_roster_member_for_user_or_404(request.user, pk)
    back_url = reverse("council:member_detail", args=[member.pk])

    def save(**kwargs: Any) -> RosterMember:
        return services.update_roster_member(member=member, acting_user=request.user, **kwargs)

    result = _edit_versioned(
        request,
        form_class=RosterMemberForm,
        instance=member,
        save=save,
        context={
            "title": f"Modifier : {member}",
            "intro": "Le groupe politique et le lien avec la fiche de notre groupe. Les autres "
            "informations viennent du RNE et se mettent à jour à chaque import.",
            "back_url": back_url,
        },
    )
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, f"La fiche de {result} a été enregistrée.")
    return redirect(back_url)


# --- RNE import -----------------------------------------------------------------------


def _pending(request: HttpRequest) -> tuple[dict[str, Any], bytes] | None:
    pending = request.session.get(PENDING_IMPORT)
    if not isinstance(pending, dict):
        return None
    try:
        content = base64.b64decode(pending["content"], validate=True)
    except (KeyError, TypeError, binascii.Error):
        return None
    if hashlib.sha256(content).hexdigest() != pending.get("sha256"):
        return None
    return pending, content


@access(can_import_roster)
def import_upload(request: HttpRequest) -> HttpResponse:
    term = selectors.current_term()
    if request.method == "POST" and term is not None:
        form = RneUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            content = upload.read()
            request.session[PENDING_IMPORT] = {
                "file_name": upload.name,
                "region": form.cleaned_data["region"],
                "sha256": hashlib.sha256(content).hexdigest(),
                "content": base64.b64encode(content).decode("ascii"),
            }
            return redirect("council:import_preview")
    else:
        form = RneUploadForm(initial={"region": term.region_code if term else "32"})
    return render(request, "council/import_upload.html", {"term": term, "form": form})


@access(can_import_roster)
def import_preview(request: HttpRequest) -> HttpResponse:
    """GET: what the pending file would change. POST: import it, or drop it."""
    term = selectors.current_term()
    found = _pending(request)
    if term is None or found is None:
        messages.warning(request, "Aucun fichier en attente d’import : choisissez-en un.")
        return redirect("council:import_upload")
    pending, content = found
    arguments = {
        "term": term,
        "file_name": pending["file_name"],
        "content": content,
        "acting_user": request.user,
        "region": pending["region"],
    }
    if request.method == "POST":
        if request.POST.get("action") == "cancel":
            request.session.pop(PENDING_IMPORT, None)
            messages.info(request, "Import annulé : le registre n’a pas été modifié.")
            return redirect("council:import_upload")
        if request.POST.get("sha256") != pending["sha256"]:
            messages.error(
                request,
                "Un autre fichier a été déposé depuis cet aperçu. Vérifiez l’aperçu ci-dessous "
                "avant de confirmer.",
            )
            return redirect("council:import_preview")
        try:
            summary = services.import_roster(**arguments)
        except RneError as exc:
            return _render_preview(request, pending, term, errors=exc.issues)
        request.session.pop(PENDING_IMPORT, None)
        counts = summary.counts
        messages.success(
            request,
            f"Import de « {summary.file_name} » terminé : {counts['created']} arrivée(s), "
            f"{counts['updated']} mise(s) à jour, {counts['left']} départ(s), "
            f"{counts['reactivated']} retour(s), {counts['unchanged']} sans changement.",
        )
        return redirect("council:roster")
    try:
        summary = services.import_roster(**arguments, dry_run=True)
    except RneError as exc:
        return _render_preview(request, pending, term, errors=exc.issues)
    return _render_preview(request, pending, term, summary=summary.as_dict())


def _render_preview(
    request: HttpRequest,
    pending: dict[str, Any],
    term: Any,
    *,
    summary: dict[str, Any] | None = None,
    errors: list[Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "council/import_preview.html",
        {
            "term": term,
            "pending": pending,
            "summary": summary,
            "errors": errors or [],
        },
    )


@access(can_import_roster)
def import_list(request: HttpRequest) -> HttpResponse:
    term = selectors.current_term()
    imports = selectors.roster_imports(term=term)
    page = Paginator(imports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "council/import_list.html",
        {"term": term, "page": page, "query": _query_without_page(request)},
    )


@access(can_import_roster)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    roster_import = get_roster_import_for_user_or_404(request.user, pk)
    return render(
        request,
        "council/import_detail.html",
        {"import": roster_import, "summary": roster_import.summary},
    )


# --- Council groups -------------------------------------------------------------------


@access(can_view_council_groups)
def group_list(request: HttpRequest) -> HttpResponse:
    term = selectors.current_term()
    groups = list(selectors.council_groups(term=term)) if term else []
    current = [g for g in groups if not g.is_archived]
    overview = selectors.roster_overview(term=term)
    unaffiliated = next(
        (row["n"] for row in overview["per_group"] if row["council_group__name"] is None), 0
    )
    seats = sum(g.seats for g in current)
    return render(
        request,
        "council/group_list.html",
        {
            "term": term,
            "groups": current,
            "archived": [g for g in groups if g.is_archived],
            "seats": seats,
            "unaffiliated": unaffiliated,
            "seats_total": seats + unaffiliated,
            "seats_match": term is None or seats + unaffiliated == term.seats,
            "can_edit": can_edit_council_groups(request.user),
            "can_import": can_import_roster(request.user),
        },
    )


@access(can_edit_council_groups)
def group_create(request: HttpRequest) -> HttpResponse:
    term = selectors.current_term()
    if term is None:
        messages.warning(request, "Enregistrez d’abord une mandature.")
        return redirect("council:group_list")
    form = CouncilGroupForm(request.POST or None, instance=CouncilGroup(term=term))
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.Meta.fields}
        group, _ = save_or_report(
            form,
            lambda: services.create_council_group(term=term, data=data, acting_user=request.user),
        )
        if group is not None:
            messages.success(request, f"Le groupe « {group} » a été créé.")
            return redirect("council:group_list")
    return render(
        request,
        "council/group_form.html",
        {
            "title": "Nouveau groupe du conseil",
            "intro": f"Un groupe politique du conseil ({term}) : nom, position et sièges.",
            "form": form,
            "back_url": reverse("council:group_list"),
            "conflict": None,
        },
    )


@access(can_edit_council_groups)
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    group = get_council_group_for_user_or_404(request.user, pk)

    def save(**kwargs: Any) -> CouncilGroup:
        return services.update_council_group(group=group, acting_user=request.user, **kwargs)

    result = _edit_versioned(
        request,
        form_class=CouncilGroupForm,
        instance=group,
        save=save,
        template="council/group_form.html",
        context={
            "title": f"Modifier : {group}",
            "intro": "Cochez « archivé » pour un groupe dissous : il n’est jamais supprimé.",
            "back_url": reverse("council:group_list"),
            "history": history_for(group),
            "show_history": True,
        },
    )
    if isinstance(result, HttpResponse):
        return result
    messages.success(request, f"Le groupe « {result} » a été enregistré.")
    return redirect("council:group_list")
