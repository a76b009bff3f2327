"""Every write of the filings area: drafting, the workflow, sharing, comments, signatures.

The workflow is the table TRANSITIONS and one service per transition; each runs in one
transaction, checks its permission predicate, writes one audit row and notifies after
commit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import audit, notifications
from hemicycle.core.permissions import ensure
from hemicycle.core.roles import BUREAU_ROLES
from hemicycle.core.services import update_versioned
from hemicycle.council.models import CouncilGroup, FilingKind, RosterMember
from hemicycle.filings import permissions, rules
from hemicycle.filings.models import (
    Cosignature,
    Filing,
    FilingAuthor,
    FilingComment,
    FilingShare,
    FilingVersion,
)
from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Sitting

S = Filing.Status

# (from, to) → the transition's name, as used in URLs and audit actions.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, S.REVIEW): "submitted",
    (S.REVIEW, S.DRAFT): "returned",
    (S.VALIDATED, S.DRAFT): "returned",
    (S.REVIEW, S.VALIDATED): "validated",
    (S.VALIDATED, S.FILED): "filed",
    (S.FILED, S.DECIDED): "decided",
    (S.DECIDED, S.DECIDED): "decided",
    (S.DRAFT, S.ABANDONED): "abandoned",
    (S.REVIEW, S.ABANDONED): "abandoned",
    (S.VALIDATED, S.ABANDONED): "abandoned",
    (S.ABANDONED, S.DRAFT): "restored",
}

TEXT_FIELDS = ("original_text", "preamble", "text", "motives")


class FilingConflict(ValidationError):
    """Someone saved a newer version since the user opened the text."""

    def __init__(self, latest: FilingVersion) -> None:
        self.latest = latest
        super().__init__(
            f"Le texte a été modifié (version {latest.number}) depuis que vous l’avez ouvert. "
            "Votre rédaction n’a pas été enregistrée : comparez-la avec la version enregistrée "
            "ci-dessous, fusionnez ce qui doit l’être, puis enregistrez de nouveau.",
            code="filing_conflict",
        )


# --- helpers ------------------------------------------------------------------------------


def _locked(filing: Filing) -> Filing:
    return (
        # of=("self",): PostgreSQL cannot lock the nullable side of these outer joins.
        Filing.objects.select_for_update(of=("self",))
        .select_related("sitting__body", "report", "parent")
        .get(pk=filing.pk)
    )


def _move(filing: Filing, target: str) -> str:
    """Check the table and return the transition's name."""
    name = TRANSITIONS.get((filing.status, target))
    if name is None:
        raise ValidationError(
            f"Impossible de passer ce dépôt de « {filing.get_status_display()} » "
            f"à « {S(target).label} »."
        )
    return name


def _author_users(filing: Filing) -> list[Any]:
    from hemicycle.accounts.models import User

    users = list(
        User.objects.filter(
            is_active=True, councillor__filing_authorships__filing=filing
        ).distinct()
    )
    creator = filing.created_by
    if creator is not None and creator.is_active and creator.pk not in {u.pk for u in users}:
        users.append(creator)
    return users


def _validators() -> list[Any]:
    from hemicycle.accounts.models import User

    return list(User.objects.filter(is_active=True, role__in=[str(r) for r in BUREAU_ROLES]))


def _notify(
    recipients: Iterable[Any],
    filing: Filing,
    kind: str,
    title: str,
    body: str = "",
    acting_user: Any = None,
    dedupe_key: str = "",
) -> None:
    people = [u for u in recipients if acting_user is None or u.pk != acting_user.pk]
    if people:
        notifications.notify(
            recipients=people,
            kind=f"filings.{kind}",
            title=title,
            body=body,
            url=reverse("filings:detail", args=[filing.pk]),
            dedupe_key=dedupe_key,
        )


def _check_sitting_open(sitting: Sitting | None) -> None:
    if sitting is None:
        return
    if sitting.starts_at <= timezone.now():
        raise ValidationError(
            {"sitting": f"La séance « {sitting} » a déjà eu lieu : on ne peut plus y déposer."}
        )
    if sitting.status == Sitting.Status.CANCELLED:
        raise ValidationError({"sitting": f"La séance « {sitting} » est annulée."})


def _check_parent(parent: Filing | None) -> None:
    if parent is not None and parent.is_withdrawn:
        raise ValidationError(
            {
                "parent": f"L’amendement {parent.reference} a été retiré : on ne peut plus le "
                "sous-amender."
            }
        )


