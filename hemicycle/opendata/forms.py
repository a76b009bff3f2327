from __future__ import annotations

from django import forms

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.opendata.models import OpenDataSettings


class OpenDataSettingsForm(VersionedFormMixin, forms.ModelForm):
    license_url = forms.URLField(label="Licence", assume_scheme="https")
    publication_url = forms.URLField(
        label="Adresse de publication OParl",
        required=False,
        assume_scheme="https",
        help_text=OpenDataSettings._meta.get_field("publication_url").help_text,
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
