from typing import Any

from django.conf import settings
from django.http import HttpRequest

from hemicycle.core import navigation


def hemicycle(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav_items": navigation.items_for(user, request.path) if user else [],
        "demo_mode": settings.DEMO_MODE,
    }
