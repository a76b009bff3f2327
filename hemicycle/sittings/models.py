from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from hemicycle.core.models import TimeStampedModel, VersionedModel
from hemicycle.council.models import Body, Organisation, Place
from hemicycle.group.models import Section


class Sitting(VersionedModel):
    """A séance of an instance."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Prévue"
        CONVOKED = "convoked", "Convoquée"
        HELD = "held", "Tenue"
        CANCELLED = "cancelled", "Annulée"

    # PROTECT: séances are the council's record.
    body = models.ForeignKey(
        Body, verbose_name="instance", on_delete=models.PROTECT, related_name="sittings"
    )
    title = models.CharField("intitulé", max_length=200, blank=True)
    starts_at = models.DateTimeField("date et heure")
    ends_at = models.DateTimeField("fin prévue", null=True, blank=True)
    place = models.CharField("lieu", max_length=10, choices=Place.choices)
    place_detail = models.CharField("précision sur le lieu", max_length=200, blank=True)
    convocation_date = models.DateField("date de convocation", null=True, blank=True)
    status = models.CharField(
        "statut", max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    notes = models.TextField("notes", blank=True)

    class Meta:
        verbose_name = "séance"
        verbose_name_plural = "séances"
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at) if self.starts_at else None
        when = f"{local:%d/%m/%Y}" if local else "sans date"
        return self.title or f"{self.body} du {when}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": "La fin doit suivre le début de la séance."})

    @property
    def convocation_days(self) -> int | None:
        """Full days between the convocation and the sitting's day."""
        if not (self.convocation_date and self.starts_at):
            return None
        return (timezone.localtime(self.starts_at).date() - self.convocation_date).days

    @property
    def convocation_is_late(self) -> bool:
        days = self.convocation_days
        return days is not None and days < self.body.convocation_delay_days

    def deadline_for(self, hours_before: int) -> dt.datetime:
        return self.starts_at - dt.timedelta(hours=hours_before)


class Theme(models.Model):
    name = models.CharField("nom", max_length=100, unique=True)

    class Meta:
        verbose_name = "thème"
        verbose_name_plural = "thèmes"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Report(VersionedModel):
    """A rapport (projet de délibération) on a séance's agenda."""

    class TextStatus(models.TextChoices):
        NONE = "none", "Aucun document"
        PENDING = "pending", "Lecture en cours"
        OK = "ok", "Texte extrait"
        FAILED = "failed", "Document illisible"

    # PROTECT: a séance with rapports is history; cancel it rather than delete it.
    sitting = models.ForeignKey(
        Sitting, verbose_name="séance", on_delete=models.PROTECT, related_name="reports"
    )
    number = models.CharField("numéro", max_length=40)
    title = models.CharField("intitulé", max_length=500)
    order = models.PositiveIntegerField("ordre", default=0)
    commissions = models.ManyToManyField(
        Body, verbose_name="commissions", blank=True, related_name="reports"
    )
    rapporteur = models.CharField("rapporteur·rice", max_length=150, blank=True)
    amount = models.DecimalField(
        "montant (€)", max_digits=14, decimal_places=2, null=True, blank=True
    )
    themes = models.ManyToManyField(
        Theme, verbose_name="thèmes", blank=True, related_name="reports"
    )
    beneficiaries = models.ManyToManyField(
        Organisation, verbose_name="bénéficiaires", blank=True, related_name="reports"
    )
    summary = models.TextField("résumé", blank=True)
    deliberation_number = models.CharField("n° de délibération", max_length=40, blank=True)
    text_status = models.CharField(
        "texte", max_length=10, choices=TextStatus.choices, default=TextStatus.NONE
    )

    class Meta:
        verbose_name = "rapport"
        verbose_name_plural = "rapports"
        ordering = ["sitting", "order", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "number"],
                name="sittings_report_unique_number",
                violation_error_message="Un rapport porte déjà ce numéro dans cette séance.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class ReportDepartment(models.Model):
    """A département concerned by a rapport (rows, so that filters work on every engine)."""

    # CASCADE: part of the rapport.
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="departments")
    section = models.CharField("département", max_length=2, choices=Section.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="report_department_unique")
        ]

    def __str__(self) -> str:
        return self.get_section_display()


def document_path(instance: ReportDocument, filename: str) -> str:
    # Not guessable, never served as a static file: documents go through a permission check.
    return f"documents/{instance.sha256[:2]}/{instance.sha256}.pdf"


class ReportDocument(TimeStampedModel):
    """One version of a PDF attached to a rapport, with its extracted text."""

    # CASCADE: a document is part of its rapport (rapports are never deleted).
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("titre", max_length=255)
    version = models.PositiveSmallIntegerField("version", default=1)
    file = models.FileField("fichier", upload_to=document_path)
    original_name = models.CharField("nom du fichier", max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    pages = models.PositiveIntegerField("pages", null=True, blank=True)
    text = models.TextField("texte extrait", blank=True)
    text_status = models.CharField(
        "texte", max_length=10, choices=Report.TextStatus.choices, default=Report.TextStatus.PENDING
    )
    text_error = models.CharField("erreur de lecture", max_length=300, blank=True)
    # SET_NULL: the document outlives the account that uploaded it.
    uploaded_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "document"
        verbose_name_plural = "documents"
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "title", "version"], name="report_document_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Attendance(VersionedModel):
    """A group councillor's presence at a séance, and the proxy given if absent."""

    class Status(models.TextChoices):
        PRESENT = "present", "Présent·e"
        REMOTE = "remote", "À distance"
        EXCUSED = "excused", "Excusé·e"
        ABSENT = "absent", "Absent·e"
        REPRESENTED = "represented", "Représenté·e"

    # CASCADE: attendance belongs to its séance.
    sitting = models.ForeignKey(Sitting, on_delete=models.CASCADE, related_name="attendances")
    # PROTECT: councillors are never deleted.
    councillor = models.ForeignKey(
        "group.Councillor", on_delete=models.PROTECT, related_name="attendances"
    )
    status = models.CharField("présence", max_length=12, choices=Status.choices)
    # PROTECT: the holder of a proxy is part of the séance's record.
    proxy_holder = models.ForeignKey(
        "group.Councillor",
        verbose_name="pouvoir donné à",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proxies_held",
    )

    class Meta:
        verbose_name = "présence"
        verbose_name_plural = "présences"
        constraints = [
            models.UniqueConstraint(
                fields=["sitting", "councillor"], name="attendance_unique_councillor"
            ),
            # CGCT L4132-15: a councillor holds at most one proxy per séance.
            models.UniqueConstraint(
                fields=["sitting", "proxy_holder"],
                condition=models.Q(proxy_holder__isnull=False),
                name="attendance_one_proxy_per_holder",
                violation_error_message="Cet·te élu·e détient déjà un pouvoir pour cette séance.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.councillor} — {self.get_status_display()}"

    def clean(self) -> None:
        if self.status == self.Status.REPRESENTED and not self.proxy_holder_id:
            raise ValidationError({"proxy_holder": "Indiquez qui détient le pouvoir."})
        if self.status != self.Status.REPRESENTED and self.proxy_holder_id:
            raise ValidationError(
                {"proxy_holder": "Seul·e un·e élu·e représenté·e donne un pouvoir."}
            )
        if self.proxy_holder_id and self.proxy_holder_id == self.councillor_id:
            raise ValidationError({"proxy_holder": "On ne se donne pas pouvoir à soi-même."})
