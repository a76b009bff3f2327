"""Personal API tokens: the API acts as the token's user, with that user's rights.

Only a SHA-256 hash of the token is kept; the token itself is shown once, at creation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from hemicycle.core.models import TimeStampedModel

# Every token starts with this, so that a token pasted by mistake (a ticket, a chat) is
# recognisable and secret scanners can match it.
TOKEN_PREFIX = "hmc_"  # noqa: S105  (a public marker, not a secret)


class ApiToken(TimeStampedModel):
    # CASCADE: a token is only a way in for its account; accounts are deactivated, not
    # deleted, and a deactivated account's tokens stop working (selectors.user_for_token).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        "nom",
        max_length=100,
        help_text="Pour reconnaître le jeton : l’outil ou la personne qui l’utilise.",
    )
    # The first characters of the token, shown in lists to tell tokens apart.
    prefix = models.CharField("début du jeton", max_length=16)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("expire le", null=True, blank=True)
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    # SET_NULL: the record of who created the token outlives that account.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "jeton d’API"
        verbose_name_plural = "jetons d’API"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
