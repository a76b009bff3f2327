from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm

from hemicycle.accounts.models import User
from hemicycle.core.forms import VersionedFormMixin
from hemicycle.core.roles import Role


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label="Identifiant ou adresse e-mail",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie "
            "(les majuscules comptent dans le mot de passe)."
        ),
        "inactive": "Ce compte est désactivé. Adressez-vous au secrétariat général du groupe.",
    }


class UserForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "role",
            "councillor",
            "staff_member",
            "partner_group",
        ]
        labels = {
            "username": "Identifiant",
            "first_name": "Prénom",
            "last_name": "Nom",
            "email": "E-mail",
        }
        help_texts = {
            "username": "Lettres, chiffres et . @ + - _ ; sert à se connecter.",
            "email": "Le lien pour choisir le mot de passe est envoyé à cette adresse.",
            "councillor": "Obligatoire pour un compte élu·e ; possible pour présidence et bureau.",
            "staff_member": "Pour un compte secrétariat ou collaborateur·rice.",
            "partner_group": "Obligatoire pour un compte partenaire : il ne verra que ce qui "
            "est partagé avec ce groupe.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["first_name"].required = True
        self.fields["last_name"].required = True
        self.fields["role"].help_text = "; ".join(
            [
                "Secrétariat : tout, dont comptes et réglages",
                "Présidence : valide positions, dépôts et dépenses",
                "Bureau : voit tout le travail interne",
                "Élu·e : travaux du groupe, ses mandats, sa feuille de vote",
                "Collaborateur·rice : tout le travail confié, sans comptes ni réglages financiers",
                "Partenaire : seulement ce qui est partagé avec son groupe",
                "Observateur·rice : lecture de ce qui est marqué partageable",
            ]
        )
        # A partner belongs to another group of the council, never to ours.
        self.fields["partner_group"].queryset = (  # type: ignore[attr-defined]
            self.fields["partner_group"].queryset.filter(  # type: ignore[attr-defined]
                own_group__isnull=True, is_archived=False
            )
        )
        self.fields["councillor"].queryset = (  # type: ignore[attr-defined]
            self.fields["councillor"].queryset.filter(status="active")  # type: ignore[attr-defined]
        )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        clash = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Un autre compte utilise déjà cette adresse e-mail.")
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Drop links that do not fit the role, rather than refusing: the form shows all.
        role = data.get("role")
        if role != Role.PARTENAIRE:
            data["partner_group"] = None
        if role not in (Role.PRESIDENCE, Role.BUREAU, Role.ELU):
            data["councillor"] = None
        if role not in (Role.SECRETARIAT, Role.COLLABORATEUR):
            data["staff_member"] = None
        return data


class UserFilterForm(forms.Form):
    q = forms.CharField(label="Rechercher", required=False)
    role = forms.ChoiceField(
        label="Rôle", required=False, choices=[("", "Tous les rôles"), *Role.choices]
    )
    active = forms.ChoiceField(
        label="État",
        required=False,
        choices=[("yes", "Actifs"), ("no", "Désactivés"), ("", "Tous")],
        initial="yes",
    )


# Said on every page where a password is chosen (the validators of AUTH_PASSWORD_VALIDATORS).
PASSWORD_RULES = [
    "au moins 12 caractères ;",
    "pas uniquement des chiffres ;",
    "pas un mot de passe courant (« motdepasse123 », « azertyuiop »…) ;",
    "pas trop proche de votre identifiant, de votre nom ou de votre e-mail.",
]


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code",
        max_length=20,
        help_text="Les 6 chiffres affichés par l’application, ou un code de secours.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Votre mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("Mot de passe incorrect.")
        return password


class CalendarFeedForm(forms.Form):
    label = forms.CharField(
        label="Nom de l’abonnement",
        max_length=80,
        required=False,
        help_text="Pour les reconnaître si vous en avez plusieurs : « iPhone », « Thunderbird »…",
    )
    kinds = forms.MultipleChoiceField(
        label="Ce que l’abonnement contient",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Aucune case cochée : tout ce que vous pouvez voir.",
    )

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kinds"].choices = kinds  # type: ignore[attr-defined]
