from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from hemicycle.core.models import VersionedModel
from hemicycle.core.roles import Role

# Roles held by people who sit on the council for the group, and may be linked to one.
COUNCILLOR_ROLES = {Role.PRESIDENCE, Role.BUREAU, Role.ELU}
STAFF_ROLES = {Role.SECRETARIAT, Role.COLLABORATEUR}


class HemicycleUserManager(UserManager):
    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra: Any
    ) -> Any:  # type: ignore[override]
        # The installer's first account runs the group: it must see everything.
        extra.setdefault("role", Role.SECRETARIAT)
        return super().create_superuser(username, email, password, **extra)


class User(AbstractUser, VersionedModel):
    """An account. Its role decides what it sees; its links say who it is in the group.

    The links point at higher areas (group, council) by model name only: no code here
    imports them (see docs/decisions/0003-account-links.md).
    """

    Role = Role

    role = models.CharField("rôle", max_length=20, choices=Role.choices, default=Role.OBSERVATEUR)
    # SET_NULL: archiving a councillor's record must not remove the person's login history.
    councillor = models.OneToOneField(
        "group.Councillor",
        verbose_name="élu·e du groupe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    staff_member = models.OneToOneField(
        "group.StaffMember",
        verbose_name="collaborateur·rice",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="account",
    )
    # PROTECT: a partner account must never silently lose the group that bounds what it sees.
    partner_group = models.ForeignKey(
        "council.CouncilGroup",
        verbose_name="groupe partenaire",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_accounts",
    )

    objects: HemicycleUserManager = HemicycleUserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = "compte"
        verbose_name_plural = "comptes"
        ordering = ["last_name", "first_name", "username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="accounts_user_email_unique_ci",
                violation_error_message="Un autre compte utilise déjà cette adresse e-mail.",
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.role == Role.ELU and not self.councillor_id:
            errors["councillor"] = "Un compte élu·e doit être relié à un·e élu·e du groupe."
        if self.councillor_id and self.role not in COUNCILLOR_ROLES:
            errors["councillor"] = (
                "Seuls les comptes présidence, bureau ou élu·e peuvent être reliés à un·e élu·e."
            )
        if self.role == Role.PARTENAIRE and not self.partner_group_id:
            errors["partner_group"] = (
                "Un compte partenaire doit être rattaché à un groupe du conseil."
            )
        if self.partner_group_id and self.role != Role.PARTENAIRE:
            errors["partner_group"] = "Seul un compte partenaire est rattaché à un autre groupe."
        if self.staff_member_id and self.role not in STAFF_ROLES:
            errors["staff_member"] = (
                "Seuls les comptes secrétariat ou collaborateur·rice sont reliés à un·e salarié·e."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def role_label(self) -> str:
        return Role(self.role).label


class UserSession(models.Model):
    """One logged-in browser of an account, so that its holder can see and close it.

    Created at login, touched at most once a minute, deleted with its session (logout,
    "Fermer", "Se déconnecter de partout"). Rows whose session expired are purged when
    their owner opens "Mes sessions".
    """

    # CASCADE: a session belongs to its account and means nothing without it.
    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="tracked_sessions"
    )
    session_key = models.CharField("clé de session", max_length=40, unique=True)
    created_at = models.DateTimeField("ouverte le", auto_now_add=True)
    last_seen = models.DateTimeField("dernière activité")
    ip = models.GenericIPAddressField("adresse IP", null=True, blank=True)
    user_agent = models.CharField("navigateur", max_length=300, blank=True)

    class Meta:
        verbose_name = "session"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"Session de {self.user} ({self.created_at:%d/%m/%Y %H:%M})"


class CalendarFeed(models.Model):
    """A personal calendar subscription: a secret URL a phone fetches without logging in.

    Only the SHA-256 of the token is stored, so that a copy of the database gives no feed
    away; the URL is shown once, when created (docs/decisions/0017-calendar-feeds.md). One
    per device, each with its own label and kinds, so that revoking the lost phone's leaves
    the others working.
    """

    # CASCADE: a feed is personal and means nothing without its account; a deactivated
    # account's feeds answer 404 (the feed view checks `is_active`).
    user = models.ForeignKey(
        User, verbose_name="compte", on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    label = models.CharField("nom de l’abonnement", max_length=80)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Calendar kinds (core.calendar) the feed keeps; empty means every kind the user sees.
    kinds = models.JSONField("types", default=list, blank=True)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("dernière lecture", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)

    class Meta:
        verbose_name = "abonnement à l’agenda"
        verbose_name_plural = "abonnements à l’agenda"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.label} ({self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
