"""Account hardening: two-factor authentication, lock-out, login audit, sessions."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from hemicycle.accounts import twofactor
from hemicycle.accounts.models import UserSession
from hemicycle.accounts.tests.factories import PASSWORD, UserFactory
from hemicycle.core.models import AuditEntry
from hemicycle.core.roles import Role

LOGIN = reverse("accounts:login")
DASHBOARD = reverse("core:dashboard")
SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
CODES = reverse("accounts:two_factor_recovery_codes")


def code_for(device: TOTPDevice) -> str:
    # A code is accepted once per 30-second step; tests forget the last one used.
    device.refresh_from_db()
    device.last_t = -1
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    return f"{totp(device.bin_key):06d}"


def password_login(username: str, client: Client | None = None) -> Client:
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def enable_two_factor(client: Client, user) -> tuple[TOTPDevice, list[str]]:
    """Go through the setup pages; returns the confirmed device and the recovery codes."""
    assert client.get(SETUP).status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": code_for(device)})
    assert response.status_code == 302
    assert response["Location"] == CODES
    page = client.get(CODES).content.decode()
    codes = [t.token for t in StaticToken.objects.filter(device__user=user)]
    assert len(codes) == 10
    assert all(code in page for code in codes)
    device.refresh_from_db()
    return device, codes


@pytest.fixture
def require_2fa(settings):
    settings.HEMICYCLE_REQUIRE_2FA = True


# ---------------------------------------------------------------- two-factor setup


def test_setup_shows_the_secret_and_a_qr_code_then_the_codes_only_once(db):
    user = UserFactory(username="camille", role=Role.ELU)
    client = password_login("camille")
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert twofactor.secret_text(device) in page
    assert 'src="data:image/svg+xml;base64,' in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>")[0]

    assert client.post(SETUP, {"token": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()

    device, codes = enable_two_factor(client, user)
    assert device.confirmed
    again = client.get(CODES).content.decode()
    assert codes[0] not in again
    assert "Codes restants : 10" in again
    assert AuditEntry.objects.filter(action="accounts.two_factor_enabled").count() == 1


@pytest.mark.parametrize("username,role", [("sg", Role.SECRETARIAT), ("pdt", Role.PRESIDENCE)])
def test_leadership_must_set_up_two_factor_when_required(username, role, db, require_2fa):
    user = UserFactory(username=username, role=role)
    client = password_login(username)
    response = client.get(DASHBOARD)
    assert response.status_code == 302
    assert response["Location"].startswith(SETUP)
    # Nothing else is reachable before the setup, not even their own account page.
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert client.get(reverse("accounts:user_list")).status_code == 302
    enable_two_factor(client, user)
    assert client.get(DASHBOARD).status_code == 200


@pytest.mark.parametrize("username,role", [("sg", Role.SECRETARIAT), ("pdt", Role.PRESIDENCE)])
def test_leadership_must_enter_a_code_at_each_login(username, role, db, require_2fa):
    user = UserFactory(username=username, role=role)
    device, _ = enable_two_factor(password_login(username), user)

    client = password_login(username)
    response = client.get(reverse("group:detail"))
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next={reverse('group:detail').replace('/', '%2F')}"
    wrong = client.post(VERIFY, {"token": "123456", "next": "/"})
    assert wrong.status_code == 200
    assert "Ce code ne correspond pas" in wrong.content.decode()
    assert client.get(DASHBOARD).status_code == 302
    assert AuditEntry.objects.filter(action="accounts.two_factor_failed").count() == 1

    ok = client.post(VERIFY, {"token": code_for(device), "next": "/"})
    assert ok.status_code == 302
    assert ok["Location"] == "/"
    assert client.get(DASHBOARD).status_code == 200


def test_a_password_alone_cannot_replace_the_phone(db):
    user = UserFactory(username="elu1", role=Role.ELU)
    device, _ = enable_two_factor(password_login("elu1"), user)
    thief = password_login("elu1")
    response = thief.get(SETUP)
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert thief.post(SETUP, {"token": "123456"})["Location"].startswith(VERIFY)
    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_enabling_two_factor_closes_the_other_sessions(db):
    user = UserFactory(username="elu1", role=Role.ELU)
    elsewhere = password_login("elu1")
    enable_two_factor(password_login("elu1"), user)
    assert elsewhere.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_changing_the_password_keeps_this_session_listed(db):
    UserFactory(username="camille")
    client = password_login("camille")
    new = "une-toute-nouvelle-phrase-7"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    assert UserSession.objects.filter(session_key=client.session.session_key).exists()


def test_verify_refuses_an_outside_next_url(db, require_2fa):
    user = UserFactory(username="sg", role=Role.SECRETARIAT)
    device, _ = enable_two_factor(password_login("sg"), user)
    client = password_login("sg")
    response = client.post(VERIFY, {"token": code_for(device), "next": "https://evil.example/"})
    assert response["Location"] == DASHBOARD


def test_recovery_codes_work_once(db, require_2fa):
    user = UserFactory(username="sg", role=Role.SECRETARIAT)
    _, codes = enable_two_factor(password_login("sg"), user)

    client = password_login("sg")
    assert client.post(VERIFY, {"token": codes[0].upper()}).status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    assert AuditEntry.objects.filter(action="accounts.recovery_code_used").count() == 1

    again = password_login("sg")
    assert again.post(VERIFY, {"token": codes[0]}).status_code == 200
    assert again.get(DASHBOARD).status_code == 302
    # A failure slows down the next attempts (django-otp throttling); the test skips the wait.
    StaticDevice.objects.filter(user=user).update(throttling_failure_count=0)
    assert again.post(VERIFY, {"token": codes[1]}).status_code == 302
    assert again.get(DASHBOARD).status_code == 200
    assert StaticToken.objects.filter(device__user=user).count() == 8


def test_two_factor_is_optional_for_a_councillor_but_holds_once_enabled(db, require_2fa):
    user = UserFactory(username="elu1", role=Role.ELU)
    client = password_login("elu1")
    assert client.get(DASHBOARD).status_code == 200
    device, _ = enable_two_factor(client, user)

    client = password_login("elu1")
    assert client.get(DASHBOARD)["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": code_for(device)})
    assert client.get(DASHBOARD).status_code == 200


def test_an_enabled_device_is_asked_for_even_when_enforcement_is_off(db):
    user = UserFactory(username="elu1", role=Role.ELU)
    enable_two_factor(password_login("elu1"), user)
    assert password_login("elu1").get(DASHBOARD)["Location"].startswith(VERIFY)


def test_a_session_owing_its_code_may_still_log_out(db, require_2fa):
    UserFactory(username="sg", role=Role.SECRETARIAT)
    client = password_login("sg")
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_regenerate_and_disable_need_the_password(db):
    user = UserFactory(username="elu1", role=Role.ELU)
    client = password_login("elu1")
    _, codes = enable_two_factor(client, user)

    assert client.post(CODES, {"password": "faux"}).status_code == 200
    assert StaticToken.objects.filter(token=codes[0]).exists()
    response = client.post(CODES, {"password": PASSWORD})
    assert response.status_code == 302
    assert not StaticToken.objects.filter(token=codes[0]).exists()
    assert StaticToken.objects.filter(device__user=user).count() == 10
    assert "Vos nouveaux codes" in client.get(CODES).content.decode()

    disable = reverse("accounts:two_factor_disable")
    assert client.post(disable, {"password": "faux"}).status_code == 200
    assert TOTPDevice.objects.filter(user=user).exists()
    assert client.post(disable, {"password": PASSWORD}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor_disabled").count() == 1
    assert password_login("elu1").get(DASHBOARD).status_code == 200


def test_demo_accounts_log_in_with_their_password_alone(db, settings, require_2fa):
    settings.DEMO_MODE = True
    UserFactory(username="secretariat", role=Role.SECRETARIAT)
    page = Client().get(LOGIN).content.decode()
    assert "En démonstration, la double authentification est désactivée" in page
    client = password_login("secretariat")
    assert client.get(DASHBOARD).status_code == 200
    # Nobody may lock the shared demo account behind their own phone.
    assert client.get(SETUP).status_code == 404


def test_demo_account_list_matches_the_demo_data(settings):
    from hemicycle.demo.management.commands.seed_demo import ACCOUNTS

    assert {a[0] for a in ACCOUNTS} == set(settings.HEMICYCLE_DEMO_ACCOUNTS)


def test_outside_the_demo_the_login_page_announces_no_bypass(db):
    assert "double authentification est désactivée" not in Client().get(LOGIN).content.decode()


# ---------------------------------------------------------------- lock-out and audit


def test_login_failure_is_audited_without_the_password(client, db):
    UserFactory(username="camille")
    client.post(LOGIN, {"username": "Camille", "password": "secret-essai-1"})
    entry = AuditEntry.objects.get(action="accounts.login_failed")
    assert entry.changes["username"] == "Camille"
    assert "secret-essai-1" not in str(entry.changes) + entry.note


def test_five_failures_lock_the_account_out_in_french(client, db, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="camille")
    for attempt in range(5):
        response = client.post(LOGIN, {"username": "camille", "password": f"faux-{attempt}"})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Trop de tentatives" in text
    assert "réessayez dans 15 minutes ou contactez le secrétariat" in text
    # Even the right password is refused now, and the case of the username does not help.
    response = client.post(LOGIN, {"username": "CAMILLE", "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    locked = AuditEntry.objects.filter(action="accounts.locked_out").first()
    assert locked.changes == {"username": "camille", "ip": "127.0.0.1"}
    assert AuditEntry.objects.filter(action="accounts.login_failed").count() >= 5
    # Another address is not locked out with this one.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(LOGIN, {"username": "camille", "password": PASSWORD}).status_code == 302


def test_four_failures_do_not_lock_out(client, db, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="camille")
    for attempt in range(4):
        client.post(LOGIN, {"username": "camille", "password": f"faux-{attempt}"})
    assert client.post(LOGIN, {"username": "camille", "password": PASSWORD}).status_code == 302


def test_logout_is_audited(db):
    UserFactory(username="camille")
    client = password_login("camille")
    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(action="accounts.logged_out").count() == 1
    assert not UserSession.objects.exists()


# ---------------------------------------------------------------- sessions


def test_sessions_page_lists_them_and_logs_out_everywhere(db):
    UserFactory(username="camille")
    here = password_login("camille", Client(HTTP_USER_AGENT="Firefox de bureau"))
    there = password_login("camille", Client(HTTP_USER_AGENT="Safari du téléphone"))
    page = here.get(reverse("accounts:sessions")).content.decode()
    assert "Firefox de bureau" in page
    assert "Safari du téléphone" in page
    assert "cette session" in page

    response = here.post(reverse("accounts:session_close_others"))
    assert response.status_code == 302
    assert there.get(DASHBOARD)["Location"].startswith(LOGIN)
    assert here.get(DASHBOARD).status_code == 200
    assert UserSession.objects.count() == 1
    assert AuditEntry.objects.filter(action="accounts.logged_out_everywhere").count() == 1


def test_close_one_session_but_never_someone_elses(db):
    camille = UserFactory(username="camille")
    UserFactory(username="dominique")
    here = password_login("camille")
    there = password_login("camille")
    stranger = password_login("dominique")
    theirs = UserSession.objects.get(user__username="dominique")
    mine = UserSession.objects.filter(user=camille).exclude(session_key=there.session.session_key)
    other = UserSession.objects.get(session_key=there.session.session_key)

    here.post(reverse("accounts:session_close", args=[theirs.pk]))
    assert stranger.get(DASHBOARD).status_code == 200
    here.post(reverse("accounts:session_close", args=[other.pk]))
    assert there.get(DASHBOARD)["Location"].startswith(LOGIN)
    assert here.get(DASHBOARD).status_code == 200
    assert mine.count() == 1


def test_expired_sessions_drop_out_of_the_list(db):
    UserFactory(username="camille")
    here = password_login("camille")
    gone = password_login("camille")
    gone.session.flush()
    page = here.get(reverse("accounts:sessions")).content.decode()
    assert page.count("<tr>") == 2  # header row + this session
    assert UserSession.objects.count() == 1


# ---------------------------------------------------------------- password rules


def test_password_pages_list_the_rules(client_for):
    page = client_for("councillor").get(reverse("accounts:password_change")).content.decode()
    assert "au moins 12 caractères" in page
    assert "pas uniquement des chiffres" in page


def test_secretariat_resets_a_colleagues_lost_second_factor(client_for, persona):
    from hemicycle.core.models import AuditEntry

    colleague = persona("president")
    TOTPDevice.objects.create(user=colleague, name="téléphone", confirmed=True)
    StaticDevice.objects.create(user=colleague, name="secours", confirmed=True)
    response = client_for("secretariat").post(
        reverse("accounts:user_reset_two_factor", args=[colleague.pk])
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()
    assert not StaticDevice.objects.filter(user=colleague).exists()
    assert AuditEntry.objects.filter(action="accounts.two_factor_reset").count() == 1
    # Nobody else may, and the secretariat cannot reset its own.
    assert (
        client_for("bureau")
        .post(reverse("accounts:user_reset_two_factor", args=[colleague.pk]))
        .status_code
        == 404
    )
    me = persona("secretariat")
    assert (
        client_for("secretariat")
        .post(reverse("accounts:user_reset_two_factor", args=[me.pk]))
        .status_code
        == 404
    )


def test_reset_second_factor_sends_a_security_alert_that_cannot_be_silenced(
    client_for, persona, mailoutbox, django_capture_on_commit_callbacks
):
    from hemicycle.core.models import Notification, NotificationPreference

    colleague = persona("president")
    # Even a stored "off" (written around the preferences page) does not silence it.
    NotificationPreference.objects.create(user=colleague, kind="accounts.security", channel="off")
    TOTPDevice.objects.create(user=colleague, name="téléphone", confirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("secretariat").post(
            reverse("accounts:user_reset_two_factor", args=[colleague.pk])
        )
    notice = Notification.objects.get(recipient=colleague, kind="accounts.security")
    assert "réinitialisée" in notice.title
    assert [m.to for m in mailoutbox] == [[colleague.email]]
