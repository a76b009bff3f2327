"""The Notifications page: one's own notifications only, another person's answer 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from hemicycle.core import notification_prefs, notifications
from hemicycle.core.forms import NotificationPreferencesForm, preference_field_name
from hemicycle.core.models import Notification
from hemicycle.core.permissions import access, is_authenticated

PER_PAGE = 30


@access(is_authenticated)
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications.notifications_for(request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "core/notifications.html", {"page": page})


@access(is_authenticated)
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    # Scoped by recipient: someone else's notification looks exactly like a missing one.
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.mark_read(notification=notification, acting_user=request.user)
    # Checked again on the way out, in case a row was written without notify().
    target = notifications.safe_url(notification.url)
    return redirect(target or "core:notification_list")


@access(is_authenticated)
@require_POST
def notification_mark_all_read(request: HttpRequest) -> HttpResponse:
    count = notifications.mark_all_read(acting_user=request.user)
    if count:
        messages.success(
            request,
            "Toutes vos notifications sont marquées comme lues."
            if count > 1
            else "Votre notification est marquée comme lue.",
        )
    return redirect("core:notification_list")


@access(is_authenticated)
def notification_preferences(request: HttpRequest) -> HttpResponse:
    """« Mon compte » › how to receive each kind of notification, on one form."""
    current = notification_prefs.preferences_for(request.user)
    form = NotificationPreferencesForm(request.POST or None, current=current, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            changed = notification_prefs.save_preferences(
                user=request.user, changes=form.changed(), acting_user=request.user
            )
        except ValidationError as exc:
            for key, errors in exc.message_dict.items():
                name = preference_field_name(key)
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(
                request,
                "Vos préférences de notification sont enregistrées."
                if changed
                else "Aucun changement : vos préférences restent les mêmes.",
            )
            return redirect("core:notification_preferences")
    return render(
        request,
        "core/notification_preferences.html",
        {"form": form, "has_email": bool(getattr(request.user, "email", ""))},
    )
