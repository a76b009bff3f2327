"""Rendered parts of pages kept in the cache until the data changes (decision 0022).

A rich page (a séance's 300 rapports, the vote analysis of a mandature) costs most of its
time in building the same HTML again for every reader. `render()` keeps such a fragment in
the cache under a key made of:

- the *generation*: a token renewed by every write to the database (any SQL INSERT,
  UPDATE, DELETE or schema change through Django's connections, in the web workers, the
  job consumers and the management commands alike) and again when its transaction
  commits, and by every `migrate` (so that a deploy never serves a fragment of the old
  code);
- the reader (one copy per user: what a page shows depends on who asks), or an audience
  the view names when several readers get exactly the same content (the séance's
  rapport table, per set of visible columns);
- what the view says the fragment depends on (the séance, the filters, the page number);
- optionally the current minute, for a fragment that shows time-relative text.

So a fragment is never served once anything it could show has changed; the price is that
any write empties the whole fragment cache, which for a group's secretariat (a few writes
a minute at the busiest) keeps the hit rate high. Writes to tables no fragment shows
(sessions, login attempts, "last used" marks) are left out, or every click would empty it.

The generation lives where every process sees it: in the cache when it is shared (Redis),
otherwise in a file of the instance folder (one machine, several processes). The fragments
themselves may sit in a process's local memory: a stale copy is unreachable, not wrong.
A POST form's CSRF token belongs to one browser, not to the user: a fragment is stored with
a secret placeholder in its place, and the request's own token is put back at every request.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import secrets
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

GENERATION_KEY = "fragments:generation"
PER_MINUTE_SECONDS = 120

# Tables whose writes never change a fragment: written on every click or login.
QUIET_TABLES = frozenset(
    {
        "django_session",
        "accounts_usersession",
        "axes_accessattempt",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)

# "Last used" marks, written at each login, API call or calendar fetch: shown only on the
# account pages, which are not kept.
_QUIET_UPDATE = re.compile(
    r'\s*UPDATE\s+"?\w+"?\s+SET\s+"?(?:last_login|last_used_at|last_seen)"?\s*=\s*%s\s+WHERE\s',
    re.IGNORECASE,
)
_WRITE = re.compile(
    r"\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM|REPLACE\s+INTO)\s+\"?([\w.]+)",
    re.IGNORECASE,
)
_SCHEMA = ("CREATE", "ALTER", "DROP", "TRUNCATE")


# --- the generation --------------------------------------------------------------------


class _CacheGeneration:
    """In the shared cache (Redis): every worker on every machine reads the same key."""

    def get(self) -> str:
        return str(cache.get(GENERATION_KEY) or "0")

    def renew(self, token: str) -> None:
        cache.set(GENERATION_KEY, token, None)


class _FileGeneration:
    """In a file of the instance folder, replaced atomically (a reader never sees half)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def get(self) -> str:
        try:
            return self.path.read_text() or "0"
        except FileNotFoundError:
            return "0"

    def renew(self, token: str) -> None:
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.{threading.get_ident()}")
        tmp.write_text(token)
        os.replace(tmp, self.path)


_store: _CacheGeneration | _FileGeneration | None = None


def _generation_store() -> _CacheGeneration | _FileGeneration:
    global _store
    if _store is None:
        if settings.HEMICYCLE_FRAGMENT_GENERATION == "cache":
            _store = _CacheGeneration()
        else:
            _store = _FileGeneration(Path(settings.INSTANCE_DIR) / "fragments-generation")
    return _store


def generation() -> str:
    return _generation_store().get()


_last_failure_logged: float | None = None


def changed(**_: Any) -> None:
    """Renew the generation: every fragment stored so far becomes unreachable."""
    global _last_failure_logged
    try:
        _generation_store().renew(secrets.token_hex(8))
    except Exception:
        # The write itself must not fail because the cache is down; the TTL bounds
        # staleness. Logged once a minute at most: an import makes thousands of writes.
        if _last_failure_logged is None or time.monotonic() - _last_failure_logged >= 60:
            _last_failure_logged = time.monotonic()
            logger.exception("Fragments: could not renew the generation")


