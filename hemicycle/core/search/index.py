"""Writing the index: one object after a service changed it, or everything (rebuild)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction

from hemicycle.core.models import SearchDocument, SearchGrant
from hemicycle.core.search import registry, text

CHUNK = 500


def _document(kind: str, object_id: Any, entry: registry.Entry) -> SearchDocument:
    return SearchDocument(
        id=registry.document_id(registry.source(kind).code, entry.audience, object_id),
        kind=kind,
        object_id=str(object_id),
        title=entry.title[:500],
        body=entry.body,
        url=entry.url[:500],
        date=entry.date,
        audience=entry.audience,
        title_terms=" ".join(text.terms(entry.title)),
        body_terms=text.body_terms(entry.body),
    )


def _write(kind: str, pairs: list[tuple[Any, registry.Entry | None]]) -> int:
    """Replace the documents of these objects (delete then insert: the FTS5 triggers and the
    PostgreSQL generated column follow both)."""
    ids = [str(obj.pk) for obj, _ in pairs]
    stale = SearchDocument.objects.filter(kind=kind, object_id__in=ids)
    SearchGrant.objects.filter(document__in=stale).delete()
    stale.delete()
    return _insert(kind, [(obj, entry) for obj, entry in pairs if entry is not None])


@transaction.atomic
def index_objects(kind: str, objects: Iterable[Any]) -> int:
    """(Re)index these objects of a kind; an object whose source says None leaves the index.

    Called by the area's services inside their transaction. The objects are re-read through
    the source's queryset, so the caller may pass stale instances or bare ids.
    """
    source = registry.source(kind)
    pks = [getattr(obj, "pk", obj) for obj in objects]
    if not pks:
        return 0
    found = {obj.pk: obj for obj in source.queryset().filter(pk__in=pks)}
    pairs: list[tuple[Any, registry.Entry | None]] = []
    for pk in pks:
        obj = found.get(pk)
        pairs.append((obj, source.build(obj)) if obj is not None else (_Gone(pk), None))
    count = _write(kind, pairs)
    for other in registry.sources():
        for followed, related in other.follows:
            if followed == kind and (dependents := list(related(pks))):
                count += index_objects(other.kind, dependents)
    return count


def index_object(kind: str, obj: Any) -> int:
    return index_objects(kind, [obj])


def remove(kind: str, pk: Any) -> None:
    _write(kind, [(_Gone(pk), None)])


class _Gone:
    """A deleted object: only its id is known."""

    def __init__(self, pk: Any) -> None:
        self.pk = pk


def _clear(kinds: list[str]) -> None:
    grants = SearchGrant._meta.db_table
    documents = SearchDocument._meta.db_table
    placeholders = ", ".join(["%s"] * len(kinds))
    with connection.cursor() as cursor:
        # Plain DELETEs: the ORM's cascade would first read every row.
        # django-rules: allow raw-sql (table names from the models, values as parameters)
        cursor.execute(
            f"DELETE FROM {grants} WHERE document_id IN "  # noqa: S608  # nosec B608
            f"(SELECT id FROM {documents} WHERE kind IN ({placeholders}))",
            kinds,
        )
        # django-rules: allow raw-sql (table names from the models, values as parameters)
        cursor.execute(
            f"DELETE FROM {documents} WHERE kind IN ({placeholders})",  # noqa: S608  # nosec B608
            kinds,
        )


@transaction.atomic
def rebuild(kinds: Iterable[str] | None = None) -> dict[str, int]:
    """Empty and refill the index from every registered source: {kind: documents}."""
    chosen = [s for s in registry.sources() if kinds is None or s.kind in set(kinds)]
    if chosen:
        _clear([s.kind for s in chosen])
    counts: dict[str, int] = {}
    for source in chosen:
        counts[source.kind] = 0
        batch: list[tuple[Any, registry.Entry | None]] = []
        for obj in source.queryset().order_by("pk").iterator(chunk_size=CHUNK):
            entry = source.build(obj)
            if entry is not None:
                batch.append((obj, entry))
            if len(batch) >= CHUNK:
                counts[source.kind] += _insert(source.kind, batch)
                batch = []
        counts[source.kind] += _insert(source.kind, batch)
    return counts


def _insert(kind: str, batch: list[tuple[Any, registry.Entry | None]]) -> int:
    if not batch:
        return 0
    documents = SearchDocument.objects.bulk_create(
        [_document(kind, obj.pk, entry) for obj, entry in batch if entry is not None]
    )
    SearchGrant.objects.bulk_create(
        [
            SearchGrant(document=document, principal=principal)
            for document, (_, entry) in zip(documents, batch, strict=True)
            if entry is not None
            for principal in dict.fromkeys(entry.grants)
        ]
    )
    return len(documents)
