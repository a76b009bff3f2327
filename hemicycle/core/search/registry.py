"""The search sources: what each area puts in the global search index.

Core indexes objects it does not import. An area registers one `SearchSource` per kind of
object from its `registrations.py`:

    search.register(search.SearchSource(
        kind="sittings.report",            # <app>.<thing>, stored on every document
        label="Rapports",                  # the facet on the results page
        queryset=lambda: Report.objects.select_related("sitting"),
        build=report_entry,                # object -> Entry, or None to keep it out
        order=10,
    ))

and its services call `search.index_object("sittings.report", report)` after each write
(in the same transaction). `queryset()` must prefetch what `build` reads: the rebuild
command walks it in chunks, so `build` must run no query of its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from hemicycle.core.models import SearchDocument

Audience = SearchDocument.Audience


def partner_group(council_group_id: int) -> str:
    """The principal of a partner council group (see `SearchGrant.principal`)."""
    return f"council_group:{council_group_id}"


@dataclass(frozen=True)
class Entry:
    """What the index stores for one object."""

    title: str
    url: str
    audience: str
    body: str = ""
    date: dt.date | None = None
    grants: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SearchSource:
    kind: str
    label: str
    queryset: Callable[[], QuerySet[Any]]
    build: Callable[[Any], Entry | None]
    order: int = 50

    def entries(self, objects: Iterable[Any]) -> Iterable[tuple[Any, Entry | None]]:
        for obj in objects:
            yield obj, self.build(obj)


_sources: dict[str, SearchSource] = {}


def register(source: SearchSource) -> SearchSource:
    _sources[source.kind] = source
    return source


def source(kind: str) -> SearchSource:
    return _sources[kind]


def sources() -> list[SearchSource]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.kind))


def labels() -> dict[str, str]:
    return {s.kind: s.label for s in sources()}
