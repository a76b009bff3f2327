import re

import pytest
from django.core import mail
from django.urls import reverse

from hemicycle.accounts.models import User
from hemicycle.core.models import AuditEntry
from hemicycle.core.roles import Role


def _create(client, **overrides):
    data = {
        "username": "nouvelle",
        "first_name": "Rose",
        "last_name": "Dumont",
        "email": "rose@exemple.fr",
        "role": Role.COLLABORATEUR,
        "councillor": "",
        "staff_member": "",
        "partner_group": "",
    }
    data.update(overrides)
    return client.post(reverse("accounts:user_create"), data)


def test_secretariat_creates_an_account_with_an_invitation(
    client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _create(client_for("secretariat"))
    assert response.status_code == 302
    user = User.objects.get(username="nouvelle")
    assert not user.has_usable_password()
    assert AuditEntry.objects.filter(
        action="accounts.user_created", target_id=str(user.pk)
    ).exists()
    assert len(mail.outbox) == 1
    assert "nouvelle" in mail.outbox[0].body
    link = re.search(r"https?://[^/]+(/compte/mot-de-passe/nouveau/\S+)", mail.outbox[0].body)
    assert link


def test_elu_account_needs_a_councillor(client_for):
    response = _create(client_for("secretariat"), role=Role.ELU)
    assert response.status_code == 200
    assert "doit être relié à un·e élu·e" in response.content.decode()
    assert not User.objects.filter(username="nouvelle").exists()


def test_partner_account_needs_a_partner_group(client_for, world):
    response = _create(client_for("secretariat"), role=Role.PARTENAIRE)
    assert "rattaché à un groupe du conseil" in response.content.decode()
    response = _create(
        client_for("secretariat"), role=Role.PARTENAIRE, partner_group=world["ally"].pk
    )
    assert response.status_code == 302
    assert User.objects.get(username="nouvelle").partner_group == world["ally"]


def test_our_own_group_is_not_offered_as_partner(client_for, world):
    response = _create(
        client_for("secretariat"), role=Role.PARTENAIRE, partner_group=world["own"].pk
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="nouvelle").exists()


def test_duplicate_email_is_refused(client_for, persona):
    response = _create(client_for("secretariat"), email=persona("staff").email.upper())
    assert "déjà cette adresse e-mail" in response.content.decode()


def test_deactivate_then_reactivate(client_for, persona):
    target = persona("observer")
    client = client_for("secretariat")
    url = reverse("accounts:user_set_active", args=[target.pk])
    client.post(url, {"active": "0"})
    target.refresh_from_db()
    assert not target.is_active
    client.post(url, {"active": "1"})
    target.refresh_from_db()
    assert target.is_active
    assert AuditEntry.objects.filter(action="accounts.user_deactivated").count() == 1


def test_secretariat_cannot_deactivate_itself(client_for, persona):
    me = persona("secretariat")
    response = client_for("secretariat").post(
        reverse("accounts:user_set_active", args=[me.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    me.refresh_from_db()
    assert me.is_active


@pytest.mark.parametrize("rows", [5, 40])
def test_user_list_query_count(rows, client_for, django_assert_num_queries):
    from hemicycle.accounts.tests.factories import UserFactory

    UserFactory.create_batch(rows)
    client = client_for("secretariat")
    # session, user, unread notifications (header), count, page of accounts with their links
    with django_assert_num_queries(5):
        response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 200
