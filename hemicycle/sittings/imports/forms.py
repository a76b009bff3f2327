from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class AgendaUploadForm(forms.Form):
    FORMATS = (
        ("auto", "Reconnaître automatiquement"),
        ("csv", "Modèle CSV du groupe"),
        ("scdl", "SCDL délibérations (CSV)"),
        ("pdf", "PDF des rapports (ou archive zip)"),
    )
    format = forms.ChoiceField(label="Format", choices=FORMATS, initial="auto")
    # The metaclass moves declared fields into base_fields: no clash with BaseForm.files.
    files = MultipleFileField(  # type: ignore[assignment]
        label="Fichier(s)",
        help_text="Un fichier CSV, ou plusieurs PDF, ou une archive zip de PDF.",
    )

    def clean_files(self) -> list[Any]:
        uploads = self.cleaned_data["files"]
        limit = settings.HEMICYCLE_MAX_UPLOAD_BYTES
        for upload in uploads:
            if upload.size > limit:
                raise forms.ValidationError(
                    f"« {upload.name} » pèse {filesizeformat(upload.size)}, au-delà de la taille "
                    f"maximale autorisée ({filesizeformat(limit)}) : rien n’a été importé."
                )
        return uploads

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean() returns cleaned_data
        uploads = data.get("files") or []
        if data.get("format") in {"csv", "scdl"} and len(uploads) > 1:
            self.add_error("files", "Déposez un seul fichier CSV à la fois.")
        return data
