from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from hemicycle.core.models import TimeStampedModel, VersionedModel
from hemicycle.group.models import Section


class Term(VersionedModel):
    """A mandature of the council."""

    name = models.CharField("nom", max_length=100)
    region_code = models.CharField(
        "code de la région", max_length=3, default="32", help_text="32 pour les Hauts-de-France."
    )
    region_name = models.CharField("région", max_length=100, default="Hauts-de-France")
    seats = models.PositiveSmallIntegerField("nombre de sièges", default=170)
    start_date = models.DateField("installation")
    end_date = models.DateField("fin prévue")

    class Meta:
        verbose_name = "mandature"
        verbose_name_plural = "mandatures"
        ordering = ["-start_date"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            raise ValidationError({"end_date": "La fin de la mandature doit suivre son début."})


class CouncilGroup(VersionedModel):
    """A political group of the council (ours included), with its side and size."""

    class Side(models.TextChoices):
        MAJORITY = "majority", "Majorité"
        OPPOSITION = "opposition", "Opposition"
        UNAFFILIATED = "unaffiliated", "Non-inscrit·es"

    # PROTECT: groups belong to their mandature's history.
    term = models.ForeignKey(
        Term, verbose_name="mandature", on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("sigle", max_length=40)
    side = models.CharField("position", max_length=15, choices=Side.choices)
    seats = models.PositiveSmallIntegerField("nombre d’élu·es")
    colour = models.CharField("couleur", max_length=7, default="#777777")
    president_name = models.CharField("président·e du groupe", max_length=150, blank=True)
    # PROTECT: our own group's entry is the bridge between the roster and the group's records.
    own_group = models.OneToOneField(
        "group.Group",
        verbose_name="notre groupe",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="council_group",
    )
    is_archived = models.BooleanField("archivé", default=False)

    class Meta:
        verbose_name = "groupe du conseil"
        verbose_name_plural = "groupes du conseil"
        ordering = ["-seats", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="council_group_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RosterMember(VersionedModel):
    """One councillor of the council as the national register (RNE) lists them.

    The RNE has no identifier for regional councillors: a person is recognised across
    re-imports by `match_key` (normalised names and birth date).
    """

    class Status(models.TextChoices):
        ACTIVE = "active", "En mandat"
        LEFT = "left", "Parti·e"

    class Sex(models.TextChoices):
        F = "F", "Femme"
        M = "M", "Homme"

    # PROTECT: a roster is the record of a mandature.
    term = models.ForeignKey(
        Term, verbose_name="mandature", on_delete=models.PROTECT, related_name="roster"
    )
    match_key = models.CharField(max_length=250, editable=False)
    section = models.CharField("section départementale", max_length=2, choices=Section.choices)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("date de naissance")
    profession_code = models.CharField("code CSP", max_length=10, blank=True)
    profession = models.CharField("catégorie socio-professionnelle", max_length=200, blank=True)
    mandate_start = models.DateField("début du mandat")
    function = models.CharField("fonction", max_length=200, blank=True)
    function_start = models.DateField("début de la fonction", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    left_on = models.DateField("parti·e le", null=True, blank=True)
    # SET_NULL: a group can be archived; the councillor stays in the roster, unaffiliated.
    council_group = models.ForeignKey(
        CouncilGroup,
        verbose_name="groupe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    # SET_NULL: the roster entry outlives the group's own record of the person.
    group_councillor = models.OneToOneField(
        "group.Councillor",
        verbose_name="fiche dans notre groupe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="roster_entry",
    )

    class Meta:
        verbose_name = "conseiller·ère régional·e"
        verbose_name_plural = "conseiller·ères régionaux·ales"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "match_key"], name="roster_unique_person"),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RosterImport(TimeStampedModel):
    """One import of an RNE file: what it changed, for the roster's history page."""

    # PROTECT: imports are the roster's provenance.
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="imports")
    file_name = models.CharField("fichier", max_length=255)
    sha256 = models.CharField(max_length=64)
    # SET_NULL: the record of an import stays when an account goes.
    imported_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField("résumé", default=dict)

    class Meta:
        verbose_name = "import RNE"
        verbose_name_plural = "imports RNE"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y})"
