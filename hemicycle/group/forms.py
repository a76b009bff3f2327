from __future__ import annotations

from typing import Any

from django import forms

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.group.models import (
    Councillor,
    Group,
    Party,
    Section,
    StaffContract,
    StaffMember,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GroupForm(VersionedFormMixin, forms.ModelForm):
    website = forms.URLField(label="Site web", required=False, assume_scheme="https")

    class Meta:
        model = Group
        fields = [
            "name",
            "short_name",
            "council_name",
            "is_opposition",
            "declared_on",
            "address",
            "email",
            "phone",
            "website",
        ]
        widgets = {"declared_on": DATE, "address": forms.Textarea(attrs={"rows": 3})}


class PartyForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Party
        fields = ["name", "short_name", "colour", "is_archived"]
        widgets = {"colour": forms.TextInput(attrs={"type": "color"})}


class CouncillorForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Councillor
        fields = [
            "civility",
            "first_name",
            "last_name",
            "affiliation",
            "party",
            "section",
            "commune",
            "email",
            "phone",
            "mandate_start",
            "mandate_end",
            "bureau_role",
            "status",
            "left_on",
            "replaced_by",
        ]
        widgets = {"mandate_start": DATE, "mandate_end": DATE, "left_on": DATE}
        help_texts = {
            "party": "Pour un·e apparenté·e, le parti dont il ou elle est proche, s’il y en a un.",
            "replaced_by": "Quand l’élu·e quitte le groupe : la personne qui lui succède.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        party = self.fields["party"]
        party.queryset = Party.objects.filter(is_archived=False)  # type: ignore[attr-defined]
        replaced = self.fields["replaced_by"]
        others = Councillor.objects.all()
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        replaced.queryset = others  # type: ignore[attr-defined]


class CouncillorFilterForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False)
    party = forms.ModelChoiceField(
        label="Parti", queryset=Party.objects.all(), required=False, empty_label="Tous les partis"
    )
    section = forms.ChoiceField(
        label="Département", required=False, choices=[("", "Tous"), *Section.choices]
    )
    status = forms.ChoiceField(
        label="Statut",
        required=False,
        choices=[*Councillor.Status.choices, ("", "Tous")],
        initial=Councillor.Status.ACTIVE,
    )


class StaffMemberForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "civility",
            "first_name",
            "last_name",
            "job_title",
            "workplace",
            "email",
            "phone",
            "status",
        ]


class StaffContractForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = StaffContract
        fields = ["label", "starts_on", "ends_on", "weekly_hours"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {"ends_on": "Un contrat dure 3 ans au plus et reste dans la mandature."}
