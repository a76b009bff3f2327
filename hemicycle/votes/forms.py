from __future__ import annotations

from typing import Any

from django import forms

from hemicycle.group.models import Councillor
from hemicycle.votes.models import NppvReason, Option, VoteEvent


class TapForm(forms.Form):
    option = forms.ChoiceField(choices=Option.choices)
    nppv_reason = forms.ChoiceField(choices=[("", ""), *NppvReason.choices], required=False)


class ResultForm(forms.Form):
    """The council's result: mode, then pour / contre / abstention / NPPV per group."""

    mode = forms.ChoiceField(label="Mode de scrutin", choices=VoteEvent.Mode.choices)
    result = forms.ChoiceField(
        label="Résultat",
        choices=[("", "— d’après les voix —"), *VoteEvent.Result.choices],
        required=False,
        help_text="À indiquer seulement sans décompte des voix (vote à main levée).",
    )
    tie_break = forms.ChoiceField(
        label="Voix prépondérante du président (en cas d’égalité)",
        choices=[("", "—"), (Option.POUR, "Pour"), (Option.CONTRE, "Contre")],
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    COLUMNS = (("pour", "Pour"), ("contre", "Contre"), ("abstention", "Abst."), ("nppv", "NPPV"))

    def __init__(self, *args: Any, rows: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            group = row["group"]
            values = row["values"] or (None, None, None, None)
            for (key, label), value in zip(self.COLUMNS, values, strict=True):
                name = f"g{group.pk}_{key}"
                self.fields[name] = forms.IntegerField(
                    label=f"{label} — {group.short_name}",
                    min_value=0,
                    max_value=group.seats,
                    required=False,
                    initial=value,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "count"}),
                    error_messages={
                        "max_value": f"{group.short_name} compte {group.seats} élu·es.",
                        "min_value": "Un nombre de voix est positif.",
                        "invalid": "Un nombre entier, s’il vous plaît.",
                    },
                )

    def grid(self) -> list[dict[str, Any]]:
        return [
            {
                "group": row["group"],
                "fields": [self[f"g{row['group'].pk}_{key}"] for key, _ in self.COLUMNS],
            }
            for row in self.rows
        ]

    def counts(self) -> dict[int, tuple[int, int, int, int]]:
        """Groups with at least one number entered; blanks count as 0 within a group."""
        result = {}
        for row in self.rows:
            pk = row["group"].pk
            values = [self.cleaned_data.get(f"g{pk}_{key}") for key, _ in self.COLUMNS]
            if any(v is not None for v in values):
                result[pk] = tuple(v or 0 for v in values)
        return result  # type: ignore[return-value]


class RecusalForm(forms.Form):
    councillor = forms.ModelChoiceField(label="Élu·e", queryset=Councillor.objects.none())
    reason = forms.CharField(
        label="Motif",
        max_length=300,
        help_text="Par exemple : « représente la Région au conseil d’administration du bénéficiaire ».",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = Councillor.objects.filter(  # type: ignore[attr-defined]
            status=Councillor.Status.ACTIVE
        ).order_by("last_name")
