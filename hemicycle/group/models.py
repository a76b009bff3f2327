from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models

from hemicycle.core.models import VersionedModel


class Section(models.TextChoices):
    """The Hauts-de-France départements, which are also the council's electoral sections."""

    AISNE = "02", "Aisne"
    NORD = "59", "Nord"
    OISE = "60", "Oise"
    PAS_DE_CALAIS = "62", "Pas-de-Calais"
    SOMME = "80", "Somme"


class Civility(models.TextChoices):
    MME = "Mme", "Mme"
    M = "M.", "M."


class Group(VersionedModel):
    """The political group this installation serves (one per installation)."""

    name = models.CharField("nom", max_length=200)
    short_name = models.CharField("sigle", max_length=40)
    council_name = models.CharField(
        "assemblée", max_length=200, default="Conseil régional des Hauts-de-France"
    )
    # PROTECT: a mandature with a group in it is history, not something to delete.
    term = models.ForeignKey(
        "council.Term",
        verbose_name="mandature",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_opposition = models.BooleanField(
        "groupe d’opposition",
        default=True,
        help_text="Déclaré dans l’opposition auprès de la présidence (CGCT L4132-23).",
    )
    declared_on = models.DateField("date de déclaration", null=True, blank=True)
    address = models.TextField("adresse", blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    website = models.URLField("site web", blank=True)

    class Meta:
        verbose_name = "groupe"
        verbose_name_plural = "groupes"

    def __str__(self) -> str:
        return self.name


colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", "Indiquez une couleur au format #RRVVBB, par exemple #2e7d32."
)


class Party(VersionedModel):
    name = models.CharField("nom", max_length=120, unique=True)
    short_name = models.CharField("sigle", max_length=30, unique=True)
    colour = models.CharField("couleur", max_length=7, validators=[colour_validator])
    is_archived = models.BooleanField("archivé", default=False)

    class Meta:
        verbose_name = "parti"
        verbose_name_plural = "partis"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name


class BureauRole(models.TextChoices):
    NONE = "", "—"
    PRESIDENT = "president", "Président·e"
    CO_PRESIDENT = "co_president", "Co-président·e"
    VICE_PRESIDENT = "vice_president", "Vice-président·e de groupe"
    TREASURER = "treasurer", "Trésorier·e"
    MEMBER = "member", "Membre du bureau"


class Councillor(VersionedModel):
    """A councillor of the group, and the seed of their activity sheet."""

    class Affiliation(models.TextChoices):
        MEMBER = "member", "Membre"
        APPARENTE = "apparente", "Apparenté·e"

    class Status(models.TextChoices):
        ACTIVE = "active", "En mandat"
        LEFT = "left", "A quitté le groupe"

    civility = models.CharField("civilité", max_length=3, choices=Civility.choices)
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    # PROTECT: a party with councillors is archived, never deleted.
    party = models.ForeignKey(
        Party,
        verbose_name="parti",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="councillors",
    )
    affiliation = models.CharField(
        "appartenance", max_length=10, choices=Affiliation.choices, default=Affiliation.MEMBER
    )
    section = models.CharField("section départementale", max_length=2, choices=Section.choices)
    commune = models.CharField("commune", max_length=100, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    mandate_start = models.DateField("début du mandat")
    mandate_end = models.DateField("fin du mandat", null=True, blank=True)
    bureau_role = models.CharField(
        "fonction au bureau", max_length=20, choices=BureauRole.choices, blank=True
    )
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    left_on = models.DateField("date de départ", null=True, blank=True)
    # SET_NULL: the successor's record may be archived without rewriting the predecessor.
    replaced_by = models.ForeignKey(
        "self",
        verbose_name="remplacé·e par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )

    class Meta:
        verbose_name = "élu·e du groupe"
        verbose_name_plural = "élu·es du groupe"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.civility} {self.first_name} {self.last_name}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.affiliation == self.Affiliation.MEMBER and not self.party_id:
            errors["party"] = "Indiquez le parti, ou choisissez « Apparenté·e »."
        if self.mandate_end and self.mandate_start and self.mandate_end < self.mandate_start:
            errors["mandate_end"] = "La fin du mandat précède son début."
        if self.status == self.Status.LEFT and not self.left_on:
            errors["left_on"] = "Indiquez la date de départ."
        if self.status == self.Status.ACTIVE and self.left_on:
            errors["left_on"] = "Un·e élu·e en mandat n’a pas de date de départ."
        if self.replaced_by_id and self.replaced_by_id == self.pk:
            errors["replaced_by"] = "Un·e élu·e ne peut pas se remplacer lui·elle-même."
        if errors:
            raise ValidationError(errors)


class StaffMember(VersionedModel):
    """A collaborateur·rice de groupe: contract staff assigned by the Region to the group."""

    class Status(models.TextChoices):
        ACTIVE = "active", "En poste"
        LEFT = "left", "Parti·e"

    civility = models.CharField("civilité", max_length=3, choices=Civility.choices)
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    job_title = models.CharField("fonction", max_length=150)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    workplace = models.CharField("lieu de travail", max_length=100, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.ACTIVE
    )

    class Meta:
        verbose_name = "collaborateur·rice"
        verbose_name_plural = "équipe salariée"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class StaffContract(VersionedModel):
    """One fixed-term contract; the legal caps apply to each and to their total."""

    # CASCADE: a contract has no meaning without its holder (holders are never deleted).
    staff_member = models.ForeignKey(
        StaffMember, verbose_name="salarié·e", on_delete=models.CASCADE, related_name="contracts"
    )
    starts_on = models.DateField("début")
    ends_on = models.DateField("fin")
    label = models.CharField("intitulé", max_length=150, blank=True)
    weekly_hours = models.DecimalField(
        "heures hebdomadaires", max_digits=4, decimal_places=1, default=35
    )

    class Meta:
        verbose_name = "contrat"
        verbose_name_plural = "contrats"
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="group_contract_ends_after_start",
                violation_error_message="La fin du contrat doit suivre son début.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.staff_member} — {self.starts_on:%d/%m/%Y} au {self.ends_on:%d/%m/%Y}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": "La fin du contrat doit suivre son début."})
        if not (self.staff_member_id and self.starts_on and self.ends_on):
            return
        overlapping = StaffContract.objects.filter(
            staff_member_id=self.staff_member_id,
            starts_on__lt=self.ends_on,
            ends_on__gt=self.starts_on,
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                {"starts_on": "Ce contrat chevauche un autre contrat de la même personne."}
            )
