"""The health check a load balancer or a monitor polls: can this worker serve requests?

`/sante/` answers without a login, as JSON `{"status", "database", "queue"}` with only "ok"
or "error" in each: no version, host name, path or error message an outsider could use.
It is 200 when the database answers a query and the job queue's storage answers, 503
otherwise, and is never cached.
"""

from __future__ import annotations

import logging

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from huey.contrib.djhuey import HUEY

from hemicycle.core.permissions import public

logger = logging.getLogger(__name__)

OK = "ok"
ERROR = "error"


def check_database() -> bool:
    """One round trip through the ORM's connection."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.exception("Health check: the database does not answer")
        return False


def check_queue() -> bool:
    """Ask the queue's storage its length: a Redis round trip, or a read of the SQLite queue."""
    try:
        HUEY.storage.queue_size()
    except Exception:
        logger.exception("Health check: the job queue does not answer")
        return False
    return True


@public
@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": OK if check_database() else ERROR,
        "queue": OK if check_queue() else ERROR,
    }
    healthy = all(value == OK for value in checks.values())
    return JsonResponse(
        {"status": OK if healthy else ERROR, **checks}, status=200 if healthy else 503
    )
