from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from hemicycle.core.models import AuditEntry


def history_for(obj: models.Model, limit: int = 50) -> list[AuditEntry]:
    """The latest audit entries of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return list(
        AuditEntry.objects.filter(target_type=ct, target_id=str(obj.pk))
        .select_related("actor", "target_type")
        .order_by("-created_at", "-id")[:limit]
    )


def audit_entries(*, filters: dict[str, Any]) -> QuerySet[AuditEntry]:
    qs = AuditEntry.objects.select_related("actor", "target_type").order_by("-created_at", "-id")
    if filters.get("actor"):
        qs = qs.filter(actor_label__icontains=filters["actor"])
    if filters.get("action"):
        qs = qs.filter(action__startswith=filters["action"])
    if filters.get("target_type"):
        qs = qs.filter(target_type=filters["target_type"])
    if filters.get("since"):
        qs = qs.filter(created_at__date__gte=filters["since"])
    if filters.get("until"):
        qs = qs.filter(created_at__date__lte=filters["until"])
    if filters.get("q"):
        qs = qs.filter(target_label__icontains=filters["q"])
    return qs


def audited_types() -> QuerySet[ContentType]:
    ids = AuditEntry.objects.exclude(target_type=None).values("target_type").distinct()
    return ContentType.objects.filter(pk__in=ids).order_by("app_label", "model")
