from __future__ import annotations

from typing import Any, cast

from django import forms

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.positions import selectors
from hemicycle.positions.models import FollowUp, Speech, VoteLine


class AssignForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = FollowUp
        fields = ["referent", "staff_member", "priority"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["referent"].queryset = selectors.active_councillors()  # type: ignore[attr-defined]
        self.fields["staff_member"].queryset = selectors.active_staff()  # type: ignore[attr-defined]


class BriefVersionForm(forms.Form):
    text = forms.CharField(
        label="Note d’enjeux",
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text="Texte simple : une ligne vide sépare deux paragraphes.",
    )
    base_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class VoteLineForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = VoteLine
        fields = ["position", "rationale", "explanation", "decided_on"]
        widgets = {
            "decided_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "rationale": forms.Textarea(attrs={"rows": 4}),
            "explanation": forms.Textarea(attrs={"rows": 6}),
        }
        help_texts = {
            "rationale": "Visible des seul·es membres du groupe.",
            "explanation": "Le texte public lu ou publié au nom du groupe.",
        }


class SpeechForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Speech
        fields = ["councillor", "planned_minutes", "topic", "order"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["councillor"].queryset = selectors.active_councillors()  # type: ignore[attr-defined]
        self.fields["order"].required = False
        cast(forms.IntegerField, self.fields["planned_minutes"]).min_value = 0


class BacklogFilterForm(forms.Form):
    referent = forms.ModelChoiceField(
        label="Élu·e référent·e", queryset=selectors.active_councillors(), required=False
    )
    staff_member = forms.ModelChoiceField(
        label="Collaborateur·rice", queryset=selectors.active_staff(), required=False
    )
    unassigned = forms.BooleanField(label="Sans référent·e seulement", required=False)


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label="Modèle Word (.docx)",
        help_text="Balises docxtpl : {% for r in reports %}, {{ r.title }}, {{ sitting.title }}…",
    )


class SheetPickForm(forms.Form):
    elu = forms.ModelChoiceField(
        label="Élu·e", queryset=selectors.active_councillors(), required=False
    )


def _positive_minutes(value: Any) -> None:
    if value is not None and value <= 0:
        raise forms.ValidationError("La durée prévue doit être supérieure à zéro.")


SpeechForm.base_fields["planned_minutes"].validators.append(_positive_minutes)
