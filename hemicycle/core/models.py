from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(TimeStampedModel):
    """A shared object edited through forms: `version` detects concurrent edits.

    Each edit form carries the version it was opened at; the update service refuses a save
    whose version is no longer current instead of silently overwriting the other edit.
    """

    version = models.PositiveIntegerField("version", default=1, editable=False)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """One write, by one person, on one object: the group's memory of who changed what."""

    created_at = models.DateTimeField("date", auto_now_add=True, db_index=True)
    # SET_NULL: the log outlives any account; actor_label keeps the name that acted.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="auteur·rice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField("auteur·rice (libellé)", max_length=200, blank=True)
    action = models.CharField("action", max_length=100, db_index=True)
    # PROTECT: a content type only disappears with its app, which must keep its history.
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField("objet", max_length=300, blank=True)
    changes = models.JSONField("modifications", default=dict, blank=True)
    note = models.TextField("motif", blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"
