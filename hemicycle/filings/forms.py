from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from hemicycle.core.forms import VersionedFormMixin
from hemicycle.council.models import CouncilGroup, FilingKind, Term
from hemicycle.council.selectors import current_term
from hemicycle.filings.models import PREAMBLE_KINDS, REPORT_KINDS, SITTING_KINDS, Filing
from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Report, Sitting
from hemicycle.sittings.selectors import FILING_BODY_KINDS

# Labels of the text fields, which read differently for each kind.
TEXT_LABELS: dict[str, dict[str, str]] = {
    "default": {
        "original_text": "Texte initial du rapport",
        "preamble": "Considérants",
        "text": "Texte",
        "motives": "Exposé des motifs",
    },
    FilingKind.AMENDEMENT: {"text": "Rédaction proposée"},
    FilingKind.SOUS_AMENDEMENT: {
        "original_text": "Texte de l’amendement visé",
        "text": "Rédaction proposée",
    },
    FilingKind.VOEU: {"text": "Le conseil régional demande…", "motives": "Présentation"},
    FilingKind.MOTION: {"text": "Dispositif", "motives": "Présentation"},
    FilingKind.MOTION_URGENCE: {"text": "Dispositif", "motives": "Motif de l’urgence"},
    FilingKind.QUESTION_ORALE: {"text": "Question", "motives": "Contexte"},
    FilingKind.QUESTION_ECRITE: {"text": "Question", "motives": "Contexte"},
    FilingKind.QUESTION_ACTUALITE: {"text": "Question", "motives": "Contexte"},
    FilingKind.TRIBUNE: {"text": "Texte de la tribune", "motives": "Note pour la rédaction"},
}


def text_labels(kind: str) -> dict[str, str]:
    return {**TEXT_LABELS["default"], **TEXT_LABELS.get(kind, {})}


def text_fields_for(kind: str) -> list[str]:
    """The text fields a kind uses, in reading order."""
    fields = []
    if kind in REPORT_KINDS:
        fields.append("original_text")
    if kind in PREAMBLE_KINDS:
        fields.append("preamble")
    fields += ["text", "motives"]
    return fields


def _councillors() -> Any:
    return Councillor.objects.filter(left_on__isnull=True).order_by("last_name", "first_name")


class TextsMixin(forms.Form):
    original_text = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Copiez le passage du rapport tel qu’il est rédigé.",
    )
    preamble = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Un considérant par paragraphe.",
    )
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}))
    motives = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 6}))

    def setup_texts(self, kind: str) -> None:
        labels = text_labels(kind)
        keep = text_fields_for(kind)
        for name in ("original_text", "preamble", "text", "motives"):
            if name in keep:
                self.fields[name].label = labels[name]
            else:
                del self.fields[name]

    def texts(self) -> dict[str, str]:
        return {
            name: self.cleaned_data.get(name, "")
            for name in ("original_text", "preamble", "text", "motives")
        }


