from __future__ import annotations

from django.conf import settings
from django.db import models

from hemicycle.core.models import TimeStampedModel, VersionedModel
from hemicycle.sittings.models import Report


class FollowUp(VersionedModel):
    """The group's follow-up of one rapport: who analyses it, how far it has gone."""

    class Priority(models.TextChoices):
        HIGH = "high", "Haute"
        NORMAL = "normal", "Normale"
        LOW = "low", "Basse"

    class Status(models.TextChoices):
        TO_ANALYSE = "to_analyse", "À analyser"
        ANALYSING = "analysing", "En analyse"
        BRIEF_VALIDATED = "brief_validated", "Note validée"
        LINE_SET = "line_set", "Ligne arrêtée"

    # CASCADE: a follow-up is the group's annotation of its rapport.
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="follow_up")
    # SET_NULL: a councillor or staff member leaving must not erase the follow-up.
    referent = models.ForeignKey(
        "group.Councillor",
        verbose_name="élu·e référent·e",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_reports",
    )
    staff_member = models.ForeignKey(
        "group.StaffMember",
        verbose_name="collaborateur·rice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_reports",
    )
    priority = models.CharField(
        "priorité", max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    status = models.CharField(
        "avancement", max_length=20, choices=Status.choices, default=Status.TO_ANALYSE
    )

    class Meta:
        verbose_name = "suivi de rapport"
        verbose_name_plural = "suivis de rapports"

    def __str__(self) -> str:
        return f"Suivi de {self.report}"


class Brief(VersionedModel):
    """The note d'enjeux: the group's internal analysis of a rapport."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        REVIEW = "review", "En relecture"
        VALIDATED = "validated", "Validée"

    # CASCADE: the note is part of the rapport's follow-up.
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="brief")
    status = models.CharField("statut", max_length=10, choices=Status.choices, default=Status.DRAFT)
    # SET_NULL: keep the validation date even if the validator's account goes.
    validated_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)

    class Meta:
        verbose_name = "note d’enjeux"
        verbose_name_plural = "notes d’enjeux"

    def __str__(self) -> str:
        return f"Note d’enjeux — {self.report}"


class BriefVersion(TimeStampedModel):
    """One saved text of a note d'enjeux; versions are never edited, only added."""

    # CASCADE: versions are the note's history.
    brief = models.ForeignKey(Brief, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("version")
    text = models.TextField("texte")
    # SET_NULL: the text outlives its author's account.
    author = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "version de note"
        verbose_name_plural = "versions de notes"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["brief", "number"], name="brief_version_unique")
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class VoteLine(VersionedModel):
    """The consigne de vote on a rapport, with its rationale and public explanation."""

    class Position(models.TextChoices):
        POUR = "pour", "Pour"
        CONTRE = "contre", "Contre"
        ABSTENTION = "abstention", "Abstention"
        NPPV = "nppv", "Ne prend pas part au vote"
        FREE = "free", "Liberté de vote"

    # CASCADE: the line is part of the rapport's follow-up.
    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="vote_line")
    position = models.CharField("consigne", max_length=12, choices=Position.choices)
    rationale = models.TextField("motivation (interne)", blank=True)
    explanation = models.TextField("explication de vote (publique)", blank=True)
    decided_on = models.DateField("arrêtée le", null=True, blank=True)

    class Meta:
        verbose_name = "consigne de vote"
        verbose_name_plural = "consignes de vote"

    def __str__(self) -> str:
        return f"{self.get_position_display()} — {self.report}"


class SpeechQuerySet(models.QuerySet["Speech"]):
    def current(self) -> SpeechQuerySet:
        return self.filter(archived_at__isnull=True)

    def archived(self) -> SpeechQuerySet:
        return self.filter(archived_at__isnull=False)


class Speech(VersionedModel):
    """A planned prise de parole of a group councillor on a rapport.

    "Retirer" archives it (archived_at) rather than deleting it, so that a mistaken removal
    can be undone from the Archives page; every read of planned speeches uses `current()`.
    """

    # CASCADE: part of the rapport's follow-up.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="speeches")
    # PROTECT: councillors are never deleted.
    councillor = models.ForeignKey(
        "group.Councillor",
        verbose_name="orateur·rice",
        on_delete=models.PROTECT,
        related_name="speeches",
    )
    planned_minutes = models.DecimalField("durée prévue (min)", max_digits=4, decimal_places=1)
    topic = models.CharField("sujet", max_length=255, blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=0)
    archived_at = models.DateTimeField("retirée le", null=True, blank=True)
    # SET_NULL: the archive outlives the account; the audit trail keeps who archived it.
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="retirée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SpeechQuerySet.as_manager()

    class Meta:
        verbose_name = "prise de parole"
        verbose_name_plural = "prises de parole"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"{self.councillor} — {self.planned_minutes} min"
