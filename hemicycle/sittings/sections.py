"""Sections that other areas add to the séance and rapport pages.

The sittings area does not know about notes d'enjeux, vote lines or briefs; those areas
register a section here and the pages show the sections the viewer may see, in order.
A section's context function must run a fixed number of queries (the séance page lists
hundreds of rapports: per-rapport data comes through `report_columns`, computed once for
the whole page).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from hemicycle.core.permissions import Predicate


@dataclass(frozen=True)
class PageSection:
    key: str
    title: str
    template: str
    rule: Predicate
    context: Callable[[Any, Any], dict[str, Any]]  # (object, user) -> context
    order: int = 50


@dataclass(frozen=True)
class ReportColumns:
    """Extra columns of the séance's agenda table, computed for all its rapports at once.

    The rendered table is kept and served to every reader who sees the same columns
    (decision 0022): `values` must then depend on the rapports only, the user deciding
    nothing but the `rule`. Columns whose values depend on who reads them say
    `shared=False`, and the table is then kept per reader.
    """

    key: str
    headers: tuple[str, ...]
    template: str  # renders the <td> cells of one rapport, given `values`
    rule: Predicate
    values: Callable[[list[Any], Any], dict[int, Any]]  # (reports, user) -> {report pk: values}
    order: int = 50
    shared: bool = True


_report_sections: dict[str, PageSection] = {}
_sitting_sections: dict[str, PageSection] = {}
_report_columns: dict[str, ReportColumns] = {}


def register_report_section(section: PageSection) -> None:
    _report_sections[section.key] = section


def register_sitting_section(section: PageSection) -> None:
    _sitting_sections[section.key] = section


def register_report_columns(columns: ReportColumns) -> None:
    _report_columns[columns.key] = columns


def _visible(registry: dict[str, PageSection], obj: Any, user: Any) -> list[dict[str, Any]]:
    return [
        {"section": s, **s.context(obj, user)}
        for s in sorted(registry.values(), key=lambda s: (s.order, s.key))
        if s.rule(user)
    ]


def report_sections(report: Any, user: Any) -> list[dict[str, Any]]:
    return _visible(_report_sections, report, user)


def sitting_sections(sitting: Any, user: Any) -> list[dict[str, Any]]:
    return _visible(_sitting_sections, sitting, user)


def report_columns_audience(user: Any) -> Any:
    """Who gets the same agenda table as `user`: the readers who see the same columns
    (a string naming them), or `user` alone when a visible column is not shared."""
    visible = [c for c in _report_columns.values() if c.rule(user)]
    if not all(c.shared for c in visible):
        return user
    return "columns:" + "+".join(sorted(c.key for c in visible))


def report_columns(reports: list[Any], user: Any) -> list[dict[str, Any]]:
    """[{columns, values: {pk: ...}}] for the agenda table, in order."""
    return [
        {"columns": c, "values": c.values(reports, user)}
        for c in sorted(_report_columns.values(), key=lambda c: (c.order, c.key))
        if c.rule(user)
    ]
