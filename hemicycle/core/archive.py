"""The archives: objects taken out of use but kept, and restorable, in one page.

Shared objects are archived rather than deleted, so that a mistaken removal can be undone
and the group's record stays whole. Core shows the archives of areas it does not import:
each area registers an `ArchiveKind` from its `registrations.py`, saying who may see and
restore its archived objects, how to list them and how to restore one (through the area's
own service, which audits the restore and checks the version).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hemicycle.core import navigation
from hemicycle.core.permissions import Predicate, is_secretariat


@dataclass(frozen=True)
class ArchivedItem:
    """One archived object as the Archives page lists it."""

    pk: int
    label: str
    archived_at: datetime.datetime | None
    archived_by: str  # a name, "" when unknown (the account may be gone)
    version: int  # sent back with "Restaurer" for the concurrent-edit check
    url: str = ""  # where the object lived (its rapport, its fiche), "" when none
    context: str = ""  # e.g. "Rapport 2026.012 — Plénière du 12 décembre"


class NotArchived(Exception):
    """The object is missing, not visible to the user, or no longer archived."""


@dataclass(frozen=True)
class ArchiveKind:
    key: str  # "positions.speech": in the restore URL and the page's anchors
    label: str  # "Prises de parole", a heading of the page
    rule: Predicate  # who may see and restore this kind
    # user -> the archived objects of this kind the user may see, newest first, in a fixed
    # number of queries.
    items: Callable[[Any], list[ArchivedItem]]
    # (pk, expected_version, acting_user) -> a label of the restored object. Goes through
    # the area's service; raises NotArchived, ConcurrentEditError or ValidationError.
    restore: Callable[[int, int | None, Any], str]
    order: int = 50


_kinds: dict[str, ArchiveKind] = {}


def register(kind: ArchiveKind) -> None:
    _kinds[kind.key] = kind
    # The page earns a menu entry once some area archives something. Only the secrétariat
    # gets it, at the end of the menu: others reach their archives from where they removed
    # things (the rapport's speakers link to it).
    navigation.register(
        navigation.NavItem(
            label="Archives", url_name="core:archives", rule=is_secretariat, order=95
        )
    )


def kinds_for(user: Any) -> list[ArchiveKind]:
    return [k for k in sorted(_kinds.values(), key=lambda k: (k.order, k.label)) if k.rule(user)]


def kind_for(user: Any, key: str) -> ArchiveKind | None:
    """The kind if it exists and the user may use it; None otherwise (the view's 404)."""
    kind = _kinds.get(key)
    return kind if kind is not None and kind.rule(user) else None


def can_view_archives(user: Any) -> bool:
    """Anyone who may see at least one kind of archived object."""
    return any(kind.rule(user) for kind in _kinds.values())
