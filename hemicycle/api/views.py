"""Pages to create and revoke API tokens: one's own (« Mon compte »), and the secrétariat
for partner accounts. The clear token is shown once, in the response to its creation."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from hemicycle.accounts.models import User
from hemicycle.api import permissions, selectors, services
from hemicycle.api.forms import TokenForm
from hemicycle.core.permissions import access
from hemicycle.core.views_helpers import add_validation_errors


def _page(request: HttpRequest, owner: Any) -> HttpResponse:
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_token = services.create_token(
                owner=owner,
                name=form.cleaned_data["name"],
                expires_on=form.cleaned_data.get("expires_on"),
                acting_user=request.user,
            )
        except ValidationError as exc:
            add_validation_errors(form, exc)
        else:
            form = TokenForm()
    own = owner.pk == request.user.pk
    return render(
        request,
        "api/tokens.html",
        {
            "owner": owner,
            "own": own,
            "tokens": list(selectors.tokens_of(owner)),
            "form": form,
            "new_token": new_token,
            "docs_url": reverse("api:openapi-view"),
            "openapi_url": reverse("api:openapi-json"),
            "base_url": request.build_absolute_uri(reverse("api:api-root")),
        },
    )


@access(permissions.can_manage_own_tokens)
@never_cache
def token_list(request: HttpRequest) -> HttpResponse:
    return _page(request, request.user)


@access(permissions.can_manage_partner_tokens)
@never_cache
def partner_tokens(request: HttpRequest, user_pk: int) -> HttpResponse:
    owner = get_object_or_404(User, pk=user_pk)
    if owner.pk == request.user.pk or not permissions.can_manage_tokens_of(request.user, owner):
        raise Http404
    return _page(request, owner)


@access(permissions.can_manage_own_tokens)
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = selectors.get_token_for_user_or_404(request.user, pk)
    services.revoke_token(token=token, acting_user=request.user)
    messages.success(
        request, f"Jeton « {token.name} » révoqué : il ne permet plus d’accéder à l’API."
    )
    if token.user_id == request.user.pk:
        return redirect("api_tokens:list")
    return redirect("api_tokens:partner", user_pk=token.user_id)
