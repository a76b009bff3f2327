"""Write helpers shared by every area's services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from hemicycle.core import audit
from hemicycle.core.models import VersionedModel

M = TypeVar("M", bound=VersionedModel)


class ConcurrentEditError(ValidationError):
    """Someone saved the object after this form was opened."""

    def __init__(self, current: VersionedModel) -> None:
        self.current = current
        super().__init__(
            "Cette fiche a été modifiée par quelqu’un d’autre depuis que vous l’avez ouverte. "
            "Vos modifications n’ont pas été enregistrées : comparez avec la version actuelle "
            "ci-dessous, puis enregistrez de nouveau.",
            code="concurrent_edit",
        )


def update_versioned(
    instance: M,
    *,
    data: dict[str, Any],
    expected_version: int | None,
    acting_user: Any,
    action: str,
    audited_fields: Iterable[str] | None = None,
) -> M:
    """Apply `data` to `instance` if nobody saved it since `expected_version`; audit the diff.

    Must run inside the caller's transaction. Many-to-many values are set after the save.
    """
    model = type(instance)
    current = model._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current)
    m2m = {
        name: value
        for name, value in data.items()
        if isinstance(model._meta.get_field(name), models.ManyToManyField)
    }
    plain = {name: value for name, value in data.items() if name not in m2m}
    fields = list(audited_fields) if audited_fields is not None else list(plain)
    before = audit.snapshot(current, fields)
    for name, value in plain.items():
        setattr(current, name, value)
    current.version += 1
    current.full_clean()
    current.save()
    for name, value in m2m.items():
        getattr(current, name).set(value)
    changes = audit.diff(before, audit.snapshot(current, fields))
    audit.record(actor=acting_user, action=action, target=current, changes=changes)
    return current
