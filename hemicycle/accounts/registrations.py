"""What the accounts area plugs into the shared registries: its notification kind."""

from __future__ import annotations

from hemicycle.core import notification_kinds

# Mandatory: whoever lost a phone, or had their second factor removed by someone else, must
# hear of it even if they turned everything else off.
SECURITY = "accounts.security"

notification_kinds.register(
    notification_kinds.NotificationKind(
        key=SECURITY,
        area="Mon compte",
        label="Alerte de sécurité",
        description="Quand la double authentification de votre compte est désactivée "
        "ou réinitialisée.",
        default=notification_kinds.Channel.EMAIL,
        mandatory=True,
        order=10,
    )
)
