"""One's personal calendar feeds (« Mon compte › Agenda sur mon téléphone ») and the feed.

The feed URL is public, since calendar apps cannot log in: the secret token in it is the
credential. An unknown or revoked token, or an inactive account, answers 404 like any
missing page, and what the feed holds is computed for its owner at each fetch.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from hemicycle.accounts import calendar_feeds
from hemicycle.accounts.forms import CalendarFeedForm
from hemicycle.accounts.models import CalendarFeed
from hemicycle.core import calendar
from hemicycle.core.calendar import ics
from hemicycle.core.permissions import access, public

NEW_FEED_KEY = "_hemicycle_new_calendar_feed"


@public
@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    found = calendar_feeds.feed_for_token(token)
    if found is None:
        raise Http404
    body = ics.build(
        calendar_feeds.feed_items(found),
        name=calendar_feeds.feed_name(found),
        labels={k.key: k.label for k in calendar.kinds_for(found.user)},
    )
    calendar_feeds.touch(found)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hemicycle.ics"'
    # Personal data: no shared cache may keep it, and no robot should index the URL.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def feed_urls(token: str) -> dict[str, str]:
    https = settings.HEMICYCLE_SITE_URL + reverse("calendar_feed:feed", args=[token])
    webcal = "webcal://" + https.split("://", 1)[1]
    buffer = io.BytesIO()
    segno.make(webcal, error="m").save(buffer, kind="svg", scale=4, border=2)
    qr = "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()
    return {"https": https, "webcal": webcal, "qr": qr}


def _kind_choices(user: Any) -> list[tuple[str, str]]:
    return [(k.key, k.label) for k in calendar.kinds_for(user)]


def _own_feed(request: HttpRequest, pk: int) -> CalendarFeed:
    user: Any = request.user
    feed = CalendarFeed.objects.filter(pk=pk, user=user, revoked_at__isnull=True).first()
    if feed is None:
        raise Http404
    return feed


@access(calendar_feeds.can_have_feed)
def calendar_feed_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    choices = _kind_choices(user)
    form = CalendarFeedForm(request.POST or None, kinds=choices)
    if request.method == "POST" and form.is_valid():
        try:
            created, token = calendar_feeds.create_feed(
                user=user,
                label=form.cleaned_data["label"],
                kinds=form.cleaned_data["kinds"],
                acting_user=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            request.session[NEW_FEED_KEY] = {"pk": created.pk, "token": token}
            return redirect("accounts:calendar_feeds")
    # Shown once: the token leaves the session as it is displayed.
    new = request.session.pop(NEW_FEED_KEY, None)
    labels = dict(choices)
    feeds = [
        {"feed": f, "kinds": [labels.get(k, k) for k in f.kinds]}
        for f in calendar_feeds.active_feeds(user)
    ]
    return render(
        request,
        "accounts/calendar_feeds.html",
        {
            "form": form,
            "feeds": feeds,
            "new": {"pk": new["pk"], **feed_urls(new["token"])} if new else None,
        },
    )


@access(calendar_feeds.can_have_feed)
@require_POST
def calendar_feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _own_feed(request, pk)
    calendar_feeds.revoke_feed(feed=feed, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(
        request, f"Abonnement « {feed.label} » révoqué : son adresse ne donne plus rien."
    )
    return redirect("accounts:calendar_feeds")


@access(calendar_feeds.can_have_feed)
@require_POST
def calendar_feed_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    feed = _own_feed(request, pk)
    created, token = calendar_feeds.regenerate_feed(
        feed=feed,
        acting_user=request.user,  # type: ignore[arg-type]
    )
    request.session[NEW_FEED_KEY] = {"pk": created.pk, "token": token}
    messages.success(
        request,
        f"Nouvelle adresse pour « {feed.label} » : l’ancienne ne fonctionne plus, "
        "abonnez-vous de nouveau avec celle-ci.",
    )
    return redirect("accounts:calendar_feeds")
