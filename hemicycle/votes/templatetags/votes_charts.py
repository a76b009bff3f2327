"""Template helpers for vote statistics and charts: `{% load votes_charts %}`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template

from hemicycle.votes import charts
from hemicycle.votes.models import GroupResult, Option, VoteEvent

register = template.Library()


@register.filter
def percent(value: Any, digits: int = 0) -> str:
    """0.5 → "50 %"; None → "—"."""
    return charts.percent(value, int(digits))


@register.filter
def agreement_index(value: Any) -> str:
    """0.625 → "0,63"; None → "—"."""
    return charts.index(value)


@register.inclusion_tag("votes/_hemicycle.html")
def hemicycle_chart(vote_event: VoteEvent, group_results: Iterable[GroupResult]) -> dict[str, Any]:
    """The hemicycle of one scrutin with its text alternative, for any page that has the
    scrutin (with `sitting__body__term` selected) and its group results (with
    `council_group` selected): no query of its own."""
    return {
        "chart": charts.hemicycle(
            group_results,
            vote_event=vote_event,
            total_seats=vote_event.sitting.body.term.seats,
        ),
        "vote_event": vote_event,
    }


@register.filter
def option_label(value: str) -> str:
    """ "abstention" → "abstention", "nppv" → "ne prend pas part au vote" (in a sentence)."""
    return str(dict(Option.choices).get(value, value)).lower()
