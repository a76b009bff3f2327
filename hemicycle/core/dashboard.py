"""The dashboard, assembled from panels that each area registers.

A panel declares who sees it and how to compute its context; the dashboard page renders the
panels a user may see in their order (deadlines first). Each panel's context function
must run a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hemicycle.core.permissions import Predicate


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    rule: Predicate
    context: Callable[[Any], dict[str, Any]]
    # Lower comes first: 10 deadlines, 20 my work, 50 group, 80 reference data.
    order: int = 50


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(user: Any) -> list[dict[str, Any]]:
    result = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if panel.rule(user):
            result.append({"panel": panel, **panel.context(user)})
    return result
