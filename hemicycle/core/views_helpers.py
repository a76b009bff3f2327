"""Small helpers that keep views thin and alike."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from hemicycle.core.services import ConcurrentEditError


def _shown(form: forms.Form, name: str, value: Any) -> str:
    """A value as the form would present it, for the conflict table."""
    field = form.fields[name]
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    choices = getattr(field, "choices", None)
    if choices is not None and not isinstance(field, forms.ModelChoiceField):
        return str(dict(choices).get(value, value))
    return str(value)


def conflict_rows(form: forms.Form, current: models.Model) -> list[dict[str, str]]:
    """The fields where the saved version differs from what the user typed."""
    rows = []
    cleaned = getattr(form, "cleaned_data", {})
    for name, field in form.fields.items():
        if name == "version" or name not in cleaned:
            continue
        saved, mine = _shown(form, name, getattr(current, name)), _shown(form, name, cleaned[name])
        if saved != mine:
            rows.append({"label": str(field.label), "current": saved, "mine": mine})
    return rows


def form_data(form: forms.Form) -> dict[str, Any]:
    """The cleaned values a service applies: everything but the concurrency token."""
    return {k: v for k, v in form.cleaned_data.items() if k != "version"}


def add_validation_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's refusal on the form: on its field when the form has that field."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


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
        add_validation_errors(form, exc)
        return None, None
