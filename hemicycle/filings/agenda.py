"""Filing deadlines as items of the shared calendar (core.calendar).

The group's people get the séance deadlines from the sittings area (one per séance and
kind); here are the deadlines that belong to one filing: the `due_at` of a question écrite
or a tribune without séance. A partner sees no séance calendar, so for a partner every
filing shared with its group brings its own deadline, séance or not. Three queries (the
filings, the rules, nothing per row), whatever the range.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.urls import reverse

from hemicycle.core.calendar import CalendarItem, CalendarKind, latest, sequence_of
from hemicycle.core.permissions import is_member, is_partner
from hemicycle.filings import rules, selectors
from hemicycle.filings.models import Filing
from hemicycle.sittings.selectors import filing_rules_by_term

DUE = CalendarKind("filings.due", "Échéances des dépôts", "orange", 35)


def can_see_due_dates(user: Any) -> bool:
    """Those who prepare or co-sign filings; observers only read what was filed."""
    return is_member(user) or is_partner(user)


def _item(filing: Filing, at: dt.datetime, rule: Any) -> CalendarItem:
    abandoned = filing.status == Filing.Status.ABANDONED
    title = f"Échéance : {filing.get_kind_display().lower()} « {filing.title} »"
    return CalendarItem(
        uid=f"filing-{filing.pk}-due",
        kind=DUE.key,
        title=f"{title} (abandonné)" if abandoned else title,
        start=at,
        description=f"{filing.get_kind_display()} — statut : {filing.get_status_display()}",
        url=reverse("filings:detail", args=[filing.pk]),
        cancelled=abandoned,
        sequence=sequence_of(filing, filing.sitting, rule),
        last_modified=latest(
            filing.updated_at,
            filing.sitting.updated_at if filing.sitting else None,
            rule.updated_at if rule else None,
        ),
    )


def due_items(user: Any, start: dt.datetime, end: dt.datetime) -> list[CalendarItem]:
    by_term = filing_rules_by_term()
    longest = max((r.deadline_hours for rs in by_term.values() for r in rs), default=0)
    own_date = Q(sitting__isnull=True, due_at__gte=start, due_at__lt=end)
    qs = selectors.filings_visible_to(user).prefetch_related(None)
    if is_member(user):
        qs = qs.filter(own_date)
    else:
        qs = qs.filter(
            own_date
            | Q(
                sitting__starts_at__gte=start,
                sitting__starts_at__lt=end + dt.timedelta(hours=longest),
            )
        )
    items = []
    for filing in qs:
        rule = selectors._rules_of(filing, by_term) if filing.sitting else None
        at = rules.deadline_of(filing, rule, lookup=False)
        if at is not None and start <= at < end:
            items.append(_item(filing, at, rule))
    return items
