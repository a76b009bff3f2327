"""Writes of the open-data area: the publication settings."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from hemicycle.core.permissions import ensure
from hemicycle.core.services import update_versioned
from hemicycle.opendata import permissions
from hemicycle.opendata.models import OpenDataSettings


@transaction.atomic
def update_settings(
    *, data: dict[str, Any], expected_version: int | None, acting_user: Any
) -> OpenDataSettings:
    """Change what is published; the first save creates the row from the defaults."""
    ensure(permissions.can_edit_opendata_settings(acting_user))
    current = OpenDataSettings.objects.order_by("pk").first()
    if current is None:
        current = OpenDataSettings.objects.create()
    saved = update_versioned(
        current,
        data=data,
        expected_version=expected_version,
        acting_user=acting_user,
        action="opendata.settings_updated",
    )
    # The prepared files follow the new choices at once, not at tonight's rebuild.
    transaction.on_commit(request_exports)
    return saved


def request_exports() -> None:
    """Queue a rebuild of both files (marked pending until the job finishes)."""
    from hemicycle.opendata import files, tasks

    files.mark_pending()
    tasks.prepare_exports()
