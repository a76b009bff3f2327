from __future__ import annotations

from django import forms

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.opendata.models import OpenDataSettings


def _help(name: str) -> str:
    return str(getattr(OpenDataSettings._meta.get_field(name), "help_text", ""))


class OpenDataSettingsForm(VersionedFormMixin, forms.ModelForm):
    # Longer than 14: a SIRET is often copied with its spaces (« 200 053 742 00017 »).
    collectivity_siret = forms.CharField(
        label="SIRET de la collectivité",
        max_length=20,
        help_text="14 chiffres, espaces acceptés (colonne COLL_SIRET du fichier SCDL).",
    )
    license_url = forms.URLField(
        label="Licence", assume_scheme="https", help_text=_help("license_url")
    )
    publication_url = forms.URLField(
        label="Adresse de publication OParl",
        required=False,
        assume_scheme="https",
        help_text=_help("publication_url"),
    )

    class Meta:
        model = OpenDataSettings
        fields = [
            "publish_sittings",
            "publish_documents",
            "publish_filings",
            "publish_people",
            "collectivity_name",
            "collectivity_siret",
            "license_url",
            "publication_url",
            "contact_email",
        ]

    def clean_collectivity_siret(self) -> str:
        return "".join(self.cleaned_data["collectivity_siret"].split())
