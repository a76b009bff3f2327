"""The kinds of notification each area sends, and how a person may choose to receive them.

An area declares its kinds from its `registrations.py`, next to its `notify()` calls:

    notification_kinds.register(
        notification_kinds.NotificationKind(
            key="meetings.invited",
            area="Réunions",
            label="Invitation à une réunion",
            description="Quand on vous invite à une réunion du groupe.",
            default=notification_kinds.Channel.EMAIL,
        )
    )

The preferences page lists the registered kinds grouped by area; `notify()` looks up the
recipient's choice (or the kind's default). A kind nobody registered (a test's "core.test")
behaves as before preferences existed: in-app and e-mailed at once, and is not on the page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


class Channel(models.TextChoices):
    IN_APP = "app", "Dans Hémicycle seulement"
    EMAIL = "email", "Dans Hémicycle et par e-mail tout de suite"
    DIGEST = "digest", "Dans Hémicycle et dans le récapitulatif quotidien par e-mail"
    OFF = "off", "Jamais"


# Short labels for the preferences page's radio buttons, where the question says the rest.
SHORT_LABELS = {
    Channel.IN_APP: "Dans Hémicycle",
    Channel.EMAIL: "E-mail immédiat",
    Channel.DIGEST: "Récapitulatif quotidien",
    Channel.OFF: "Jamais",
}


@dataclass(frozen=True)
class NotificationKind:
    key: str
    area: str
    label: str
    description: str = ""
    default: Channel = Channel.EMAIL
    # A mandatory kind (a security notice) may be moved between channels but never turned off.
    mandatory: bool = False
    order: int = 50
    # Who may receive it, hence who sees it on the preferences page (an observer is never
    # asked about review requests). Everyone by default.
    rule: Callable[[Any], bool] | None = None

    def offered_to(self, user: Any) -> bool:
        return self.rule is None or bool(self.rule(user))

    def allowed(self) -> list[Channel]:
        return [c for c in Channel if not (self.mandatory and c == Channel.OFF)]


_kinds: dict[str, NotificationKind] = {}


def register(kind: NotificationKind) -> None:
    if kind.mandatory and kind.default == Channel.OFF:
        raise ValueError(f"{kind.key}: a mandatory kind cannot be off by default")
    _kinds[kind.key] = kind


def get(key: str) -> NotificationKind | None:
    return _kinds.get(key)


def all_kinds(user: Any = None) -> list[NotificationKind]:
    """Every kind, or those offered to `user`, by area then order."""
    kinds = sorted(_kinds.values(), key=lambda k: (k.area, k.order, k.key))
    return kinds if user is None else [k for k in kinds if k.offered_to(user)]


def grouped() -> list[tuple[str, list[NotificationKind]]]:
    """The kinds by area (areas in alphabetical order), as the preferences page shows them."""
    groups: dict[str, list[NotificationKind]] = {}
    for kind in all_kinds():
        groups.setdefault(kind.area, []).append(kind)
    return list(groups.items())


def effective(key: str, chosen: str | None) -> Channel:
    """The channel that applies: the person's choice if it is allowed, else the default."""
    kind = _kinds.get(key)
    if kind is None:
        return Channel(chosen) if chosen in Channel.values else Channel.EMAIL
    if chosen in Channel.values and Channel(chosen) in kind.allowed():
        return Channel(chosen)
    return kind.default
