"""What higher areas must redo when a councillor's party changes.

The votes area counts its tallies by party (hemicycle/votes/tallies.py); the group area
sits below it and cannot call it, so areas register a callable here and
`services.update_councillor` runs them, in its transaction, when the party changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_party_changed: dict[str, Callable[[Any], None]] = {}


def on_party_changed(key: str, callback: Callable[[Any], None]) -> None:
    _party_changed[key] = callback


def party_changed(councillor: Any) -> None:
    for callback in _party_changed.values():
        callback(councillor)
