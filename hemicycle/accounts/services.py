"""Account writes: creation with an invitation, edits, deactivation, password links."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from hemicycle.accounts import permissions
from hemicycle.accounts.models import User
from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.core.services import update_versioned

EDITABLE_FIELDS = [
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "councillor",
    "staff_member",
    "partner_group",
]


def send_password_link(*, user: User, base_url: str, invitation: bool) -> None:
    """E-mail a one-time link to choose a password (Django's reset token)."""
    if not user.email:
        return
    context = {
        "user": user,
        "invitation": invitation,
        "link": base_url.rstrip("/")
        + f"/compte/mot-de-passe/nouveau/{urlsafe_base64_encode(force_bytes(user.pk))}/"
        + f"{default_token_generator.make_token(user)}/",
    }
    subject = "Votre compte Hémicycle" if invitation else "Choisir un nouveau mot de passe"
    body = render_to_string("accounts/email/password_link.txt", context)
    send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


@transaction.atomic
def create_user(*, data: dict[str, Any], acting_user: User, base_url: str) -> User:
    """Create an account without a password; its holder chooses one from the e-mailed link."""
    ensure(permissions.can_manage_users(acting_user))
    user = User(**{k: v for k, v in data.items() if k in EDITABLE_FIELDS})
    user.set_unusable_password()
    user.full_clean()
    user.save()
    audit.record(
        actor=acting_user,
        action="accounts.user_created",
        target=user,
        changes=audit.diff({}, audit.snapshot(user, EDITABLE_FIELDS)),
    )
    transaction.on_commit(lambda: send_password_link(user=user, base_url=base_url, invitation=True))
    return user


@transaction.atomic
def update_user(
    *, user: User, data: dict[str, Any], expected_version: int | None, acting_user: User
) -> User:
    ensure(permissions.can_manage_users(acting_user))
    if user.pk == acting_user.pk and data.get("role") not in (None, acting_user.role):
        # The last safeguard against a secretariat locking everyone out of user admin.
        from django.core.exceptions import ValidationError

        raise ValidationError({"role": "Vous ne pouvez pas changer votre propre rôle."})
    return update_versioned(
        user,
        data={k: v for k, v in data.items() if k in EDITABLE_FIELDS},
        expected_version=expected_version,
        acting_user=acting_user,
        action="accounts.user_updated",
    )


@transaction.atomic
def set_active(*, user: User, active: bool, acting_user: User) -> User:
    """Deactivate (never delete: the audit trail names the account) or reactivate."""
    ensure(permissions.can_deactivate(acting_user, user))
    user.is_active = active
    user.version += 1
    user.save(update_fields=["is_active", "version"])
    audit.record(
        actor=acting_user,
        action="accounts.user_reactivated" if active else "accounts.user_deactivated",
        target=user,
    )
    return user


@transaction.atomic
def request_password_link(*, user: User, acting_user: User, base_url: str) -> None:
    ensure(permissions.can_manage_users(acting_user))
    audit.record(actor=acting_user, action="accounts.password_link_sent", target=user)
    transaction.on_commit(
        lambda: send_password_link(user=user, base_url=base_url, invitation=False)
    )


def record_login(*, user: User) -> None:
    audit.record(actor=user, action="accounts.logged_in", target=user)


def record_password_change(*, user: User) -> None:
    audit.record(actor=user, action="accounts.password_changed", target=user)
