"""Two-factor authentication: a TOTP app plus ten single-use recovery codes (django-otp).

Setup creates an unconfirmed TOTP device; the first right code confirms it and issues the
recovery codes, shown once. A session is "verified" (user.is_verified()) once a code from
either device has been entered in it; TwoFactorMiddleware holds back the rest until then.
"""

from __future__ import annotations

import base64
import io

import django_otp
import segno
from django.db import transaction
from django.http import HttpRequest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemicycle.accounts import sessions
from hemicycle.accounts.models import User
from hemicycle.core import audit, notifications
from hemicycle.core.permissions import ensure

RECOVERY_CODE_COUNT = 10
# Session key carrying freshly issued recovery codes to the page that shows them once.
NEW_CODES_KEY = "_hemicycle_new_recovery_codes"
# Session key set at login when the account has a device: verification is then owed.
OWES_CODE_KEY = "_hemicycle_otp_owed"
DEVICE_NAME = "Application d’authentification"
RECOVERY_NAME = "Codes de secours"


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (a new secret on the first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (the CSP allows data: images)."""
    buffer = io.BytesIO()
    segno.make(device.config_url, error="m").save(buffer, kind="svg", scale=5, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def _normalise(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def _issue_recovery_codes(user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_setup(*, request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending device with a code; returns the new recovery codes, or None."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_normalise(token)):
        return None
    # One app per account: a new setup replaces the old one.
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()
    device.confirmed = True
    device.save()
    codes = _issue_recovery_codes(user)
    django_otp.login(request, device)
    request.session[OWES_CODE_KEY] = True
    # Sessions opened elsewhere with the password alone must not outlive the new protection.
    sessions.close_other_sessions(user=user, current_key=request.session.session_key)
    audit.record(actor=user, action="accounts.two_factor_enabled", target=user)
    return codes


def verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code from the app or a recovery code (consumed) and mark the session verified."""
    device = django_otp.match_token(user, _normalise(token))
    if device is None:
        audit.record(actor=user, action="accounts.two_factor_failed", target=user)
        return False
    django_otp.login(request, device)
    if isinstance(device, StaticDevice):
        audit.record(
            actor=user,
            action="accounts.recovery_code_used",
            target=user,
            changes={"remaining": device.token_set.count()},
        )
    else:
        audit.record(actor=user, action="accounts.two_factor_verified", target=user)
    return True


@transaction.atomic
def regenerate_recovery_codes(*, user: User) -> list[str]:
    codes = _issue_recovery_codes(user)
    audit.record(actor=user, action="accounts.recovery_codes_regenerated", target=user)
    return codes


def remaining_recovery_codes(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def disable(*, request: HttpRequest, user: User) -> None:
    """Remove the app and the recovery codes; a role that requires 2FA must set it up anew."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    request.session.pop(OWES_CODE_KEY, None)
    audit.record(actor=user, action="accounts.two_factor_disabled", target=user)
    _security_notice(
        user,
        "La double authentification de votre compte a été désactivée",
        "Si ce n’est pas vous, changez votre mot de passe et prévenez le secrétariat.",
    )


@transaction.atomic
def reset_for(*, user: User, acting_user: User) -> None:
    """The secretariat removes a colleague's lost second factor.

    The colleague's sessions are closed: whoever holds the lost phone keeps nothing, and the
    colleague enrols a new phone at their next login (with their password).
    """
    from hemicycle.accounts import permissions

    ensure(permissions.can_manage_users(acting_user) and user.pk != acting_user.pk)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    sessions.close_all_sessions(user=user)
    audit.record(actor=acting_user, action="accounts.two_factor_reset", target=user)
    _security_notice(
        user,
        "La double authentification de votre compte a été réinitialisée",
        f"{acting_user.get_full_name() or acting_user.get_username()} a retiré votre "
        "application d’authentification ; vos sessions ont été fermées. À votre prochaine "
        "connexion, vous en enregistrerez une nouvelle.",
    )


def _security_notice(user: User, title: str, body: str) -> None:
    from hemicycle.accounts.registrations import SECURITY

    notifications.notify(
        recipients=[user],
        kind=SECURITY,
        title=title,
        body=body,
        url=reverse("accounts:profile"),
    )
