"""The séance brief (PDF and DOCX) and the personal voting sheet (PDF)."""

from __future__ import annotations

import io
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from hemicycle.positions import selectors, services
from hemicycle.sittings.models import Sitting


def html_to_pdf(html: str, *, base_url: str | None = None) -> bytes:
    # Imported here: the app must start on machines where Pango (WeasyPrint's engine) is missing.
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def brief_context(sitting: Sitting) -> dict[str, Any]:
    return {
        "sitting": sitting,
        "reports": selectors.sitting_reports_for_brief(sitting),
        "speaking": selectors.speaking_time(sitting),
        "generated_at": timezone.localtime(),
    }


def brief_pdf(sitting: Sitting) -> bytes:
    return html_to_pdf(render_to_string("positions/dossier_pdf.html", brief_context(sitting)))


def _money(value: Any) -> str:
    if value is None:
        return ""
    whole = f"{value:,.2f}".replace(",", "\u202f").replace(".", ",")
    return f"{whole} €"


def brief_docx(sitting: Sitting) -> bytes:
    from docxtpl import DocxTemplate

    context = brief_context(sitting)
    local = timezone.localtime(sitting.starts_at)
    data = {
        "sitting": {
            "title": str(sitting),
            "body": str(sitting.body),
            "date": f"{local:%d/%m/%Y à %H:%M}",
            "place": sitting.get_place_display(),
        },
        "speaking": {
            "used": str(context["speaking"]["used"]),
            "available": context["speaking"]["available"] or "",
        },
        "reports": [
            {
                "number": r.number,
                "title": r.title,
                "amount": _money(r.amount),
                "summary": r.summary,
                "line": r.line.get_position_display() if r.line else "non arrêtée",
                "explanation": r.line.explanation if r.line else "",
                "speakers": ", ".join(
                    f"{s.councillor.full_name} ({s.planned_minutes} min)" for s in r.speeches.all()
                ),
                "note": r.note,
            }
            for r in context["reports"]
        ],
    }
    template = DocxTemplate(str(services.brief_template_path()))
    template.render(data, autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def sheet_pdf(context: dict[str, Any]) -> bytes:
    return html_to_pdf(render_to_string("positions/feuille_pdf.html", context))
