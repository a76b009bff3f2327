"""Shared set-ups for the sittings tests (root conftest.py gives the personas)."""

from __future__ import annotations

import datetime as dt
from functools import cache

from django.core.files.uploadedfile import SimpleUploadedFile

from hemicycle.council.models import Body, FilingKind, FilingRule


@cache
def pdf_bytes(text: str = "Rapport n° 12 : soutien aux mobilités douces") -> bytes:
    """A real PDF made by WeasyPrint (cached: WeasyPrint takes a moment)."""
    from weasyprint import HTML

    html = (
        f"<html lang='fr'><body><h1>{text}</h1><p>Le conseil régional délibère.</p></body></html>"
    )
    return HTML(string=html).write_pdf()


def pdf_upload(name: str = "rapport.pdf", data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data or pdf_bytes(), content_type="application/pdf")


def filing_rules(term) -> list[FilingRule]:
    return [
        FilingRule.objects.create(term=term, kind=FilingKind.AMENDEMENT, deadline_hours=72),
        FilingRule.objects.create(term=term, kind=FilingKind.VOEU, deadline_hours=24 * 8),
        FilingRule.objects.create(term=term, kind=FilingKind.QUESTION_ORALE, deadline_hours=24),
    ]


def commissions(term, count: int = 3) -> list[Body]:
    return [
        Body.objects.get_or_create(
            term=term,
            name=f"Commission {i}",
            defaults={"kind": Body.Kind.COMMISSION, "short_name": f"C{i}", "members_count": 30},
        )[0]
        for i in range(count)
    ]


def in_days(days: float) -> dt.datetime:
    from django.utils import timezone

    return timezone.now() + dt.timedelta(days=days)