def _check_texts(kind: str, texts: dict[str, str]) -> dict[str, str]:
    clean = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    if not clean["text"]:
        raise ValidationError({"text": "Le texte ne peut pas être vide."})
    if kind in {FilingKind.AMENDEMENT, FilingKind.SOUS_AMENDEMENT} and not clean["motives"]:
        raise ValidationError({"motives": "Un amendement doit avoir un exposé des motifs."})
    return clean


def _next_sequence(sitting: Sitting | None, kind: str) -> int:
    """The group's next number for this kind: per séance, or in one series for the filings
    outside any séance (questions écrites, tribunes)."""
    if sitting is not None:
        # Lock the séance so that two filings created at once do not take the same number.
        Sitting.objects.select_for_update().filter(pk=sitting.pk).first()
    top = Filing.objects.filter(sitting=sitting, kind=kind).aggregate(m=Max("sequence"))["m"]
    return (top or 0) + 1


def _set_authors(filing: Filing, first: Councillor | None, others: Iterable[Councillor]) -> None:
    FilingAuthor.objects.filter(filing=filing).delete()
    if first is not None:
        FilingAuthor.objects.create(filing=filing, councillor=first, role=FilingAuthor.Role.AUTHOR)
    for councillor in others:
        if first is not None and councillor.pk == first.pk:
            continue
        FilingAuthor.objects.create(
            filing=filing, councillor=councillor, role=FilingAuthor.Role.COAUTHOR
        )


# --- drafting -----------------------------------------------------------------------------


@transaction.atomic
def create_filing(
    *,
    data: dict[str, Any],
    texts: dict[str, str],
    first_author: Councillor | None,
    coauthors: Iterable[Councillor] = (),
    acting_user: Any,
) -> Filing:
    """Open a new draft with its first version."""
    ensure(permissions.can_create(acting_user))
    if first_author is None:
        first_author = getattr(acting_user, "councillor", None)
    if first_author is None:
        raise ValidationError({"first_author": "Choisissez le ou la premier·e signataire."})
    kind = str(data.get("kind") or "")
    sitting = data.get("sitting")
    report = data.get("report")
    parent = data.get("parent")
    if parent is not None:
        # Read the parent as it is now: it may have been withdrawn since the form opened.
        parent = Filing.objects.select_related("report", "sitting").get(pk=parent.pk)
    if report is not None and sitting is None:
        sitting = report.sitting
    if parent is not None and report is None:
        report = parent.report
        sitting = sitting or parent.sitting
    _check_sitting_open(sitting)
    _check_parent(parent)
    clean_texts = _check_texts(kind, texts)
    filing = Filing(
        kind=kind,
        sitting=sitting,
        report=report,
        parent=parent,
        title=(data.get("title") or "").strip(),
        article=data.get("article") or "",
        paragraph=data.get("paragraph") or "",
        due_at=data.get("due_at"),
        created_by=acting_user,
    )
    filing.full_clean(exclude=["sequence"])
    filing.sequence = _next_sequence(sitting, kind)
    filing.save()
    _set_authors(filing, first_author, coauthors)
    FilingVersion.objects.create(filing=filing, number=1, author=acting_user, **clean_texts)
    audit.record(
        actor=acting_user,
        action="filings.created",
        target=filing,
        changes={"type": [None, filing.get_kind_display()], "objet": [None, filing.title]},
    )
    return filing


@transaction.atomic
def add_version(
    *, filing: Filing, texts: dict[str, str], summary: str, base_number: int, acting_user: Any
) -> FilingVersion:
    """Add version N+1 if nobody saved one since the user opened version N."""
    filing = _locked(filing)
    ensure(permissions.can_edit_text(acting_user, filing))
    clean_texts = _check_texts(filing.kind, texts)
    latest = filing.versions.order_by("-number").first()
    latest_number = latest.number if latest else 0
    if latest is not None and latest_number > base_number:
        raise FilingConflict(latest)
    if latest is not None and all(getattr(latest, k) == v for k, v in clean_texts.items()):
        raise ValidationError("Le texte est identique à la version enregistrée : rien à ajouter.")
    version = FilingVersion(
        filing=filing,
        number=latest_number + 1,
        author=acting_user,
        summary=summary.strip()[:300],
        **clean_texts,
    )
    version.full_clean()
    version.save()
    filing.version += 1
    filing.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=acting_user,
        action="filings.version_added",
        target=filing,
        changes={"version": [latest_number or None, version.number]},
        note=version.summary,
    )
    _notify(
        _author_users(filing),
        filing,
        "version_added",
        f"{filing.reference} : nouvelle version (v{version.number})",
        version.summary,
        acting_user,
    )
    return version


