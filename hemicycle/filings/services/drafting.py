"""Drafting a filing: the first draft, new versions (refused when stale), details and authors."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from hemicycle.core import audit
from hemicycle.core.permissions import ensure
from hemicycle.core.services import update_versioned
from hemicycle.filings import permissions
from hemicycle.filings import search as area_search
from hemicycle.filings.models import (
    Filing,
    FilingVersion,
)
from hemicycle.filings.services.common import (
    FilingConflict,
    _author_users,
    _check_parent,
    _check_sitting_open,
    _check_texts,
    _locked,
    _next_sequence,
    _notify,
    _set_authors,
)
from hemicycle.group.models import Councillor

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
    area_search.reindex(filing)
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
    area_search.reindex(filing)
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
    area_search.reindex(updated)
    return updated
