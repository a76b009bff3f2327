"""Template tags showing a word-level diff of two texts (see hemicycle.core.textdiff).

    {% load textdiff %}
    {% diff_inline old new %}
    {% diff_side_by_side old new "Texte actuel" "Texte proposé" %}
    {% diff_side_by_side old new "Version 1" "Version 2" level=2 %}

Both render <del>/<ins> with visually-hidden markers for screen readers, a legend, and
auto-escaped text.
"""

from __future__ import annotations

from typing import Any

from django import template

from hemicycle.core import textdiff

register = template.Library()


def _text(value: Any) -> str:
    return "" if value is None else str(value)


@register.inclusion_tag("core/_diff_inline.html")
def diff_inline(old: Any, new: Any) -> dict[str, Any]:
    """The two texts merged into one, deletions struck through, insertions underlined."""
    old_text, new_text = _text(old), _text(new)
    segments = textdiff.diff(old_text, new_text)
    return {
        "segments": segments,
        "changed": any(segment.op != "equal" for segment in segments),
        "stats": textdiff.stats(old_text, new_text),
    }


@register.inclusion_tag("core/_diff_side_by_side.html")
def diff_side_by_side(
    old: Any,
    new: Any,
    left_title: Any = "Texte actuel",
    right_title: Any = "Texte proposé",
    level: int = 3,
) -> dict[str, Any]:
    """Two columns, one row per paragraph; the columns stack on phones.

    ``level`` is the heading level of the column titles (2 to 6, default 3).
    """
    old_text, new_text = _text(old), _text(new)
    rows = textdiff.side_by_side(old_text, new_text)
    return {
        "rows": rows,
        "changed": any(not row.unchanged for row in rows),
        "stats": textdiff.stats(old_text, new_text),
        "left_title": _text(left_title),
        "right_title": _text(right_title),
        "level": min(max(int(level), 2), 6),
    }