@transaction.atomic
def update_details(
    *,
    filing: Filing,
    data: dict[str, Any],
    first_author: Councillor | None,
    coauthors: Iterable[Councillor],
    expected_version: int | None,
    acting_user: Any,
) -> Filing:
    ensure(permissions.can_edit_details(acting_user, _locked(filing)))
    if first_author is None:
        raise ValidationError({"first_author": "Choisissez le ou la premier·e signataire."})
    coauthors = list(coauthors)
    updated = update_versioned(
        filing,
        data={k: data[k] for k in ("title", "article", "paragraph", "due_at") if k in data},
        expected_version=expected_version,
        acting_user=acting_user,
        action="filings.details_changed",
    )
    before = sorted(str(a.councillor) for a in updated.authorships.all())
    _set_authors(updated, first_author, coauthors)
    after = sorted(str(a.councillor) for a in updated.authorships.all())
    if before != after:
        audit.record(
            actor=acting_user,
            action="filings.authors_changed",
            target=updated,
            changes={"auteur·es": [", ".join(before), ", ".join(after)]},
        )
    return updated


# --- workflow ----------------------------------------------------------------------------


def _apply(
    filing: Filing,
    target: str,
    acting_user: Any,
    note: str = "",
    extra: dict[str, Any] | None = None,
) -> Filing:
    name = _move(filing, target)
    before = filing.status
    filing.status = target
    for field, value in (extra or {}).items():
        setattr(filing, field, value)
    filing.version += 1
    filing.full_clean()
    filing.save()
    changes: dict[str, Any] = {"statut": [S(before).label, S(target).label]}
    for field, value in (extra or {}).items():
        if field in {"registration_number", "outcome", "opinion", "late_reason"} and value:
            changes[field] = [None, str(value)]
    audit.record(
        actor=acting_user, action=f"filings.{name}", target=filing, changes=changes, note=note
    )
    return filing


@transaction.atomic
def submit(*, filing: Filing, acting_user: Any) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_submit(acting_user, filing))
    filing = _apply(filing, S.REVIEW, acting_user)
    _notify(
        _validators() + _author_users(filing),
        filing,
        "submitted",
        f"{filing.reference} à relire : {filing.title}",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def return_to_draft(*, filing: Filing, acting_user: Any, note: str = "") -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_return_to_draft(acting_user, filing))
    filing = _apply(
        filing, S.DRAFT, acting_user, note, {"validated_at": None, "validated_by": None}
    )
    _notify(
        _author_users(filing),
        filing,
        "returned",
        f"{filing.reference} renvoyé en brouillon",
        note,
        acting_user,
    )
    return filing


