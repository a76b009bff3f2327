from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType

from hemicycle.core import selectors


class VersionedFormMixin(forms.Form):
    """Carries the version the form was opened at, for concurrent-edit detection."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version


def _content_type_label(ct: ContentType) -> str:
    model = ct.model_class()
    return str(model._meta.verbose_name).capitalize() if model else ct.model


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="Objet contient", required=False)
    actor = forms.CharField(label="Auteur·rice", required=False)
    action = forms.CharField(
        label="Action",
        required=False,
        help_text="Début du nom d’action, par exemple « group. » ou « accounts.user ».",
    )
    target_type = forms.ModelChoiceField(
        label="Type d’objet", queryset=ContentType.objects.none(), required=False
    )
    since = forms.DateField(
        label="Depuis le", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label="Jusqu’au", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["target_type"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = selectors.audited_types()
        field.label_from_instance = _content_type_label  # type: ignore[method-assign,assignment]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "La date de fin précède la date de début.")
        return data
