"""Small helpers that keep views thin and alike."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from hemicycle.core.services import ConcurrentEditError


def conflict_rows(form: forms.Form, current: models.Model) -> list[dict[str, Any]]:
    """Fields where the saved object differs from what the user typed, for the merge view."""
    rows = []
    for name, field in form.fields.items():
        if name == "version" or not form.data:
            continue
        mine = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        now = getattr(current, name, None)
        if isinstance(field, forms.ModelMultipleChoiceField) and now is not None:
            now = ", ".join(str(o) for o in now.all())
            mine = ", ".join(str(o) for o in (mine or []))
        display = getattr(current, f"get_{name}_display", None)
        now_label = display() if callable(display) else now
        if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
            mine_label = dict(field.choices).get(mine, mine)  # type: ignore[arg-type]
        else:
            mine_label = mine
        if (now or "") != (mine or ""):
            rows.append({"label": field.label, "current": now_label, "mine": mine_label})
    return rows


def save_or_report(form: forms.Form, action: Any) -> tuple[Any, list[dict[str, Any]] | None]:
    """Run a service; turn its validation or concurrency refusal into form errors.

    Returns (result, conflict rows or None). On refusal the result is None and the form
    carries the errors, so the view re-renders it with the user's input intact.
    """
    try:
        return action(), None
    except ConcurrentEditError as exc:
        form.add_error(None, exc.message)
        data = form.data.copy()  # type: ignore[attr-defined]
        data["version"] = str(exc.current.version)
        form.data = data
        return None, conflict_rows(form, exc.current)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None, None
