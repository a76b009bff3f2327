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


class Place(models.TextChoices):
    LILLE = "lille", "Lille — Hôtel de Région"
    AMIENS = "amiens", "Amiens"
    VISIO = "visio", "Visioconférence"
    OTHER = "other", "Autre lieu"


class Body(VersionedModel):
    """An instance of the council: plenary, commission permanente, a thematic commission…"""

    class Kind(models.TextChoices):
        PLENARY = "plenary", "Assemblée plénière"
        PERMANENT = "permanent", "Commission permanente"
        COMMISSION = "commission", "Commission thématique"
        CONFERENCE = "conference", "Conférence des présidents"

    class Quorum(models.TextChoices):
        # CGCT L4132-13: plenary, absolute majority of members in office physically present.
        PRESENT = "present", "Majorité absolue des membres en exercice présents"
        # CGCT L4132-13-1: commission permanente, present or represented.
        REPRESENTED = "represented", "Majorité absolue des membres présents ou représentés"
        NONE = "none", "Pas de quorum"

    # PROTECT: instances are the frame of a mandature's history.
    term = models.ForeignKey(
        Term, verbose_name="mandature", on_delete=models.PROTECT, related_name="bodies"
    )
    kind = models.CharField("type", max_length=12, choices=Kind.choices)
    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("nom court", max_length=60)
    default_place = models.CharField(
        "lieu habituel", max_length=10, choices=Place.choices, default=Place.LILLE
    )
    quorum_rule = models.CharField(
        "règle de quorum", max_length=12, choices=Quorum.choices, default=Quorum.PRESENT
    )
    members_count = models.PositiveSmallIntegerField(
        "membres en exercice", help_text="Sert au calcul du quorum."
    )
    convocation_delay_days = models.PositiveSmallIntegerField(
        "délai de convocation (jours)",
        default=12,
        help_text="12 jours francs pour la plénière (CGCT L4132-18).",
    )
    group_speaking_minutes = models.PositiveSmallIntegerField(
        "temps de parole du groupe (minutes)",
        null=True,
        blank=True,
        help_text="Fixé par la conférence des présidents ; vide s’il n’y en a pas.",
    )
    order = models.PositiveSmallIntegerField("ordre", default=0)
    is_archived = models.BooleanField("archivée", default=False)

    class Meta:
        verbose_name = "instance"
        verbose_name_plural = "instances"
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="council_body_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name

    def quorum_figure(self) -> int | None:
        """Members needed for the quorum: the absolute majority of members in office."""
        if self.quorum_rule == self.Quorum.NONE:
            return None
        return self.members_count // 2 + 1


class Seat(VersionedModel):
    """A seat of one of the group's councillors in an instance (mostly commissions)."""

    class Role(models.TextChoices):
        TITULAIRE = "titulaire", "Titulaire"
        SUPPLEANT = "suppleant", "Suppléant·e"

    # CASCADE: a seat means nothing without its instance (instances are archived, not deleted).
    body = models.ForeignKey(
        Body, verbose_name="instance", on_delete=models.CASCADE, related_name="seats"
    )
    # PROTECT: councillors are never deleted; their seats are history.
    councillor = models.ForeignKey(
        "group.Councillor",
        verbose_name="élu·e",
        on_delete=models.PROTECT,
        related_name="seats",
    )
    role = models.CharField("siège", max_length=10, choices=Role.choices, default=Role.TITULAIRE)
    starts_on = models.DateField("depuis le")
    ends_on = models.DateField("jusqu’au", null=True, blank=True)

    class Meta:
        verbose_name = "siège"
        verbose_name_plural = "sièges"
        ordering = ["body__order", "role", "councillor__last_name"]

    def __str__(self) -> str:
        return f"{self.councillor} — {self.body} ({self.get_role_display()})"


class FilingKind(models.TextChoices):
    AMENDEMENT = "amendement", "Amendement"
    SOUS_AMENDEMENT = "sous_amendement", "Sous-amendement"
    VOEU = "voeu", "Vœu"
    MOTION = "motion", "Motion"
    MOTION_URGENCE = "motion_urgence", "Motion d’urgence"
    QUESTION_ORALE = "question_orale", "Question orale"
    QUESTION_ECRITE = "question_ecrite", "Question écrite"
    QUESTION_ACTUALITE = "question_actualite", "Question d’actualité"
    TRIBUNE = "tribune", "Tribune"


class FilingRule(VersionedModel):
    """The règlement intérieur's rule for one kind of filing (configurable per council)."""

    # CASCADE: rules belong to their mandature.
    term = models.ForeignKey(
        Term, verbose_name="mandature", on_delete=models.CASCADE, related_name="filing_rules"
    )
    kind = models.CharField("type de dépôt", max_length=20, choices=FilingKind.choices)
    deadline_hours = models.PositiveIntegerField(
        "délai de dépôt (heures avant la séance)",
        help_text="Par exemple 72 pour trois jours avant l’ouverture de la séance.",
    )
    max_per_sitting = models.PositiveSmallIntegerField(
        "nombre maximum par séance", null=True, blank=True, help_text="Vide : pas de limite."
    )
    min_signatories = models.PositiveSmallIntegerField("signataires requis", default=1)
    max_length = models.PositiveIntegerField(
        "longueur maximale (caractères)", null=True, blank=True
    )

    class Meta:
        verbose_name = "règle de dépôt"
        verbose_name_plural = "règles de dépôt"
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["term", "kind"], name="council_filing_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.deadline_hours} h avant"


class Organisation(VersionedModel):
    """An organisation that receives the council's money (a rapport's beneficiary)."""

    name = models.CharField("nom", max_length=255, unique=True)
    siret = models.CharField("SIRET", max_length=14, blank=True)
    commune = models.CharField("commune", max_length=100, blank=True)

    class Meta:
        verbose_name = "organisme"
        verbose_name_plural = "organismes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
