"""Structured logs: one JSON object per line, and the request id on every record.

`LOG_FORMAT=json` (config/settings.py) puts `JsonFormatter` on the root handler; gunicorn's
own logs use it too (gunicorn.conf.py). The request id is set for the duration of a request
by `hemicycle.core.middleware.RequestIdMiddleware`, in a context variable, so that every
record logged while the request runs carries it without being passed around.

Nothing here imports Django: gunicorn's master process loads this module before any app.
"""

from __future__ import annotations

import datetime
import json
import logging
import re
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any

# The id of the request being served by this thread or task, None outside a request.
request_id_var: ContextVar[str | None] = ContextVar("hemicycle_request_id", default=None)

# gunicorn's access records carry their values in record.args (a mapping of its "atoms");
# these become the "http" object of the JSON line.
_ACCESS_ATOMS = {
    "remote_addr": "h",
    "method": "m",
    "path": "U",
    "query": "q",
    "status": "s",
    "bytes": "B",
    "duration_ms": "M",
    "user_agent": "a",
}


# The secret of a calendar feed URL (/agenda/flux/<token>.ics) is its only credential: a
# log line keeps that a feed was read, not the token (docs/decisions/0017-calendar-feeds.md).
_FEED_TOKEN = re.compile(r"(/agenda/flux/)[A-Za-z0-9_-]+(\.ics)")


def mask_secrets(text: Any) -> Any:
    return _FEED_TOKEN.sub(r"\1…\2", text) if isinstance(text, str) else text


def current_request_id() -> str | None:
    return request_id_var.get()


class RequestIdFilter(logging.Filter):
    """Add `request_id` to every record (None outside a request), for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: timestamp, level, logger, message, request_id, exc_info.

    The timestamp is UTC, ISO 8601 with milliseconds. A traceback is one string (its line
    breaks escaped), so a log shipper never splits an exception across records.
    """

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "timestamp": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_secrets(record.getMessage()),
        }
        request_id = getattr(record, "request_id", None) or request_id_var.get()
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            atoms = record.args
            entry["http"] = {
                key: mask_secrets(atoms.get(atom))
                for key, atom in _ACCESS_ATOMS.items()
                if atom in atoms
            }
            header = atoms.get("{x-request-id}o")
            if header and header != "-":
                request_id = header
        entry["request_id"] = request_id
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc_info"] = record.exc_text
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
