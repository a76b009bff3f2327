"""Refuse oversized request bodies before reading them; give each request an id."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from hemicycle.core.logging import request_id_var

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


# An id received from the proxy is kept only if it looks like one: it goes into every log
# line, where a forged value must not inject line breaks or fake fields.
REQUEST_ID_HEADER = "X-Request-ID"
_VALID_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


class RequestIdMiddleware:
    """Tag the request, its log records and its response with one id.

    The id comes from the reverse proxy's `X-Request-ID` header when it sends a sane one
    (so that the proxy's, gunicorn's and Django's logs of one request match), otherwise a new
    random one. It is held in a context variable for the duration of the request only:
    nothing stays in the worker's memory afterwards.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        received = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = received if _VALID_REQUEST_ID.fullmatch(received) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_id_var.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response
