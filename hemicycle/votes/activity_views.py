"""The councillor's activity sheet (page) and bilan de mandat (PDF)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from hemicycle.core import fragments
from hemicycle.core.permissions import access, is_member, is_member_or_observer
from hemicycle.group.models import Councillor
from hemicycle.group.selectors import current_group, get_councillor_for_user_or_404
from hemicycle.positions.documents import html_to_pdf  # imports WeasyPrint only when called

# The sheet is made of the sections registered there: importing them here too means the
# page is whole even where registrations.py was not loaded (a script, a test).
from hemicycle.votes import activity, activity_sections  # noqa: F401


def _context(request: HttpRequest, councillor: Councillor) -> dict[str, Any]:
    group = current_group()
    term_end = group.term.end_date if group and group.term else None
    period = activity.parse_period(request.GET.get("periode"), councillor, term_end)
    return {
        "councillor": councillor,
        "group": group,
        "period": period,
        "mandate": activity.mandate_period(councillor, term_end),
        "years": activity.available_years(councillor, term_end),
        "can_print": is_member(request.user),
        **activity.sheet(councillor, request.user, period),
    }


@access(is_member_or_observer)
def councillor_activity(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = get_councillor_for_user_or_404(request.user, pk)
    return render(
        request,
        "votes/activity.html",
        {
            "councillor": councillor,
            "content": fragments.content(
                request,
                "votes.activity",
                (councillor.pk, *fragments.query(request)),
                "votes/_activity.html",
                lambda: _context(request, councillor),
                per_minute=True,
            ),
        },
    )


@access(is_member)
def councillor_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    councillor = get_councillor_for_user_or_404(request.user, pk)
    context = {**_context(request, councillor), "pdf": True, "generated_at": timezone.localtime()}
    pdf = html_to_pdf(render_to_string("votes/bilan_pdf.html", context, request=request))
    name = slugify(f"bilan-{councillor.first_name}-{councillor.last_name}-{context['period'].key}")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
    return response
