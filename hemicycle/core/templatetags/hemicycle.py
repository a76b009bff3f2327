from __future__ import annotations

from typing import Any

from django import template
from django.core.exceptions import FieldDoesNotExist

from hemicycle.core.models import AuditEntry

register = template.Library()


def _display(field: Any, value: Any) -> Any:
    if value in (None, ""):
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, list | tuple):
        return ", ".join(str(_display(field, v)) for v in value) or "—"
    if isinstance(value, dict):
        return str(value)
    choices = dict(getattr(field, "flatchoices", None) or [])
    return choices.get(value, value)


@register.filter
def audit_changes(entry: AuditEntry) -> list[dict[str, Any]]:
    """An entry's changes with the fields' French labels and the choices' display values.

    The log stores field names and raw values, which stay stable when labels change.
    """
    model = entry.target_type.model_class() if entry.target_type is not None else None
    rows = []
    for name, values in (entry.changes or {}).items():
        old, new = [*values, None, None][:2] if isinstance(values, list) else (None, values)
        field = None
        if model is not None:
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                field = None
        label = str(getattr(field, "verbose_name", name)) if field is not None else name
        rows.append({"label": label, "old": _display(field, old), "new": _display(field, new)})
    return rows