@transaction.atomic
def validate(*, filing: Filing, acting_user: Any) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_validate(acting_user, filing))
    rule = rules.rule_for(filing)
    latest = filing.latest_version()
    excess = rules.length_excess(filing, latest.length if latest else 0, rule)
    if excess:
        raise ValidationError(
            f"Le texte dépasse de {excess} caractères la limite du règlement "
            f"({rule.max_length if rule else 0}) : raccourcissez-le avant de le valider."
        )
    filing = _apply(
        filing,
        S.VALIDATED,
        acting_user,
        extra={"validated_at": timezone.now(), "validated_by": acting_user},
    )
    _notify(
        _author_users(filing),
        filing,
        "validated",
        f"{filing.reference} validé : prêt à déposer",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def file_filing(
    *, filing: Filing, registration_number: str, late_reason: str = "", acting_user: Any
) -> Filing:
    """Mark a validated filing as filed with the assembly's services.

    After the deadline only the secrétariat may file, and must give a reason, kept in the
    audit. Quota, signatories and length are checked here, where they bind.
    """
    filing = _locked(filing)
    ensure(permissions.can_file(acting_user, filing))
    rule = rules.rule_for(filing)
    now = timezone.now()
    deadline = rules.deadline_of(filing, rule)
    late_reason = late_reason.strip()
    if filing.sitting is not None and filing.sitting.starts_at <= now and not late_reason:
        raise ValidationError("La séance a commencé : le dépôt n’est plus possible.")
    if deadline is not None and deadline <= now:
        if not permissions.can_file_late(acting_user):
            raise ValidationError(
                f"Le délai de dépôt est dépassé depuis le "
                f"{timezone.localtime(deadline):%d/%m/%Y à %H:%M} : seul le secrétariat "
                "général peut encore déposer, en indiquant le motif."
            )
        if not late_reason:
            raise ValidationError(
                {"late_reason": "Le délai est dépassé : indiquez le motif du dépôt hors délai."}
            )
    else:
        late_reason = ""
    if rule is not None and rule.max_per_sitting and filing.sitting_id:
        used = rules.quota_used(filing, filed_only=True)
        if used >= rule.max_per_sitting:
            raise ValidationError(
                f"Quota atteint : le groupe a déjà déposé {used} "
                f"{filing.get_kind_display().lower()}(s) pour cette séance, le règlement en "
                f"autorise {rule.max_per_sitting}."
            )
    if rule is not None:
        count = rules.signatory_count(filing)
        if count < rule.min_signatories:
            raise ValidationError(
                f"Il faut {rule.min_signatories} signataires, ce dépôt en compte {count}."
            )
        latest = filing.latest_version()
        excess = rules.length_excess(filing, latest.length if latest else 0, rule)
        if excess:
            raise ValidationError(f"Le texte dépasse de {excess} caractères la limite.")
    registration_number = registration_number.strip()
    if not registration_number:
        raise ValidationError(
            {"registration_number": "Indiquez le numéro d’enregistrement reçu de l’assemblée."}
        )
    filing = _apply(
        filing,
        S.FILED,
        acting_user,
        note=late_reason,
        extra={
            "filed_at": now,
            "registration_number": registration_number,
            "late_reason": late_reason,
        },
    )
    _notify(
        _author_users(filing),
        filing,
        "filed",
        f"{filing.reference} déposé (n° {registration_number})",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def record_outcome(
    *,
    filing: Filing,
    outcome: str,
    opinion: str,
    note: str,
    decided_on: dt.date | None,
    acting_user: Any,
) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_record_outcome(acting_user, filing))
    if outcome not in Filing.Outcome.values:
        raise ValidationError({"outcome": "Choisissez le sort du dépôt."})
    if opinion and opinion not in Filing.Opinion.values:
        raise ValidationError({"opinion": "Avis de l’exécutif inconnu."})
    filing = _apply(
        filing,
        S.DECIDED,
        acting_user,
        extra={
            "outcome": outcome,
            "opinion": opinion,
            "outcome_note": note.strip(),
            "decided_on": decided_on or timezone.localdate(),
        },
    )
    _notify(
        _author_users(filing),
        filing,
        "decided",
        f"{filing.reference} : {filing.get_outcome_display().lower()}",
        acting_user=acting_user,
    )
    return filing


@transaction.atomic
def abandon(*, filing: Filing, acting_user: Any, note: str = "") -> Filing:
    """Set a draft aside (kept, with its number, and restorable)."""
    filing = _locked(filing)
    ensure(permissions.can_abandon(acting_user, filing))
    return _apply(filing, S.ABANDONED, acting_user, note, {"status_before_abandon": filing.status})


@transaction.atomic
def restore(*, filing: Filing, acting_user: Any) -> Filing:
    filing = _locked(filing)
    ensure(permissions.can_restore(acting_user, filing))
    # Back to draft whatever it was: a validation is of a text at a time, and may be stale.
    return _apply(
        filing,
        S.DRAFT,
        acting_user,
        extra={"status_before_abandon": "", "validated_at": None, "validated_by": None},
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


# --- deadlines ---------------------------------------------------------------------------


def reminder_hours() -> list[int]:
    return sorted(settings.HEMICYCLE_FILING_REMINDER_HOURS, reverse=True)


def send_deadline_reminders(now: dt.datetime | None = None) -> int:
    """Notify the authors of every unfiled filing whose deadline is within a reminder delay.

    Run by a periodic job; each (filing, delay, deadline) is sent once thanks to the
    notification's dedupe key, so the job may run as often as wanted. A moved séance
    gives a new deadline, hence new reminders.
    """
    now = now or timezone.now()
    delays = reminder_hours()
    if not delays:
        return 0
    horizon = now + dt.timedelta(hours=max(delays))
    open_filings = (
        Filing.objects.filter(status__in=[S.DRAFT, S.REVIEW, S.VALIDATED])
        .select_related("sitting__body")
        .prefetch_related("authorships")
    )
    sent = 0
    for filing in open_filings:
        deadline = rules.deadline_of(filing)
        if deadline is None or not now < deadline <= horizon:
            continue
        remaining = deadline - now
        hours = min(h for h in delays if remaining <= dt.timedelta(hours=h))
        local = timezone.localtime(deadline)
        with transaction.atomic():
            _notify(
                _author_users(filing),
                filing,
                "deadline",
                f"Dépôt avant le {local:%d/%m à %H:%M} : {filing.reference} "
                f"({filing.get_status_display().lower()})",
                f"Il reste moins de {hours} h pour déposer « {filing.title} ».",
                dedupe_key=f"filings:{filing.pk}:deadline:{hours}:{deadline.isoformat()}",
            )
        sent += 1
    return sent
