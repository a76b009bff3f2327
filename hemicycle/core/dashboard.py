"""The dashboard, assembled from panels that each area registers.

A panel declares who sees it and how to compute its context; the dashboard page renders the
panels a user may see in their order: deadlines first, then one's rapports, then the rest
of the work (see the `Order` bands). Each panel's context function must run a fixed number
of queries, whatever the data size (tests/test_dashboard_queries.py measures it).

A new area plugs in with a few lines in its `registrations.py`:

    def _meetings(user):
        return {"rows": selectors.my_next_meetings(user, limit=5)}

    dashboard.register(
        dashboard.Panel(
            key="meetings.next",
            title="Mes prochaines réunions",
            template="meetings/_panel_next.html",  # {% extends "core/_panel.html" %}
            rule=permissions.can_view_meetings,
            context=_meetings,
            order=dashboard.Order.MEETINGS,
            items="rows",
            empty="Aucune réunion prévue cette semaine.",
            urgent=lambda ctx: [dashboard.Urgent(n, "réunion aujourd’hui")] if (n := ...) else [],
        )
    )

Conventions shared by every panel (core/_panel.html does the markup):
- `items` names the context entry that holds the panel's rows; when it is empty the panel
  shows its `empty` sentence instead of a list, so no panel invents its own wording.
- `urgent` turns the context already computed into badges for the strip at the top of the
  page ("3 dépôts avant jeudi 12 h"), so it costs no query. An "alert" (late, over a limit)
  comes before a "warn" (due soon), and each says so in words, not only in colour.
- A context may return "title" to adapt the panel's title to the person (the secrétariat's
  « Rapports sans consigne » instead of an élu·e's « Mes rapports »).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format

from hemicycle.core.permissions import Predicate


class Order:
    """Where each kind of panel goes: what is due, then one's own work, then the context."""

    DEADLINES = 10
    ALERTS = 15
    MY_REPORTS = 20
    TASKS = 30
    MEETINGS = 40
    CONSULTATIONS = 50
    PRESS = 60
    BUDGET = 70
    GROUP = 85
    REFERENCE = 90


@dataclass(frozen=True)
class Urgent:
    """One badge of the summary strip: a count, what it counts, and how pressing it is."""

    count: int
    label: str
    level: str = "warn"  # "alert" (late, over a limit) or "warn" (due soon)

    @property
    def level_label(self) -> str:
        return "En retard" if self.level == "alert" else "Bientôt"


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    template: str
    rule: Predicate
    context: Callable[[Any], dict[str, Any]]
    # Lower comes first; see `Order`.
    order: int = 50
    # The context entry holding the rows; empty rows show `empty` instead.
    items: str = ""
    empty: str = "Rien pour l’instant."
    urgent: Callable[[dict[str, Any]], list[Urgent]] | None = None

    @property
    def anchor(self) -> str:
        return "panel-" + self.key.replace(".", "-").replace("_", "-")


_panels: dict[str, Panel] = {}


def register(panel: Panel) -> None:
    _panels[panel.key] = panel


def panels_for(user: Any) -> list[dict[str, Any]]:
    result = []
    for panel in sorted(_panels.values(), key=lambda p: (p.order, p.key)):
        if not panel.rule(user):
            continue
        context = panel.context(user)
        urgent = [u for u in (panel.urgent(context) if panel.urgent else []) if u.count]
        result.append(
            {
                "panel": panel,
                **context,
                "title": context.get("title") or panel.title,
                "is_empty": bool(panel.items) and not context.get(panel.items),
                "urgent": urgent,
                "level": _worst(urgent),
            }
        )
    return result


def summary(panels: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The strip's badges, alerts first, each pointing at its panel."""
    rows = [{"urgent": u, "anchor": p["panel"].anchor} for p in panels for u in p["urgent"]]
    return sorted(rows, key=lambda r: r["urgent"].level != "alert")


def _worst(urgent: list[Urgent]) -> str:
    levels = {u.level for u in urgent}
    return "alert" if "alert" in levels else "warn" if levels else ""


def when(at: dt.datetime, now: dt.datetime | None = None) -> str:
    """A short French moment for a badge: « aujourd’hui 12 h », « jeudi 9 h 30 », « 3 décembre »."""
    now = timezone.localtime(now or timezone.now())
    local = timezone.localtime(at)
    hour = f"{local.hour} h" + (f" {local.minute:02d}" if local.minute else "")
    days = (local.date() - now.date()).days
    if days == 0:
        return f"aujourd’hui {hour}"
    if days == 1:
        return f"demain {hour}"
    if 0 < days < 7:
        return f"{date_format(local, 'l')} {hour}"
    return date_format(local, "j F")
