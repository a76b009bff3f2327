"""Refuse oversized request bodies before reading them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

# Form fields and multipart boundaries around the largest allowed file.
ENVELOPE_BYTES = 1024 * 1024


class UploadLimitMiddleware:
    """Answer 413 to a body announced larger than the largest allowed upload.

    Django would otherwise spool the whole body to disk before any form could refuse the
    file: a 1 GB upload is cut off here after its headers, whatever it contains.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            announced = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            announced = 0
        limit = settings.HEMICYCLE_MAX_UPLOAD_BYTES + ENVELOPE_BYTES
        if announced > limit:
            body = render_to_string(
                "413.html", {"limit_mb": settings.HEMICYCLE_MAX_UPLOAD_BYTES // 2**20}
            )
            # The server closes the connection itself: the unread body cannot be reused.
            return HttpResponse(body, status=413)
        return self.get_response(request)
