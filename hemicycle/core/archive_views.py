"""The Archives page: every kind of archived object the user may see, with "Restaurer"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from hemicycle.core import archive
from hemicycle.core.permissions import access
from hemicycle.core.services import ConcurrentEditError


@access(archive.can_view_archives)
def archives(request: HttpRequest) -> HttpResponse:
    sections = [
        {"kind": kind, "items": kind.items(request.user)}
        for kind in archive.kinds_for(request.user)
    ]
    return render(request, "core/archives.html", {"sections": sections})


@access(archive.can_view_archives)
@require_POST
def archive_restore(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    found = archive.kind_for(request.user, kind)
    if found is None:
        # A kind the user may not restore looks like a missing one.
        raise Http404
    raw = request.POST.get("version", "")
    try:
        label = found.restore(pk, int(raw) if raw.isdigit() else None, request.user)
    except archive.NotArchived:
        messages.warning(
            request,
            "Cet élément n’est plus aux archives : quelqu’un l’a sans doute restauré entre-temps.",
        )
    except ConcurrentEditError:
        messages.error(
            request,
            "Cet élément a été modifié entre-temps : il n’a pas été restauré. Vérifiez la "
            "liste ci-dessous, puis restaurez-le de nouveau si besoin.",
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Restauré : {label}.")
    return redirect("core:archives")
