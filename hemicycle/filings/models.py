"""The group's filings (dépôts): amendements, vœux, motions, questions, tribunes.

A filing is drafted in versions (never edited in place), goes through a workflow held in
`status` (transitions in services.TRANSITIONS), and may be shared with partner groups who
then see that filing only, comment on it and co-sign it.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from hemicycle.core.models import TimeStampedModel, VersionedModel
from hemicycle.council.models import FilingKind

# Kinds that target a place in a rapport (article, alinéa) and carry its original text.
REPORT_KINDS = frozenset({FilingKind.AMENDEMENT, FilingKind.SOUS_AMENDEMENT})
# Kinds debated in a séance: they need one. A question écrite is sent to the executive
# outside any séance; a tribune goes to the magazine, optionally tied to a séance.
SITTING_KINDS = frozenset(
    {
        FilingKind.AMENDEMENT,
        FilingKind.SOUS_AMENDEMENT,
        FilingKind.VOEU,
        FilingKind.MOTION,
        FilingKind.MOTION_URGENCE,
        FilingKind.QUESTION_ORALE,
        FilingKind.QUESTION_ACTUALITE,
    }
)
# Kinds whose text is preceded by considérants.
PREAMBLE_KINDS = frozenset({FilingKind.VOEU, FilingKind.MOTION, FilingKind.MOTION_URGENCE})

# Short prefixes of the group's own numbering: "A-03" is the third amendement of the séance.
NUMBER_PREFIX: dict[str, str] = {
    FilingKind.AMENDEMENT: "A",
    FilingKind.SOUS_AMENDEMENT: "SA",
    FilingKind.VOEU: "V",
    FilingKind.MOTION: "M",
    FilingKind.MOTION_URGENCE: "MU",
    FilingKind.QUESTION_ORALE: "QO",
    FilingKind.QUESTION_ECRITE: "QE",
    FilingKind.QUESTION_ACTUALITE: "QA",
    FilingKind.TRIBUNE: "T",
}


class Filing(VersionedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        REVIEW = "review", "En relecture"
        VALIDATED = "validated", "Validé"
        FILED = "filed", "Déposé"
        DECIDED = "decided", "Sort connu"
        ABANDONED = "abandoned", "Abandonné"

    class Outcome(models.TextChoices):
        ADOPTED = "adopte", "Adopté"
        ADOPTED_AMENDED = "adopte_modifie", "Adopté modifié"
        REJECTED = "rejete", "Rejeté"
        WITHDRAWN = "retire", "Retiré"
        INADMISSIBLE = "irrecevable", "Irrecevable"
        FALLEN = "tombe", "Tombé"
        NOT_MOVED = "non_soutenu", "Non soutenu"

    class Opinion(models.TextChoices):
        FAVORABLE = "favorable", "Favorable"
        UNFAVORABLE = "defavorable", "Défavorable"
        WISDOM = "sagesse", "Sagesse"

    kind = models.CharField("type", max_length=20, choices=FilingKind.choices)
    # PROTECT: a séance with filings is the record of what the group did in it.
    sitting = models.ForeignKey(
        "sittings.Sitting",
        verbose_name="séance",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    # PROTECT: an amendment without its rapport would lose its meaning.
    report = models.ForeignKey(
        "sittings.Report",
        verbose_name="rapport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="filings",
    )
    # PROTECT: a sous-amendement amends its parent; the parent is never deleted.
    parent = models.ForeignKey(
        "self",
        verbose_name="amendement visé",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sub_amendments",
    )
    title = models.CharField("objet", max_length=300)
    article = models.CharField("article visé", max_length=100, blank=True)
    paragraph = models.CharField("alinéa", max_length=100, blank=True)
    due_at = models.DateTimeField(
        "échéance",
        null=True,
        blank=True,
        help_text="Pour une question écrite ou une tribune sans séance : date limite d’envoi.",
    )
    # The group's own number within the séance: kept after withdrawal, because
    # minutes and the group's lists cite filings by number.
    sequence = models.PositiveIntegerField("numéro d’ordre", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    registration_number = models.CharField("numéro d’enregistrement", max_length=50, blank=True)
    filed_at = models.DateTimeField("déposé le", null=True, blank=True)
    late_reason = models.TextField("motif du dépôt hors délai", blank=True)
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    # SET_NULL: keep the validation date even if the validator's account goes.
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("sort", max_length=20, choices=Outcome.choices, blank=True)
    opinion = models.CharField(
        "avis de l’exécutif", max_length=12, choices=Opinion.choices, blank=True
    )
    outcome_note = models.TextField("observations sur le sort", blank=True)
    decided_on = models.DateField("date du sort", null=True, blank=True)
    status_before_abandon = models.CharField(max_length=12, blank=True, editable=False)
    # SET_NULL: the filing outlives the account that opened it.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    authors = models.ManyToManyField(
        "group.Councillor", through="FilingAuthor", related_name="filings", verbose_name="auteur·es"
    )

    class Meta:
        verbose_name = "dépôt"
        verbose_name_plural = "dépôts"
        ordering = ["sitting__starts_at", "kind", "sequence", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "kind", "sequence"], name="filings_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("filings:detail", args=[self.pk])

    @property
    def reference(self) -> str:
        prefix = NUMBER_PREFIX.get(self.kind, "D")
        if self.sequence:
            return f"{prefix}-{self.sequence:02d}"
        return f"{prefix}-?"

    @property
    def needs_report(self) -> bool:
        return self.kind in REPORT_KINDS

    @property
    def needs_sitting(self) -> bool:
        return self.kind in SITTING_KINDS

    @property
    def has_preamble(self) -> bool:
        return self.kind in PREAMBLE_KINDS

    @property
    def is_open(self) -> bool:
        """Still being written or validated: the text may change."""
        return self.status in {self.Status.DRAFT, self.Status.REVIEW, self.Status.VALIDATED}

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.ABANDONED or self.outcome == self.Outcome.WITHDRAWN

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind in SITTING_KINDS and not self.sitting_id:
            errors["sitting"] = "Ce type de dépôt se rattache à une séance : choisissez-la."
        if self.kind in REPORT_KINDS and not self.report_id:
            errors["report"] = "Un amendement vise un rapport : choisissez-le."
        if (
            self.report is not None
            and self.sitting_id
            and self.report.sitting_id != self.sitting_id
        ):
            errors["report"] = "Ce rapport n’est pas inscrit à l’ordre du jour de cette séance."
        if self.kind == FilingKind.SOUS_AMENDEMENT and not self.parent_id:
            errors["parent"] = "Un sous-amendement vise un amendement : choisissez-le."
        if self.parent is not None:
            if self.parent.kind != FilingKind.AMENDEMENT:
                errors["parent"] = "Un sous-amendement ne peut viser qu’un amendement."
            elif self.report_id and self.parent.report_id != self.report_id:
                errors["parent"] = "L’amendement visé porte sur un autre rapport."
        if errors:
            raise ValidationError(errors)

    def latest_version(self) -> FilingVersion | None:
        return self.versions.order_by("-number").first()


class FilingAuthor(models.Model):
    """A councillor of the group who signs the filing: the first author, or a co-author."""

    class Role(models.TextChoices):
        AUTHOR = "author", "Premier·e signataire"
        COAUTHOR = "coauthor", "Co-auteur·e"

    # CASCADE: an authorship is part of its filing.
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="authorships")
    # PROTECT: councillors are never deleted, they leave.
    councillor = models.ForeignKey(
        "group.Councillor",
        verbose_name="élu·e",
        on_delete=models.PROTECT,
        related_name="filing_authorships",
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.COAUTHOR)

    class Meta:
        verbose_name = "auteur·e"
        verbose_name_plural = "auteur·es"
        # "author" sorts before "coauthor": the first signatory comes first.
        ordering = ["role", "councillor__last_name", "councillor__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "councillor"], name="filing_author_unique")
        ]

    def __str__(self) -> str:
        return f"{self.councillor} ({self.get_role_display()})"


class FilingVersion(TimeStampedModel):
    """One full text of a filing; versions are never edited, only added."""

    # CASCADE: versions are the filing's history.
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    original_text = models.TextField("texte initial du rapport", blank=True)
    preamble = models.TextField("considérants", blank=True)
    text = models.TextField("texte")
    motives = models.TextField("exposé des motifs", blank=True)
    summary = models.CharField("résumé de la modification", max_length=300, blank=True)
    # SET_NULL: the text outlives its author's account.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="rédigée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "version de dépôt"
        verbose_name_plural = "versions de dépôts"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "number"], name="filing_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"

    @property
    def length(self) -> int:
        return len(self.preamble) + len(self.text)


class FilingShare(TimeStampedModel):
    """A filing shown to a partner council group: their accounts see this filing only."""

    # CASCADE: a share is part of its filing.
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="shares")
    # PROTECT: a council group is archived, never deleted.
    council_group = models.ForeignKey(
        "council.CouncilGroup",
        verbose_name="groupe partenaire",
        on_delete=models.PROTECT,
        related_name="shared_filings",
    )
    # SET_NULL: the record of the share outlives the account that made it.
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A revoked share is kept (who saw what, and when), not deleted.
    revoked_at = models.DateTimeField("retiré le", null=True, blank=True)

    class Meta:
        verbose_name = "partage"
        verbose_name_plural = "partages"
        constraints = [
            models.UniqueConstraint(fields=["filing", "council_group"], name="filing_share_unique")
        ]

    def __str__(self) -> str:
        return f"{self.filing} → {self.council_group}"


class Cosignature(TimeStampedModel):
    """A councillor of a partner group (from the council's roster) co-signing a filing."""

    # CASCADE: a co-signature is part of its filing.
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="cosignatures")
    # PROTECT: the roster is the mandature's record.
    signer = models.ForeignKey(
        "council.RosterMember",
        verbose_name="signataire",
        on_delete=models.PROTECT,
        related_name="cosignatures",
    )
    # PROTECT: a council group is archived, never deleted.
    council_group = models.ForeignKey(
        "council.CouncilGroup",
        verbose_name="groupe",
        on_delete=models.PROTECT,
        related_name="cosignatures",
    )
    # SET_NULL: the signature outlives the partner account that recorded it.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)

    class Meta:
        verbose_name = "co-signature"
        verbose_name_plural = "co-signatures"
        ordering = ["council_group__name", "signer__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["filing", "signer"], name="filing_cosignature_unique")
        ]

    def __str__(self) -> str:
        return f"{self.signer} ({self.council_group})"


class FilingComment(TimeStampedModel):
    """A comment on a filing, optionally on one of its versions.

    `internal` comments are the group's own: partner accounts never see them.
    """

    # CASCADE: comments are part of the filing's discussion.
    filing = models.ForeignKey(Filing, on_delete=models.CASCADE, related_name="comments")
    # SET_NULL: a comment may outlive a version only if versions were ever removed (never).
    version = models.ForeignKey(
        FilingVersion,
        verbose_name="version",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="comments",
    )
    # SET_NULL: the discussion outlives accounts; author_label keeps the name.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField("auteur·rice", max_length=200)
    text = models.TextField("commentaire")
    internal = models.BooleanField(
        "interne au groupe",
        default=True,
        help_text="Un commentaire interne n’est jamais montré aux groupes partenaires.",
    )

    class Meta:
        verbose_name = "commentaire"
        verbose_name_plural = "commentaires"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.author_label} — {self.created_at:%d/%m/%Y}"
