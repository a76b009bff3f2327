from __future__ import annotations

from collections.abc import Mapping
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


def preference_field_name(kind_key: str) -> str:
    # A dot in a name would end up in the input's id, where CSS and axe read it as a class.
    return "kind__" + kind_key.replace(".", "__")


class NotificationPreferencesForm(forms.Form):
    """One radio group per registered kind, grouped by area on the page.

    Each field carries the value it was shown with (`show_hidden_initial`), so `changed()`
    lists only what this person changed in this tab: a second tab that changed another kind
    does not lose its edit when this one is saved.
    """

    def __init__(self, *args: Any, current: Mapping[str, str], user: Any, **kwargs: Any) -> None:
        from hemicycle.core import notification_kinds as nk

        super().__init__(*args, **kwargs)
        self.kinds = {preference_field_name(k.key): k for k in nk.all_kinds(user)}
        for name, kind in self.kinds.items():
            allowed = kind.allowed()
            self.fields[name] = forms.ChoiceField(
                label=kind.label,
                help_text=kind.description,
                # Every channel is a valid choice here, so that "off" on a mandatory kind gets
                # the French explanation below rather than Django's generic refusal.
                choices=[(c.value, nk.SHORT_LABELS[c]) for c in nk.Channel],
                widget=forms.RadioSelect,
                initial=current.get(kind.key, kind.default),
                show_hidden_initial=True,
                error_messages={"required": f"Choisissez comment recevoir « {kind.label} »."},
            )
            self.fields[name].allowed = [c.value for c in allowed]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, kind in self.kinds.items():
            if kind.mandatory and cleaned.get(name) == "off":
                self.add_error(
                    name,
                    f"« {kind.label} » est obligatoire : vous pouvez choisir comment la "
                    "recevoir, mais pas la désactiver.",
                )
        return cleaned

    def groups(self) -> list[dict[str, Any]]:
        """The bound fields by area, in the registry's order, for the template."""
        result: list[dict[str, Any]] = []
        for name, kind in self.kinds.items():
            if not result or result[-1]["area"] != kind.area:
                result.append({"area": kind.area, "rows": []})
            bound = self[name]
            result[-1]["rows"].append(
                {"field": bound, "kind": kind, "initial": bound.as_hidden(only_initial=True)}
            )
        return result

    def changed(self) -> dict[str, str]:
        """{kind key: channel} for the kinds changed since the page was opened."""
        return {
            self.kinds[name].key: self.cleaned_data[name]
            for name in self.changed_data
            if name in self.kinds
        }
