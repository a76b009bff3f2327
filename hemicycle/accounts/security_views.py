"""Pages of one's own account security: two-factor authentication and active sessions."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from hemicycle.accounts import permissions, sessions, twofactor
from hemicycle.accounts.forms import PasswordConfirmForm, TokenForm
from hemicycle.accounts.middleware import two_factor_exempt
from hemicycle.core.permissions import access, is_authenticated


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


@access(permissions.can_use_two_factor)
@two_factor_exempt
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if twofactor.has_device(user) and not user.is_verified():
        # Otherwise a stolen password alone could replace the owner's phone with another.
        return redirect(f"{reverse('accounts:two_factor_verify')}?{request.GET.urlencode()}")
    device = twofactor.pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = twofactor.confirm_setup(
            request=request, user=user, token=form.cleaned_data["token"]
        )
        if codes is not None:
            request.session[twofactor.NEW_CODES_KEY] = codes
            request.session["_hemicycle_after_codes"] = _next_url(request)
            return redirect("accounts:two_factor_recovery_codes")
        form.add_error(
            "token", "Ce code ne correspond pas. Vérifiez l’heure du téléphone et réessayez."
        )
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "secret": twofactor.secret_text(device),
            "qr": twofactor.qr_data_uri(device),
            "required": permissions.requires_two_factor(user),
            "replacing": twofactor.has_device(user),
            "next": _next_url(request),
        },
    )


@access(is_authenticated)
@two_factor_exempt
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not twofactor.has_device(user):
        return redirect("accounts:two_factor_setup")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if twofactor.verify(request=request, user=user, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error(
            "token",
            "Ce code ne correspond pas, ou a déjà servi. Après plusieurs erreurs, "
            "attendez un peu avant de réessayer.",
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@access(permissions.can_use_two_factor)
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not twofactor.has_device(user):
        return redirect("accounts:profile")
    form = PasswordConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        request.session[twofactor.NEW_CODES_KEY] = twofactor.regenerate_recovery_codes(user=user)
        return redirect("accounts:two_factor_recovery_codes")
    # Shown once: the codes leave the session as they are displayed.
    codes = request.session.pop(twofactor.NEW_CODES_KEY, None)
    after = request.session.pop("_hemicycle_after_codes", None) if codes else None
    return render(
        request,
        "accounts/two_factor_recovery_codes.html",
        {
            "codes": codes,
            "after": after or reverse("accounts:profile"),
            "remaining": twofactor.remaining_recovery_codes(user),
            "form": form,
        },
    )


@access(permissions.can_use_two_factor)
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not twofactor.has_device(user):
        return redirect("accounts:profile")
    form = PasswordConfirmForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        twofactor.disable(request=request, user=user)
        messages.success(request, "La double authentification est désactivée.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/two_factor_disable.html",
        {"form": form, "required": permissions.requires_two_factor(user)},
    )


@access(is_authenticated)
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": sessions.active_sessions(user=request.user),  # type: ignore[arg-type]
            "current_key": request.session.session_key,
        },
    )


@access(is_authenticated)
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    if sessions.close_session(
        user=request.user,  # type: ignore[arg-type]
        session_pk=pk,
        current_key=request.session.session_key,
    ):
        messages.success(request, "Session fermée.")
    else:
        messages.error(request, "Cette session n’existe plus.")
    return redirect("accounts:sessions")


@access(is_authenticated)
@require_POST
def session_close_others(request: HttpRequest) -> HttpResponse:
    closed = sessions.close_other_sessions(
        user=request.user,  # type: ignore[arg-type]
        current_key=request.session.session_key,
    )
    messages.success(
        request,
        f"{closed} autre(s) session(s) fermée(s) : vous n’êtes plus connecté·e que sur ce navigateur.",
    )
    return redirect("accounts:sessions")
