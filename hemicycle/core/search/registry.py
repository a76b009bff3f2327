"""The search sources: what each area puts in the global search index.

Core indexes objects it does not import. An area registers one `SearchSource` per kind of
object from its `registrations.py`:

    search.register(search.SearchSource(
        kind="sittings.report",            # <app>.<thing>, stored on every document
        label="Rapports",                  # the facet on the results page
        code=1,                            # unique, never renumbered (in document ids)
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


# A document's id carries its kind's code and its audience's code above the object's id:
# SQLite then filters and counts FTS5 matches from their rowid alone, without reading a row
# per match (decision 0016). Codes are stored in ids: never renumber them.
KIND_SHIFT, AUDIENCE_SHIFT = 44, 40
MAX_OBJECT_ID = (1 << AUDIENCE_SHIFT) - 1
AUDIENCE_CODES: dict[str, int] = {
    Audience.MEMBERS: 1,
    Audience.READERS: 2,
    Audience.AUTHENTICATED: 3,
}


def document_id(code: int, audience: str, object_id: int) -> int:
    if not 0 < int(object_id) <= MAX_OBJECT_ID:
        raise ValueError(f"search: object id out of range: {object_id}")
    return (code << KIND_SHIFT) | (AUDIENCE_CODES[audience] << AUDIENCE_SHIFT) | int(object_id)


@dataclass(frozen=True)
class SearchSource:
    """`code`: a small number unique to the kind (1-4095), part of every document id.

    `follows`: (other kind, function of that kind's object ids → ids of this kind) pairs,
    for documents that show another object's text (a note's title is its rapport's):
    indexing those objects reindexes these too.
    """

    kind: str
    label: str
    code: int
    queryset: Callable[[], QuerySet[Any]]
    build: Callable[[Any], Entry | None]
    order: int = 50
    follows: tuple[tuple[str, Callable[[list[Any]], Iterable[Any]]], ...] = ()

    def entries(self, objects: Iterable[Any]) -> Iterable[tuple[Any, Entry | None]]:
        for obj in objects:
            yield obj, self.build(obj)


_sources: dict[str, SearchSource] = {}


def register(source: SearchSource) -> SearchSource:
    if not 0 < source.code < 4096:
        raise ValueError(f"search: code {source.code} of {source.kind} is out of 1-4095")
    taken = {s.code: s.kind for s in _sources.values() if s.kind != source.kind}
    if source.code in taken:
        raise ValueError(f"search: code {source.code} is already {taken[source.code]}")
    _sources[source.kind] = source
    return source


def source(kind: str) -> SearchSource:
    return _sources[kind]


def sources() -> list[SearchSource]:
    return sorted(_sources.values(), key=lambda s: (s.order, s.kind))


def kinds_by_code() -> dict[int, str]:
    return {s.code: s.kind for s in _sources.values()}


def labels() -> dict[str, str]:
    return {s.kind: s.label for s in sources()}
