from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models

from hemicycle.core.notification_kinds import Channel


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


class Notification(models.Model):
    """A message to one person: in the header's count and the Notifications page, and e-mailed.

    Written by `hemicycle.core.notifications.notify` only, so that every area gets the same
    deduplication, the same URL check and the same e-mail job.
    """

    # CASCADE: a notification is personal and means nothing without its recipient; accounts are
    # deactivated rather than deleted, so this only fires when an account is erased on purpose.
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="destinataire",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(
        "type",
        max_length=100,
        validators=[
            RegexValidator(
                r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$",
                "Un type pointé en minuscules, par exemple « filings.deadline ».",
            )
        ],
    )
    title = models.CharField("titre", max_length=300)
    body = models.TextField("texte", blank=True)
    url = models.CharField("lien", max_length=500, blank=True)
    dedupe_key = models.CharField("clé de dédoublonnage", max_length=200, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    read_at = models.DateTimeField("lue le", null=True, blank=True)
    emailed_at = models.DateTimeField("envoyée par e-mail le", null=True, blank=True)
    # Set by notify() when the recipient chose the daily digest for this kind; the digest job
    # claims the row by setting `digested_at`, so that no notification is in two digests.
    digest_due = models.BooleanField("pour le récapitulatif", default=False)
    digested_at = models.DateTimeField("récapitulée le", null=True, blank=True)

    class Meta:
        verbose_name = "notification"
        verbose_name_plural = "notifications"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="core_notif_recipient_read"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(digest_due=True, digested_at__isnull=True),
                name="core_notif_digest_pending",
            ),
        ]
        constraints = [
            # The same reminder is never sent twice to one person, even by two concurrent jobs.
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="core_notification_dedupe_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind} {self.title}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class NotificationPreference(models.Model):
    """How one person wants one kind of notification; no row means the kind's default.

    `kind` is a key of `hemicycle.core.notification_kinds`; a row for a kind that is no
    longer registered is ignored, so removing an area needs no data migration.
    """

    # CASCADE: a preference is personal, like the notifications it shapes.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="personne",
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField("type", max_length=100)
    channel = models.CharField(
        "réception",
        max_length=10,
        choices=Channel.choices,
    )
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        verbose_name = "préférence de notification"
        verbose_name_plural = "préférences de notification"
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="core_notification_pref_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.channel}"


class SearchDocument(models.Model):
    """One searchable object (a rapport, a filing, a note…) as the global search sees it.

    Written only by `hemicycle.core.search.index`, from the search sources the areas register.
    `title_terms` and `body_terms` hold the text already normalised in Python (lower case,
    accents folded, French stems, no stop words), so that SQLite FTS5 and PostgreSQL index
    the same words and return the same documents (decision 0016). Who may see the document
    is stored with it (`audience`, and `grants` for partner groups) so that the search
    filters inside its query.
    """

    class Audience(models.TextChoices):
        MEMBERS = "members", "membres du groupe"
        READERS = "readers", "membres du groupe et observateur·rices"
        AUTHENTICATED = "authenticated", "tout compte"

    kind = models.CharField("type", max_length=60)
    object_id = models.CharField("identifiant", max_length=64)
    title = models.CharField("titre", max_length=500)
    body = models.TextField("texte", blank=True)
    url = models.CharField("lien", max_length=500)
    date = models.DateField("date", null=True, blank=True)
    audience = models.CharField("visible par", max_length=20, choices=Audience.choices)
    title_terms = models.TextField("termes du titre", blank=True)
    body_terms = models.TextField("termes du texte", blank=True)
    indexed_at = models.DateTimeField("indexé le", auto_now=True)

    class Meta:
        verbose_name = "document de recherche"
        verbose_name_plural = "index de recherche"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="core_searchdoc_unique")
        ]
        indexes = [models.Index(fields=["date"], name="core_searchdoc_date")]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title}"


class SearchGrant(models.Model):
    """A document also visible to one principal outside its audience (a partner group)."""

    # CASCADE: a grant is part of its document and is rewritten with it.
    document = models.ForeignKey(SearchDocument, on_delete=models.CASCADE, related_name="grants")
    # "council_group:<id>": a string rather than a foreign key, so that core depends on no
    # higher app; `hemicycle.core.search.query.principals_for` says which a user holds.
    principal = models.CharField("bénéficiaire", max_length=60)

    class Meta:
        verbose_name = "accès de recherche"
        verbose_name_plural = "accès de recherche"
        constraints = [
            models.UniqueConstraint(
                fields=["document", "principal"], name="core_searchgrant_unique"
            )
        ]
        indexes = [models.Index(fields=["principal", "document"], name="core_searchgrant_princ")]

    def __str__(self) -> str:
        return f"{self.document_id} → {self.principal}"
