from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.council.models import Body
from hemicycle.group.models import Section
from hemicycle.sittings.models import Report, Sitting, Theme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _bodies() -> Any:
    return Body.objects.filter(is_archived=False).select_related("term").order_by("order", "name")


class SittingFilterForm(forms.Form):
    body = forms.ModelChoiceField(
        label="Instance", queryset=Body.objects.none(), required=False, empty_label="Toutes"
    )
    status = forms.ChoiceField(
        label="Statut", choices=[("", "Tous"), *Sitting.Status.choices], required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = _bodies()  # type: ignore[attr-defined]


class SittingForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Sitting
        fields = [
            "body",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "place_detail",
            "convocation_date",
            "status",
            "notes",
        ]
        widgets = {
            "starts_at": DATETIME,
            "ends_at": DATETIME,
            "convocation_date": DATE,
            "notes": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "title": "Facultatif : par défaut « Instance du jj/mm/aaaa ».",
            "convocation_date": "Date d’envoi de la convocation et des rapports.",
        }
        error_messages = {
            "starts_at": {
                "required": "Indiquez la date et l’heure de la séance.",
                "invalid": "Date et heure invalides : utilisez le format jj/mm/aaaa hh:mm.",
            },
            "body": {"required": "Choisissez l’instance qui siège."},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = _bodies()  # type: ignore[attr-defined]
        self.fields["place"].required = False
        self.fields["place"].help_text = "Vide : le lieu habituel de l’instance."


class ReportForm(VersionedFormMixin, forms.ModelForm):
    themes_text = forms.CharField(
        label="Thèmes",
        required=False,
        help_text="Séparés par des virgules ; un thème inconnu est créé.",
    )
    departments = forms.MultipleChoiceField(
        label="Départements concernés",
        choices=Section.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    beneficiaries_text = forms.CharField(
        label="Bénéficiaires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un organisme par ligne ; sert plus tard au déport des élu·es.",
    )

    class Meta:
        model = Report
        fields = [
            "number",
            "title",
            "order",
            "commissions",
            "rapporteur",
            "amount",
            "summary",
            "deliberation_number",
        ]
        widgets = {
            "commissions": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 5}),
            "title": forms.Textarea(attrs={"rows": 2}),
        }
        error_messages = {
            "number": {"required": "Indiquez le numéro du rapport."},
            "title": {"required": "Indiquez l’intitulé du rapport."},
        }

    def __init__(self, *args: Any, sitting: Sitting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sitting = sitting
        self.fields["commissions"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            term_id=sitting.body.term_id, kind=Body.Kind.COMMISSION, is_archived=False
        ).order_by("order", "name")
        instance = self.instance
        if instance.pk and not self.is_bound:
            self.initial["themes_text"] = ", ".join(t.name for t in instance.themes.all())
            self.initial["departments"] = [d.section for d in instance.departments.all()]
            self.initial["beneficiaries_text"] = "\n".join(
                o.name for o in instance.beneficiaries.all()
            )

    def _post_clean(self) -> None:
        # The séance is set by the service, which reports a duplicate number in French.
        self.instance.sitting = self.sitting
        super()._post_clean()  # type: ignore[misc]  # private Django hook, absent from the stubs

    def clean_themes_text(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["themes_text"].split(",")]
        return list(dict.fromkeys(n for n in names if n))

    def clean_beneficiaries_text(self) -> list[str]:
        names = [n.strip() for n in self.cleaned_data["beneficiaries_text"].splitlines()]
        return list(dict.fromkeys(n for n in names if n))


class ReportFilterForm(forms.Form):
    q = forms.CharField(label="Numéro ou intitulé", required=False)
    commission = forms.ModelChoiceField(
        label="Commission", queryset=Body.objects.none(), required=False, empty_label="Toutes"
    )
    theme = forms.ModelChoiceField(
        label="Thème", queryset=Theme.objects.none(), required=False, empty_label="Tous"
    )
    department = forms.ChoiceField(
        label="Département", choices=[("", "Tous"), *Section.choices], required=False
    )
    amount_min = forms.DecimalField(label="Montant minimum (€)", required=False, min_value=0)
    amount_max = forms.DecimalField(label="Montant maximum (€)", required=False, min_value=0)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["commission"].queryset = Body.objects.filter(  # type: ignore[attr-defined]
            kind=Body.Kind.COMMISSION
        ).order_by("order", "name")
        self.fields["theme"].queryset = Theme.objects.order_by("name")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        low, high = data.get("amount_min"), data.get("amount_max")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max", "Le maximum est inférieur au minimum.")
        return data


class ReportListFilterForm(ReportFilterForm):
    body = forms.ModelChoiceField(
        label="Instance", queryset=Body.objects.none(), required=False, empty_label="Toutes"
    )
    sitting = forms.ModelChoiceField(
        label="Séance", queryset=Sitting.objects.none(), required=False, empty_label="Toutes"
    )
    since = forms.DateField(label="Séances depuis le", required=False, widget=DATE)
    until = forms.DateField(label="Séances jusqu’au", required=False, widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = _bodies()  # type: ignore[attr-defined]
        self.fields["sitting"].queryset = Sitting.objects.select_related(  # type: ignore[attr-defined]
            "body"
        ).order_by("-starts_at")


class DocumentUploadForm(forms.Form):
    title = forms.CharField(
        label="Titre du document",
        max_length=255,
        help_text="Un document du même titre devient une nouvelle version.",
        error_messages={"required": "Donnez un titre au document."},
    )
    file = forms.FileField(
        label="Fichier PDF",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "required": "Choisissez un fichier PDF.",
            "empty": "Ce fichier est vide.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit = settings.HEMICYCLE_MAX_UPLOAD_BYTES // 2**20
        self.fields["file"].help_text = f"PDF uniquement, {limit}\u00a0Mo au plus."
