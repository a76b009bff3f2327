from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_POST

from hemicycle.accounts import permissions, selectors, services, sessions, twofactor
from hemicycle.accounts.forms import PASSWORD_RULES, LoginForm, UserFilterForm, UserForm
from hemicycle.accounts.middleware import two_factor_exempt
from hemicycle.accounts.models import User
from hemicycle.core.permissions import access, is_authenticated, public
from hemicycle.core.selectors import history_for
from hemicycle.core.views_helpers import save_or_report


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_login(user=form.get_user())
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {"password_rules": PASSWORD_RULES}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(user=self.request.user)  # type: ignore[arg-type]
        # Changing the password gave this session a new key: keep "Mes sessions" right.
        sessions.start(request=self.request, user=self.request.user)  # type: ignore[arg-type]
        messages.success(self.request, "Votre mot de passe a été changé.")
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"password_rules": PASSWORD_RULES}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        services.record_password_change(user=form.user)
        return response


login = public(LoginView.as_view())
# Exempt from the second factor: a session that owes a code may still leave.
logout = access(is_authenticated)(two_factor_exempt(auth_views.LogoutView.as_view()))
password_change = access(is_authenticated)(PasswordChangeView.as_view())
password_reset = public(
    auth_views.PasswordResetView.as_view(
        template_name="accounts/password_reset.html",
        email_template_name="accounts/email/password_reset.txt",
        subject_template_name="accounts/email/password_reset_subject.txt",
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
password_reset_confirm = public(PasswordResetConfirmView.as_view())
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)


@access(is_authenticated)
def profile(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "account": user,
            "can_use_two_factor": permissions.can_use_two_factor(user),
            "two_factor_required": permissions.requires_two_factor(user),
            "two_factor_on": twofactor.has_device(user),
            "recovery_codes_left": twofactor.remaining_recovery_codes(user),
        },
    )


def _user_or_404(request: HttpRequest, pk: int) -> User:
    if not permissions.can_manage_users(request.user):
        raise Http404
    return get_object_or_404(User, pk=pk)


@access(permissions.can_manage_users)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or {"active": "yes"})
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.users_for_admin(filters=filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "accounts/user_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@access(permissions.can_manage_users)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user, _ = save_or_report(
            form,
            lambda: services.create_user(
                data=form.cleaned_data,
                acting_user=request.user,  # type: ignore[arg-type]
                base_url=request.build_absolute_uri("/"),
            ),
        )
        if user:
            messages.success(
                request,
                f"Compte « {user.username} » créé. Un lien pour choisir son mot de passe "
                f"a été envoyé à {user.email}.",
            )
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "title": "Nouveau compte",
            "intro": "La personne reçoit par e-mail un lien pour choisir son mot de passe.",
            "back_url": reverse_lazy("accounts:user_list"),
            "back_label": "Comptes",
            "submit_label": "Créer le compte",
        },
    )


@access(permissions.can_manage_users)
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = _user_or_404(request, pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": account,
            "history": history_for(account),
            "can_deactivate": permissions.can_deactivate(request.user, account),
        },
    )


@access(permissions.can_manage_users)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = _user_or_404(request, pk)
    form = UserForm(request.POST or None, instance=account)
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = save_or_report(
            form,
            lambda: services.update_user(
                user=account,
                data=form.cleaned_data,
                expected_version=form.cleaned_data.get("version"),
                acting_user=request.user,  # type: ignore[arg-type]
            ),
        )
        if saved:
            messages.success(request, "Compte enregistré.")
            return redirect("accounts:user_detail", pk=account.pk)
    return render(
        request,
        "core/_form_page.html",
        {
            "form": form,
            "title": f"Modifier le compte « {account.username} »",
            "back_url": reverse_lazy("accounts:user_detail", kwargs={"pk": account.pk}),
            "back_label": str(account),
            "conflict": conflict,
        },
    )


@access(permissions.can_manage_users)
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = _user_or_404(request, pk)
    if not permissions.can_deactivate(request.user, account):
        raise Http404
    active = request.POST.get("active") == "1"
    services.set_active(user=account, active=active, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        f"Compte « {account.username} » {'réactivé' if active else 'désactivé'}.",
    )
    return redirect("accounts:user_detail", pk=account.pk)


@access(permissions.can_manage_users)
@require_POST
def user_send_password_link(request: HttpRequest, pk: int) -> HttpResponse:
    account = _user_or_404(request, pk)
    if not account.email:
        messages.error(request, "Ce compte n’a pas d’adresse e-mail : ajoutez-en une d’abord.")
    else:
        services.request_password_link(
            user=account,
            acting_user=request.user,  # type: ignore[arg-type]
            base_url=request.build_absolute_uri("/"),
        )
        messages.success(request, f"Lien envoyé à {account.email}.")
    return redirect("accounts:user_detail", pk=account.pk)


@access(permissions.can_manage_users)
@require_POST
def user_reset_two_factor(request: HttpRequest, pk: int) -> HttpResponse:
    account = _user_or_404(request, pk)
    if account.pk == request.user.pk:
        raise Http404
    from hemicycle.accounts import twofactor

    twofactor.reset_for(user=account, acting_user=request.user)  # type: ignore[arg-type]
    messages.success(
        request,
        f"Double authentification de « {account.username} » réinitialisée : ses sessions sont "
        "fermées, et un nouveau téléphone lui sera demandé à sa prochaine connexion.",
    )
    return redirect("accounts:user_detail", pk=account.pk)
