import re

import pytest
from django.core import mail
from django.urls import reverse

from config import settings as project_settings
from hemicycle.accounts.models import User
from hemicycle.accounts.tests.factories import PASSWORD, UserFactory
from hemicycle.core.models import AuditEntry


def test_production_settings_hash_with_argon2():
    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


@pytest.mark.parametrize(
    "login", ["camille", "CAMILLE", "camille@exemple.fr", "Camille@Exemple.FR"]
)
def test_login_by_username_or_email(login, client, db):
    UserFactory(username="camille", email="camille@exemple.fr")
    response = client.post(reverse("accounts:login"), {"username": login, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("core:dashboard")
    assert AuditEntry.objects.filter(action="accounts.logged_in").count() == 1


def test_wrong_password_is_refused_in_french(client, db):
    UserFactory(username="camille")
    response = client.post(reverse("accounts:login"), {"username": "camille", "password": "non"})
    assert response.status_code == 200
    assert "Identifiant ou mot de passe incorrect" in response.content.decode()


def test_deactivated_account_cannot_log_in(client, db):
    UserFactory(username="camille", is_active=False)
    response = client.post(reverse("accounts:login"), {"username": "camille", "password": PASSWORD})
    assert response.status_code == 200
    assert "Ce compte est désactivé" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_createsuperuser_gives_the_secretariat_role(db):
    user = User.objects.create_superuser("installateur", "i@exemple.fr", "x" * 14)
    assert user.role == "secretariat"


def test_password_reset_by_email(client, db):
    UserFactory(username="camille", email="camille@exemple.fr")
    response = client.post(reverse("accounts:password_reset"), {"email": "camille@exemple.fr"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe/nouveau/\S+)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    response = client.get(link.group(1), follow=True)
    assert response.status_code == 200
    new = "un-tout-nouveau-secret-42"
    response = client.post(
        response.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    assert response.status_code == 302
    assert (
        client.post(reverse("accounts:login"), {"username": "camille", "password": new}).status_code
        == 302
    )


def test_password_change_requires_the_old_password(client_for, persona):
    client = client_for("councillor")
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "faux", "new_password1": "x" * 14, "new_password2": "x" * 14},
    )
    assert response.status_code == 200
    assert persona("councillor").check_password(PASSWORD)


def test_logout_is_a_post(client_for):
    client = client_for("councillor")
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("core:dashboard")).status_code == 302
