"""Sections of a councillor's page (the seed of the activity sheet).

Each area registers what it knows about a councillor (attendance, filings, votes, seats,
press mentions, trainings…); the page shows the sections the viewer may see, in order.
A section's context function must run a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hemicycle.core.permissions import Predicate


@dataclass(frozen=True)
class ActivitySection:
    key: str
    title: str
    template: str
    rule: Predicate
    context: Callable[[Any, Any], dict[str, Any]]  # (councillor, user) -> context
    order: int = 50


_sections: dict[str, ActivitySection] = {}


def register(section: ActivitySection) -> None:
    _sections[section.key] = section


def sections_for(councillor: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {"section": s, **s.context(councillor, user)}
        for s in sorted(_sections.values(), key=lambda s: (s.order, s.key))
        if s.rule(user)
    ]
