from __future__ import annotations

from typing import Any

from django import template

from hemicycle.sittings import formatting

register = template.Library()


@register.filter
def euros(value: Any) -> str:
    return formatting.euros(value)


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`values|lookup:report.pk`: a dict entry in a template."""
    if not mapping:
        return None
    return mapping.get(key)
