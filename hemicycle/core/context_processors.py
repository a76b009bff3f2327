from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hemicycle.core import navigation, notifications


def hemicycle(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "nav_items": navigation.items_for(user, request.path) if user else [],
        "demo_mode": settings.DEMO_MODE,
        # Lazy: one query when a page shows the header, none for partials, PDFs and e-mails
        # rendered with a request, and none for anonymous visitors.
        "unread_notifications": SimpleLazyObject(lambda: notifications.unread_count(user)),
    }
