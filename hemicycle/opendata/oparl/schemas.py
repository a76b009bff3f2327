"""Validation against the official OParl 1.1 JSON schemas (draft 7), shipped in
hemicycle/opendata/schemas/oparl-1.1/ as published, so that an export is checked offline.

The schemas point to one another as "File.json" (or "Organization") relative to their
`$id` (https://schema.oparl.org/1.1/System): each is registered under both spellings.
Their "url" format is OParl's own; it is checked here as an absolute http(s) URL, and
"date" / "date-time" are checked strictly (jsonschema skips date-time without an extra
package).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMAS_DIR = Path(__file__).resolve().parent.parent / "schemas" / "oparl-1.1"
OBJECT_TYPES = (
    "System",
    "Body",
    "LegislativeTerm",
    "Organization",
    "Person",
    "Membership",
    "Meeting",
    "AgendaItem",
    "Paper",
    "Consultation",
    "File",
    "Location",
)
# The wrapper of an external list (OParl 1.1, section "Externe Objektlisten"): the official
# schemas describe the objects, not the list, so its shape is written here.
EXTERNAL_LIST_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["data", "pagination", "links"],
    "properties": {
        "data": {"type": "array", "items": {"type": "object"}},
        "pagination": {
            "type": "object",
            "required": ["totalElements", "elementsPerPage", "currentPage", "totalPages"],
            "properties": {
                key: {"type": "integer", "minimum": 0}
                for key in ("totalElements", "elementsPerPage", "currentPage", "totalPages")
            },
        },
        "links": {
            "type": "object",
            "required": ["first", "last", "self"],
            "properties": {
                key: {"type": "string", "format": "url"}
                for key in ("first", "last", "self", "next", "prev")
            },
        },
    },
}

FORMATS = FormatChecker()


@FORMATS.checks("url")
def _is_url(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in {"http", "https"} and bool(parts.netloc) and " " not in value


@FORMATS.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    if isinstance(value, str):
        dt.date.fromisoformat(value)
        if len(value) != 10:
            raise ValueError("not YYYY-MM-DD")
    return True


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    if isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value)
        if "T" not in value or parsed.tzinfo is None:
            raise ValueError("RFC 3339 needs a 'T' and an offset")
    return True


@cache
def schemas() -> dict[str, dict[str, Any]]:
    return {name: json.loads((SCHEMAS_DIR / f"{name}.json").read_text()) for name in OBJECT_TYPES}


@cache
def _registry() -> Registry:
    resources: list[tuple[str, Resource[Any]]] = []
    for schema in schemas().values():
        resource: Resource[Any] = DRAFT7.create_resource(schema)
        resources += [(schema["$id"], resource), (schema["$id"] + ".json", resource)]
    return Registry().with_resources(resources)


@cache
def validator(type_name: str) -> Draft7Validator:
    return Draft7Validator(schemas()[type_name], registry=_registry(), format_checker=FORMATS)


@cache
def _list_validator() -> Draft7Validator:
    return Draft7Validator(EXTERNAL_LIST_SCHEMA, format_checker=FORMATS)


def type_name(obj: dict[str, Any]) -> str | None:
    kind = obj.get("type")
    if isinstance(kind, str) and kind.startswith("https://schema.oparl.org/1.1/"):
        name = kind.rsplit("/", 1)[-1]
        return name if name in OBJECT_TYPES else None
    return None


def errors_of(document: dict[str, Any]) -> Iterator[str]:
    """Every schema error of one exported file: an object, or an external list of objects."""
    if "data" in document and "type" not in document:
        for error in _list_validator().iter_errors(document):
            yield f"liste : {error.message}"
        for index, item in enumerate(document.get("data") or []):
            for message in errors_of(item):
                yield f"élément {index + 1} : {message}"
        return
    name = type_name(document)
    if name is None:
        yield f"type OParl inconnu : {document.get('type')!r}"
        return
    for error in validator(name).iter_errors(document):
        where = "/".join(str(part) for part in error.absolute_path) or "objet"
        yield f"{name} {document.get('id', '?')} ({where}) : {error.message}"
