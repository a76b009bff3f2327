"""What the votes area plugs into the shared registries: the navigation, the séance and
rapport pages, and the councillor's page (activity summary, from activity_sections)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hemicycle.core import navigation
from hemicycle.group import hooks
from hemicycle.sittings import sections as sitting_sections
from hemicycle.votes import (
    activity_sections,  # noqa: F401  (activity sheet sections, councillor page summary)
    permissions,
)
from hemicycle.votes.models import Recusal, VoteEvent

navigation.register(
    navigation.NavItem(
        label="Votes",
        url_name="votes:analysis",
        rule=permissions.can_view_votes,
        order=8,
        prefixes=("/votes/",),
    )
)


def _sitting_section(sitting: Any, user: Any) -> dict[str, Any]:
    from hemicycle.votes import selectors

    return {
        "sitting": sitting,
        "progress": selectors.sitting_progress(sitting),
        "can_manage": permissions.can_manage(user),
    }


sitting_sections.register_sitting_section(
    sitting_sections.PageSection(
        key="votes.sitting",
        title="Votes",
        template="votes/_sitting_section.html",
        rule=permissions.can_view_votes,
        context=_sitting_section,
        order=30,
    )
)


def _report_section(report: Any, user: Any) -> dict[str, Any]:
    return {
        "report": report,
        "recusals": list(Recusal.objects.filter(report=report).select_related("councillor")),
        "vote_event": VoteEvent.objects.filter(report=report, filing__isnull=True).first(),
        "can_manage": permissions.can_manage(user),
    }


sitting_sections.register_report_section(
    sitting_sections.PageSection(
        key="votes.report",
        title="Vote et déports",
        template="votes/_report_section.html",
        rule=permissions.can_view_votes,
        context=_report_section,
        order=30,
    )
)


def _recount_after_party_change(councillor: Any) -> None:
    from hemicycle.votes.tasks import recount_councillor_scrutins

    pk = councillor.pk
    transaction.on_commit(lambda: recount_councillor_scrutins(pk))


# Party tallies count each councillor under their party: a change of party recounts.
hooks.on_party_changed("votes.tallies", _recount_after_party_change)
