from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hemicycle.core import dashboard, fragments, selectors
from hemicycle.core.forms import AuditFilterForm
from hemicycle.core.permissions import access, is_authenticated, is_secretariat, public


@access(is_authenticated)
def dashboard_view(request: HttpRequest) -> HttpResponse:
    def content() -> dict[str, Any]:
        panels = dashboard.panels_for(request.user)
        return {"panels": panels, "summary": dashboard.summary(panels)}

    # Rebuilt every minute at least: « Bientôt », « En retard » depend on the time.
    return render(
        request,
        "core/dashboard.html",
        {
            "content": fragments.content(
                request, "core.dashboard", (), "core/_dashboard.html", content, per_minute=True
            )
        },
    )


@access(is_secretariat)
def audit_log(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.audit_entries(filters=filters), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@public
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "400.html", status=400)


@public
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@public
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@public
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors: the error may come from the database they query.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render(), status=500)