class AuthorsMixin(forms.Form):
    first_author = forms.ModelChoiceField(
        label="Premier·e signataire", queryset=Councillor.objects.none()
    )
    coauthors = forms.ModelMultipleChoiceField(
        label="Co-auteur·es du groupe",
        queryset=Councillor.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def setup_authors(self) -> None:
        self.fields["first_author"].queryset = _councillors()  # type: ignore[attr-defined]
        self.fields["coauthors"].queryset = _councillors()  # type: ignore[attr-defined]


class FilingCreateForm(TextsMixin, AuthorsMixin, forms.Form):
    sitting = forms.ModelChoiceField(
        label="Séance", queryset=Sitting.objects.none(), required=False
    )
    report = forms.ModelChoiceField(label="Rapport", queryset=Report.objects.none(), required=False)
    parent = forms.ModelChoiceField(
        label="Amendement visé", queryset=Filing.objects.none(), required=False
    )
    title = forms.CharField(label="Objet", max_length=300)
    article = forms.CharField(label="Article visé", max_length=100, required=False)
    paragraph = forms.CharField(label="Alinéa", max_length=100, required=False)
    due_at = forms.DateTimeField(
        label="Échéance",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"],
    )

    def __init__(self, *args: Any, kind: str, sitting: Sitting | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.setup_texts(kind)
        self.setup_authors()
        upcoming = (
            Sitting.objects.filter(starts_at__gt=timezone.now(), body__kind__in=FILING_BODY_KINDS)
            .exclude(status=Sitting.Status.CANCELLED)
            .select_related("body")
            .order_by("starts_at")
        )
        self.fields["sitting"].queryset = upcoming  # type: ignore[attr-defined]
        if kind in SITTING_KINDS:
            self.fields["sitting"].required = True
        if kind in REPORT_KINDS:
            reports = Report.objects.filter(sitting__in=upcoming).select_related("sitting")
            if sitting is not None:
                reports = reports.filter(sitting=sitting)
            self.fields["report"].queryset = reports.order_by("number")  # type: ignore[attr-defined]
            self.fields["report"].label_from_instance = (  # type: ignore[attr-defined]
                lambda r: f"{r.number} — {r.title[:90]}"
            )
        else:
            del self.fields["report"]
            del self.fields["article"]
            del self.fields["paragraph"]
        if kind == FilingKind.SOUS_AMENDEMENT:
            self.fields["parent"].required = True
            self.fields["parent"].queryset = (  # type: ignore[attr-defined]
                Filing.objects.filter(kind=FilingKind.AMENDEMENT, sitting__in=upcoming)
                .exclude(status=Filing.Status.ABANDONED)
                .select_related("sitting")
            )
        else:
            del self.fields["parent"]
        if kind in SITTING_KINDS:
            del self.fields["due_at"]

    def details(self) -> dict[str, Any]:
        names = ("sitting", "report", "parent", "title", "article", "paragraph", "due_at")
        data = {n: self.cleaned_data.get(n) for n in names if n in self.fields}
        data["kind"] = self.kind
        return data


class FilingDetailsForm(VersionedFormMixin, AuthorsMixin, forms.ModelForm):
    class Meta:
        model = Filing
        fields = ["title", "article", "paragraph", "due_at"]
        widgets = {
            "due_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_authors()
        filing = self.instance
        if not filing.needs_report:
            del self.fields["article"]
            del self.fields["paragraph"]
        if filing.needs_sitting:
            del self.fields["due_at"]
        if not self.is_bound:
            authorships = list(filing.authorships.all())
            first = next((a for a in authorships if a.role == "author"), None)
            self.initial["first_author"] = first.councillor_id if first else None
            self.initial["coauthors"] = [a.councillor_id for a in authorships if a.role != "author"]


class VersionForm(TextsMixin, forms.Form):
    summary = forms.CharField(
        label="Résumé de la modification",
        max_length=300,
        required=False,
        help_text="Par exemple : « reformulation de l’alinéa 2 ».",
    )
    base_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setup_texts(kind)


class CompareForm(forms.Form):
    de = forms.IntegerField(label="Version de départ", min_value=1)
    a = forms.IntegerField(label="Version d’arrivée", min_value=1)


class FileForm(forms.Form):
    registration_number = forms.CharField(
        label="Numéro d’enregistrement",
        max_length=50,
        help_text="Le numéro attribué par le service de l’assemblée.",
    )
    late_reason = forms.CharField(
        label="Motif du dépôt hors délai",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire si le délai est dépassé (secrétariat général seulement).",
    )


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Sort", choices=Filing.Outcome.choices)
    opinion = forms.ChoiceField(
        label="Avis de l’exécutif",
        choices=[("", "—"), *list(Filing.Opinion.choices)],
        required=False,
    )
    decided_on = forms.DateField(
        label="Date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label="Observations", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ShareForm(forms.Form):
    council_group = forms.ModelChoiceField(
        label="Groupe partenaire", queryset=CouncilGroup.objects.none()
    )

    def __init__(self, *args: Any, filing: Filing, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        shared = [s.council_group_id for s in filing.shares.all() if s.revoked_at is None]
        term_id = filing.sitting.body.term_id if filing.sitting is not None else None
        qs = CouncilGroup.objects.filter(own_group__isnull=True, is_archived=False).exclude(
            pk__in=shared
        )
        if term_id:
            qs = qs.filter(term_id=term_id)
        self.fields["council_group"].queryset = qs.order_by("name")  # type: ignore[attr-defined]


class CommentForm(forms.Form):
    text = forms.CharField(label="Commentaire", widget=forms.Textarea(attrs={"rows": 3}))
    internal = forms.BooleanField(
        label="Interne au groupe (jamais montré aux partenaires)", required=False, initial=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, show_internal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not show_internal:
            del self.fields["internal"]


class CosignForm(forms.Form):
    signer = forms.ChoiceField(label="Élu·e signataire")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].choices = [("", "— choisir —"), *choices]  # type: ignore[attr-defined]


class FilterForm(forms.Form):
    term = forms.ModelChoiceField(
        label="Mandature", queryset=Term.objects.none(), required=False, empty_label="Toutes"
    )
    q = forms.CharField(label="Objet ou numéro", required=False)
    kind = forms.ChoiceField(
        label="Type", choices=[("", "Tous"), *FilingKind.choices], required=False
    )
    status = forms.ChoiceField(
        label="Statut",
        choices=[("", "Tous (sauf abandonnés)"), *Filing.Status.choices],
        required=False,
    )
    sitting = forms.ModelChoiceField(
        label="Séance", queryset=Sitting.objects.none(), required=False
    )
    author = forms.ModelChoiceField(
        label="Auteur·e", queryset=Councillor.objects.none(), required=False
    )

    def __init__(self, *args: Any, show_internal: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.order_by("-start_date")  # type: ignore[attr-defined]
        # The list opens on the current mandature: years of archives must not make
        # today's list (and its choice of séances) scan them all.
        term = self._chosen_term()
        self.initial["term"] = term.pk if term else None
        sittings = Sitting.objects.filter(filings__isnull=False)
        if term is not None:
            sittings = sittings.filter(body__term=term)
        self.fields["sitting"].queryset = (  # type: ignore[attr-defined]
            sittings.distinct().select_related("body").order_by("-starts_at")
        )
        if show_internal:
            self.fields["author"].queryset = Councillor.objects.order_by("last_name")  # type: ignore[attr-defined]
        else:
            del self.fields["author"]
            del self.fields["status"]

    def _chosen_term(self) -> Term | None:
        """The mandature asked for ("" = all of them), else the current one."""
        if self.is_bound and "term" in self.data:
            value = self.data.get("term")
            if not value:
                return None
            return Term.objects.filter(pk=value).first() if str(value).isdigit() else None
        return current_term()

    def filters(self) -> dict[str, Any]:
        """The chosen filters, the current mandature by default; only the mandature when
        the form is not valid (the page shows the errors)."""
        if self.is_bound and self.is_valid():
            data = dict(self.cleaned_data)
            if "term" not in self.data:
                data["term"] = current_term()
            return data
        return {"term": self._chosen_term()}
