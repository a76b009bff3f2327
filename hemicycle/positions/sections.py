"""What the follow-up shows on the séance and rapport pages of the sittings area."""

from __future__ import annotations

from typing import Any

from hemicycle.positions import permissions, selectors
from hemicycle.positions.models import Brief


def report_section_context(report: Any, user: Any) -> dict[str, Any]:
    data = selectors.report_follow_up(report)
    follow_up = data["follow_up"]
    brief = data["brief"]
    status = brief.status if brief else Brief.Status.DRAFT
    return {
        **data,
        "report": report,
        "can_assign": permissions.can_assign(user),
        "can_write": permissions.can_write_brief(user, follow_up) and status == Brief.Status.DRAFT,
        "can_submit": permissions.can_submit_brief(user, follow_up)
        and status == Brief.Status.DRAFT
        and bool(data["versions"]),
        "can_validate": permissions.can_validate_brief(user) and status == Brief.Status.REVIEW,
        "can_set_line": permissions.can_set_line(user),
        "can_edit_speakers": permissions.can_edit_speakers(user),
    }


def sitting_section_context(sitting: Any, user: Any) -> dict[str, Any]:
    return {"sitting": sitting, **selectors.sitting_preparation(sitting)}


def agenda_values(reports: list[Any], user: Any) -> dict[int, Any]:
    return selectors.agenda_columns([r.pk for r in reports])
