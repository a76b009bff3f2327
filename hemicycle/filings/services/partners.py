"""Partner groups: sharing a filing, comments, co-signatures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.council.models import CouncilGroup, RosterMember
from hemicycle.filings import permissions
from hemicycle.filings import search as area_search
from hemicycle.filings.models import (
    Cosignature,
    Filing,
    FilingComment,
    FilingShare,
    FilingVersion,
)
from hemicycle.filings.services.common import (
    S,
    _author_users,
    _locked,
    _notify,
)

# --- partners -----------------------------------------------------------------------------


@transaction.atomic
def share(*, filing: Filing, council_group: CouncilGroup, acting_user: Any) -> FilingShare:
    filing = _locked(filing)
    ensure(permissions.can_share(acting_user, filing))
    if council_group.own_group_id is not None:
        raise ValidationError({"council_group": "Le dépôt appartient déjà à ce groupe."})
    if council_group.is_archived:
        raise ValidationError({"council_group": "Ce groupe est archivé."})
    share_row, created = FilingShare.objects.get_or_create(
        filing=filing, council_group=council_group, defaults={"shared_by": acting_user}
    )
    if not created and share_row.revoked_at is None:
        raise ValidationError({"council_group": f"Le dépôt est déjà partagé avec {council_group}."})
    share_row.revoked_at = None
    share_row.shared_by = acting_user
    share_row.save()
    audit.record(
        actor=acting_user,
        action="filings.shared",
        target=filing,
        changes={"partagé avec": [None, str(council_group)]},
    )
    # The partner group finds the filing from now on.
    area_search.reindex(filing)
    from hemicycle.accounts.models import User

    _notify(
        User.objects.filter(is_active=True, partner_group=council_group),
        filing,
        "shared",
        f"Le groupe {_group_name()} partage avec vous : {filing.title}",
        acting_user=acting_user,
    )
    return share_row


def _group_name() -> str:
    from hemicycle.group.models import Group

    group = Group.objects.first()
    return group.short_name if group else "écologiste"


@transaction.atomic
def revoke_share(*, share_row: FilingShare, acting_user: Any) -> FilingShare:
    ensure(permissions.can_share(acting_user, share_row.filing))
    if share_row.revoked_at is not None:
        raise ValidationError("Ce partage est déjà retiré.")
    share_row.revoked_at = timezone.now()
    share_row.save(update_fields=["revoked_at", "updated_at"])
    audit.record(
        actor=acting_user,
        action="filings.share_revoked",
        target=share_row.filing,
        changes={"partagé avec": [str(share_row.council_group), None]},
    )
    area_search.reindex(share_row.filing)
    return share_row


@transaction.atomic
def add_comment(
    *,
    filing: Filing,
    text: str,
    internal: bool,
    version: FilingVersion | None,
    acting_user: Any,
) -> FilingComment:
    ensure(permissions.can_comment(acting_user, filing))
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Le commentaire est vide."})
    if version is not None and version.filing_id != filing.pk:
        raise ValidationError({"version": "Cette version n’appartient pas à ce dépôt."})
    # A partner's comment is by nature visible to the partners it is shared with.
    internal = internal and permissions.can_see_internal(acting_user)
    comment = FilingComment(
        filing=filing,
        version=version,
        author=acting_user,
        author_label=_label(acting_user),
        text=text,
        internal=internal,
    )
    comment.full_clean()
    comment.save()
    audit.record(
        actor=acting_user,
        action="filings.commented",
        target=filing,
        changes={"commentaire": [None, "interne" if internal else "partagé"]},
    )
    _notify(
        _author_users(filing),
        filing,
        "commented",
        f"{filing.reference} : commentaire de {comment.author_label}",
        text[:200],
        acting_user,
    )
    return comment


def _label(user: Any) -> str:
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    name = name or user.get_username()
    group = getattr(user, "partner_group", None)
    return f"{name} ({group.short_name or group.name})" if group else name


def cosigners_available(filing: Filing, user: Any) -> list[RosterMember]:
    """Whom this user may sign for: their group's active councillors not yet signed."""
    signed = set(
        filing.cosignatures.filter(withdrawn_at__isnull=True).values_list("signer_id", flat=True)
    )
    qs = RosterMember.objects.filter(status=RosterMember.Status.ACTIVE).exclude(pk__in=signed)
    if permissions.can_see_internal(user):
        group_ids = [s.council_group_id for s in filing.shares.all() if s.revoked_at is None]
        qs = qs.filter(council_group_id__in=group_ids)
    else:
        qs = qs.filter(council_group_id=user.partner_group_id)
    return list(qs.select_related("council_group").order_by("last_name", "first_name"))


@transaction.atomic
def cosign(*, filing: Filing, signer: RosterMember, acting_user: Any) -> Cosignature:
    filing = _locked(filing)
    ensure(permissions.can_cosign(acting_user, filing))
    if signer.pk not in {m.pk for m in cosigners_available(filing, acting_user)}:
        raise ValidationError(
            {"signer": "Cet·te élu·e ne peut pas co-signer ce dépôt pour votre groupe."}
        )
    group = signer.council_group
    if group is None:
        raise ValidationError({"signer": "Cet·te élu·e n’appartient à aucun groupe."})
    row, created = Cosignature.objects.get_or_create(
        filing=filing,
        signer=signer,
        defaults={"council_group": group, "recorded_by": acting_user},
    )
    if not created:
        row.withdrawn_at = None
        row.recorded_by = acting_user
        row.council_group = group
        row.save()
    audit.record(
        actor=acting_user,
        action="filings.cosigned",
        target=filing,
        changes={"co-signature": [None, f"{signer} ({signer.council_group})"]},
    )
    _notify(
        _author_users(filing),
        filing,
        "cosigned",
        f"{filing.reference} co-signé par {signer.first_name} {signer.last_name}",
        acting_user=acting_user,
    )
    return row


@transaction.atomic
def withdraw_cosignature(*, cosignature: Cosignature, acting_user: Any) -> Cosignature:
    filing = cosignature.filing
    ensure(permissions.can_cosign(acting_user, filing))
    own_group = getattr(acting_user, "partner_group_id", None)
    ensure(permissions.can_see_internal(acting_user) or cosignature.council_group_id == own_group)
    if cosignature.withdrawn_at is not None:
        raise ValidationError("Cette co-signature est déjà retirée.")
    if filing.status != S.DRAFT and filing.status != S.REVIEW and filing.status != S.VALIDATED:
        raise ValidationError("Le dépôt est déposé : la co-signature ne peut plus être retirée.")
    cosignature.withdrawn_at = timezone.now()
    cosignature.save(update_fields=["withdrawn_at", "updated_at"])
    audit.record(
        actor=acting_user,
        action="filings.cosignature_withdrawn",
        target=filing,
        changes={"co-signature": [str(cosignature.signer), None]},
    )
    return cosignature