def is_content_write(sql: str) -> bool:
    if _QUIET_UPDATE.match(sql):
        return False
    match = _WRITE.match(sql)
    if match:
        return match.group(1).rsplit(".", 1)[-1].strip('"') not in QUIET_TABLES
    return sql.lstrip()[:8].upper().startswith(_SCHEMA)


def _on_commit_pending(connection: Any) -> bool:
    return any(callback is changed for _sids, callback, *_ in connection.run_on_commit)


def _watch_writes(
    execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]
) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and is_content_write(sql):
        connection = context["connection"]
        changed()
        # Again at commit: a reader may have stored the old rows under the new token in
        # between (its queries saw only what was committed).
        if connection.in_atomic_block and not _on_commit_pending(connection):
            transaction.on_commit(changed, using=connection.alias)
    return result


def watch(sender: Any, connection: Any, **_: Any) -> None:
    """connection_created receiver: follow every write made through this connection."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


# --- the fragments ---------------------------------------------------------------------


def _rendered(html: str) -> SafeString:
    # django-rules: allow mark-safe (template output, escaped by the engine when rendered)
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


def key(name: str, reader: Any, parts: Iterable[Any], *, per_minute: bool = False) -> str:
    if not isinstance(reader, str):
        reader = f"user{getattr(reader, 'pk', None) or '-anonymous'}"
    digest = hashlib.blake2b(repr(tuple(parts)).encode(), digest_size=12).hexdigest()
    minute = timezone.now().strftime(":%Y%m%d%H%M") if per_minute else ""
    return f"fragment:{name}:{reader}:{generation()}:{digest}{minute}"


def query(request: Any) -> tuple[tuple[str, list[str]], ...]:
    """The request's query string as key parts (filters, page number), in a stable order."""
    return tuple(sorted(request.GET.lists()))


def render(
    name: str,
    reader: Any,
    parts: Iterable[Any],
    build: Callable[[], str],
    *,
    per_minute: bool = False,
) -> SafeString:
    """The fragment `name` for `reader` and `parts`, built by `build()` when not cached.

    `reader` is a user (one copy each) or a string naming an audience: every reader who
    would get exactly the same content (the view answers for that).

    The cache failing (Redis down or full) costs the time of building, never the page.
    """
    seconds = settings.HEMICYCLE_FRAGMENT_SECONDS
    if not seconds:
        return _rendered(build())
    try:
        cache_key = key(name, reader, parts, per_minute=per_minute)
        stored = cache.get(cache_key)
    except Exception:
        logger.exception("Fragments: the cache does not answer")
        return _rendered(build())
    if stored is not None:
        return _rendered(zlib.decompress(stored).decode())
    html = build()
    if "csrfmiddlewaretoken" in html and csrf_placeholder() not in html:
        logger.warning("Fragment %s holds a CSRF token: not cached", name)
        return _rendered(html)
    try:
        # Compressed (a 300-rapport table: 400 kB of HTML, 30 kB stored); a copy for one
        # minute is of no use after the next.
        cache.set(
            cache_key,
            zlib.compress(html.encode(), 1),
            min(seconds, PER_MINUTE_SECONDS) if per_minute else seconds,
        )
    except Exception:
        logger.exception("Fragments: could not store %s", name)
    return _rendered(html)


def content(
    request: Any,
    name: str,
    parts: Iterable[Any],
    template: str,
    context: Callable[[], dict[str, Any]],
    *,
    per_minute: bool = False,
) -> SafeString:
    """A page's main content: `template` rendered with `context()` when not cached.

    The view keeps outside `context()` only what decides access (the object, the 404):
    everything else is computed on a miss only.
    """
    placeholder = csrf_placeholder()
    html = render(
        name,
        request.user,
        parts,
        lambda: render_to_string(
            template, {**context(), "csrf_token": placeholder}, request=request
        ),
        per_minute=per_minute,
    )
    if placeholder in html:
        # The forms' token belongs to this browser: put in at every request.
        html = _rendered(html.replace(placeholder, get_token(request)))
    return html


def csrf_placeholder() -> str:
    """Stands for the CSRF token in a stored fragment; secret, so no text can forge it."""
    return "csrf-" + salted_hmac("fragments.csrf", "placeholder").hexdigest()[:32]
