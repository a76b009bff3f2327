"""What every filings service shares: the transition table, locking, notifying.

The services themselves are in drafting, workflow, partners and deadlines; the package
re-exports them all.

The workflow is the table TRANSITIONS and one service per transition; each runs in one
transaction, checks its permission predicate, writes one audit row and notifies after
commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from hemicycle.core import notifications
from hemicycle.core.roles import BUREAU_ROLES
from hemicycle.council.models import FilingKind
from hemicycle.filings.models import (
    Filing,
    FilingAuthor,
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
