from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.db.models import Q
from django.template.defaultfilters import filesizeformat

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.council import selectors
from hemicycle.council.models import CouncilGroup, RosterMember, Term
from hemicycle.group.models import Group, Section, colour_validator


class RosterFilterForm(forms.Form):
    STATUS_CHOICES = [
        (RosterMember.Status.ACTIVE, "En mandat"),
        (RosterMember.Status.LEFT, "Parti·es"),
        ("all", "Tous les statuts"),
    ]

    q = forms.CharField(label="Nom ou fonction", required=False, max_length=100)
    section = forms.ChoiceField(
        label="Section", required=False, choices=[("", "Toutes les sections"), *Section.choices]
    )
    group = forms.ChoiceField(label="Groupe", required=False)
    status = forms.ChoiceField(label="Statut", required=False, choices=STATUS_CHOICES)

    def __init__(self, *args: Any, term: Term | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["group"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "Tous les groupes"),
            *selectors.group_choices(term=term),
            (selectors.NO_GROUP, "Non-inscrit·es"),
        ]


class RosterMemberForm(VersionedFormMixin, forms.ModelForm):
    """Only what the group decides: the RNE owns every other column."""

    class Meta:
        model = RosterMember
        fields = ["council_group", "group_councillor"]
        help_texts = {
            "council_group": "Laissez vide pour un·e non-inscrit·e.",
            "group_councillor": "Pour les élu·es de notre groupe : relie le registre à leur "
            "fiche (activité, désignations, votes).",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        member = self.instance
        group_field = self.fields["council_group"]
        link_field = self.fields["group_councillor"]
        assert isinstance(group_field, forms.ModelChoiceField)
        assert isinstance(link_field, forms.ModelChoiceField)
        # An archived group stays selectable for the members who already belong to it.
        group_field.queryset = CouncilGroup.objects.filter(
            Q(is_archived=False) | Q(pk=member.council_group_id), term_id=member.term_id
        )
        group_field.empty_label = "— Non-inscrit·e —"
        link_field.queryset = selectors.linkable_councillors(member=member)
        link_field.empty_label = "— Aucune —"


class CouncilGroupForm(VersionedFormMixin, forms.ModelForm):
    colour = forms.CharField(
        label="Couleur",
        max_length=7,
        validators=[colour_validator],
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text="Utilisée dans les graphiques de l’hémicycle.",
    )

    class Meta:
        model = CouncilGroup
        fields = [
            "name",
            "short_name",
            "side",
            "seats",
            "colour",
            "president_name",
            "own_group",
            "is_archived",
        ]
        help_texts = {
            "own_group": "À renseigner uniquement pour la ligne de notre propre groupe.",
            "is_archived": "Un groupe dissous est archivé plutôt que supprimé : ses membres "
            "et son historique restent consultables.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = self.fields["own_group"]
        assert isinstance(own, forms.ModelChoiceField)
        own.queryset = Group.objects.order_by("name")
        own.empty_label = "— Un autre groupe —"


class RneUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier du RNE",
        help_text="Le fichier « conseillers régionaux » du Répertoire national des élus, "
        "au format CSV (séparateur point-virgule), tel que publié sur data.gouv.fr.",
    )
    region = forms.RegexField(
        label="Code de la région",
        regex=r"^\d{1,3}$",
        max_length=3,
        error_messages={"invalid": "Indiquez le code numérique de la région, par exemple 32."},
        help_text="32 pour les Hauts-de-France : les lignes des autres régions sont ignorées.",
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        limit = settings.HEMICYCLE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"Le fichier pèse {filesizeformat(upload.size)}, au-delà de la taille "
                f"maximale autorisée ({filesizeformat(limit)})."
            )
        return upload
