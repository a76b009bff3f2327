from __future__ import annotations

from typing import Any

from django import forms
from django.db import models

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.council.models import Body, FilingKind, FilingRule, Seat
from hemicycle.group.models import Councillor


class BodyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Body
        fields = [
            "kind",
            "name",
            "short_name",
            "default_place",
            "quorum_rule",
            "members_count",
            "convocation_delay_days",
            "group_speaking_minutes",
            "order",
            "is_archived",
        ]
        help_texts = {"is_archived": "Une instance ne se supprime pas : elle s’archive."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            del self.fields["is_archived"]

    def clean_members_count(self) -> int:
        value = self.cleaned_data["members_count"]
        if value is not None and value < 1:
            raise forms.ValidationError("Une instance compte au moins un membre.")
        return value


class SeatForm(forms.ModelForm):
    class Meta:
        model = Seat
        fields = ["body", "councillor", "role", "starts_on"]
        widgets = {"starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args: Any, term: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(term=term, is_archived=False)  # type: ignore[attr-defined]
        self.fields["councillor"].queryset = Councillor.objects.filter(  # type: ignore[attr-defined]
            status=Councillor.Status.ACTIVE
        ).order_by("last_name", "first_name")


class SeatEndForm(forms.Form):
    ends_on = forms.DateField(
        label="Fin du siège le", widget=forms.DateInput(attrs={"type": "date"})
    )


class FilingRulesForm(forms.Form):
    """One row per kind of filing, edited and saved together."""

    def __init__(self, *args: Any, rules: dict[str, FilingRule], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[dict[str, Any]] = []
        for kind, label in FilingKind.choices:
            rule = rules.get(kind)
            names: dict[str, str] = {}
            for name in ("deadline_hours", "max_per_sitting", "min_signatories", "max_length"):
                model_field = FilingRule._meta.get_field(name)
                assert isinstance(model_field, models.Field)  # plain columns, not relations
                field = forms.IntegerField(
                    label=f"{model_field.verbose_name} — {label}",
                    required=False,
                    min_value=1 if name != "deadline_hours" else 0,
                    initial=getattr(rule, name)
                    if rule
                    else (1 if name == "min_signatories" else None),
                    error_messages={
                        "required": "Ce champ est obligatoire.",
                        "invalid": "Saisissez un nombre entier.",
                        "min_value": "Saisissez une valeur supérieure ou égale à %(limit_value)s.",
                    },
                )
                key = f"{kind}-{name}"
                self.fields[key] = field
                names[name] = key
            self.rows.append({"kind": kind, "label": label, "names": names, "exists": bool(rule)})

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in self.rows:
            keys = row["names"]
            filled = any(data.get(k) is not None for k in keys.values())
            if not (filled or row["exists"]):
                continue  # a kind the règlement does not regulate: left out
            for name in ("deadline_hours", "min_signatories"):
                if data.get(keys[name]) is None and keys[name] not in self.errors:
                    self.add_error(keys[name], f"{row['label']} : ce champ est obligatoire.")
        return data

    def row_values(self) -> dict[str, dict[str, Any]]:
        result: dict[str, dict[str, Any]] = {}
        for row in self.rows:
            values = {name: self.cleaned_data.get(key) for name, key in row["names"].items()}
            if row["exists"] or any(v is not None for v in values.values()):
                result[row["kind"]] = values
        return result

    def bound_rows(self) -> list[dict[str, Any]]:
        return [
            {"label": r["label"], "fields": [self[k] for k in r["names"].values()]}
            for r in self.rows
        ]
