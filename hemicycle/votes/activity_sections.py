"""The activity sheet's sections, and the summary it adds to the councillor page.

Imported from `registrations.py`. Who sees what, section by section:

- seats, attendance, filed filings: members and observers (the council's public record);
- votes, divergences from the line: members only (how each councillor voted is the
  group's internal record, see `permissions.can_view_votes`);
- speeches: members only (they are the group's planned speeches, part of its follow-up).
"""

from __future__ import annotations

from typing import Any

from hemicycle.core.permissions import is_member, is_member_or_observer
from hemicycle.group import activity as councillor_page
from hemicycle.votes import activity
from hemicycle.votes.activity import Figure, Period, SheetSection
from hemicycle.votes.permissions import can_view_votes


def _seats(councillor: Any, user: Any, period: Period) -> dict[str, Any]:
    return {"seats": activity.seats(councillor, period)}


def _attendance(councillor: Any, user: Any, period: Period) -> dict[str, Any]:
    data = activity.attendance(councillor, period)
    return {**data, "figures": [Figure("Présence en séance", data["total"]["rate"], "%", 10)]}


def _votes(councillor: Any, user: Any, period: Period) -> dict[str, Any]:
    counts = activity.votes(councillor, period)
    return {"counts": counts, "figures": [Figure("Votes", counts["total"], order=20)]}


def _divergences(councillor: Any, user: Any, period: Period) -> dict[str, Any]:
    data = activity.divergences(councillor, period)
    return {
        **data,
        "figures": [Figure("Votes contraires à la consigne", data["divergent"], order=30)],
    }


def _filings(councillor: Any, user: Any, period: Period) -> dict[str, Any]:
    data = activity.filings(councillor, period)
    return {
        **data,
        "figures": [
            Figure("Dépôts", data["total"]["count"], order=40),
            Figure("Dépôts adoptés", data["total"]["adopted"], order=45),
        ],
    }


def _speeches(councillor: Any, user: Any, period: Period) -> dict[str, Any]:
    data = activity.speeches(councillor, period)
    return {**data, "figures": [Figure("Interventions", data["count"], order=50)]}


for section in (
    SheetSection(
        "votes.activity.seats",
        "Sièges",
        "votes/_activity_seats.html",
        is_member_or_observer,
        _seats,
        10,
    ),
    SheetSection(
        "votes.activity.attendance",
        "Présence en séance",
        "votes/_activity_attendance.html",
        is_member_or_observer,
        _attendance,
        20,
    ),
    SheetSection(
        "votes.activity.votes", "Votes", "votes/_activity_votes.html", can_view_votes, _votes, 30
    ),
    SheetSection(
        "votes.activity.divergences",
        "Écarts à la consigne du groupe",
        "votes/_activity_divergences.html",
        is_member,
        _divergences,
        40,
    ),
    SheetSection(
        "votes.activity.filings",
        "Dépôts",
        "votes/_activity_filings.html",
        is_member_or_observer,
        _filings,
        50,
    ),
    SheetSection(
        "votes.activity.speeches",
        "Prises de parole",
        "votes/_activity_speeches.html",
        is_member,
        _speeches,
        60,
    ),
):
    activity.register(section)


def _summary(councillor: Any, user: Any) -> dict[str, Any]:
    """The sheet's big numbers over the mandate, and the links to the sheet and the PDF."""
    from hemicycle.group.selectors import current_group

    group = current_group()
    term_end = group.term.end_date if group and group.term else None
    period = activity.mandate_period(councillor, term_end)
    return {
        "figures": activity.sheet(councillor, user, period)["figures"],
        "can_print": is_member(user),
    }


councillor_page.register(
    councillor_page.ActivitySection(
        key="votes.activity",
        title="Activité pendant le mandat",
        template="votes/_activity_summary.html",
        rule=is_member_or_observer,
        context=_summary,
        order=15,
    )
)
