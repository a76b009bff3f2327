"""The main navigation, assembled from what each installed area registers.

An area appears only when it exists and the user's role may open it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from hemicycle.core.permissions import Predicate


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    rule: Predicate
    order: int = 50
    # URL prefixes that mark the item as current; by default the item's own URL exactly.
    prefixes: tuple[str, ...] = ()


_items: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _items[item.url_name] = item


def items_for(user: Any, path: str) -> list[dict[str, Any]]:
    result = []
    for item in sorted(_items.values(), key=lambda i: (i.order, i.label)):
        if not item.rule(user):
            continue
        url = reverse(item.url_name)
        current = path == url or any(path.startswith(p) for p in item.prefixes)
        result.append({"label": item.label, "url": url, "current": current})
    return result
