"""Notification preferences: each channel honoured by notify(), the page, the daily digest."""

import smtplib

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hemicycle.accounts.tests.factories import UserFactory
from hemicycle.core import digest, notification_kinds, notification_prefs, notifications
from hemicycle.core.forms import preference_field_name
from hemicycle.core.models import AuditEntry, Notification, NotificationPreference
from hemicycle.core.tasks import daily_digests

DEADLINE = "filings.deadline"
SECURITY = "accounts.security"


def _notify(*users, kind=DEADLINE, **kwargs):
    values = {"title": "Dépôt des amendements demain"} | kwargs
    return notifications.notify(recipients=list(users), kind=kind, **values)


def _prefer(user, kind, channel):
    NotificationPreference.objects.create(user=user, kind=kind, channel=channel)


def test_existing_kinds_are_registered_with_french_labels():
    keys = {k.key for k in notification_kinds.all_kinds()}
    assert {DEADLINE, "filings.submitted", "filings.shared", SECURITY} <= keys
    assert notification_kinds.get(SECURITY).mandatory
    assert notification_kinds.Channel.OFF not in notification_kinds.get(SECURITY).allowed()
    areas = [area for area, _ in notification_kinds.grouped()]
    assert "Dépôts" in areas and "Mon compte" in areas


# notify() honours each channel


def test_default_channel_is_in_app_and_immediate_email(
    persona, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _notify(persona("staff"))
    assert len(mailoutbox) == 1
    assert not row.digest_due


def test_in_app_only_sends_no_email(persona, mailoutbox, django_capture_on_commit_callbacks):
    staff = persona("staff")
    _prefer(staff, DEADLINE, "app")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        (row,) = _notify(staff)
    assert callbacks == [] and mailoutbox == []
    assert not row.digest_due and row.emailed_at is None


def test_digest_marks_the_row_and_sends_nothing_now(
    persona, mailoutbox, django_capture_on_commit_callbacks
):
    staff = persona("staff")
    _prefer(staff, DEADLINE, "digest")
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _notify(staff)
    assert mailoutbox == []
    assert row.digest_due and row.digested_at is None


def test_off_creates_nothing_for_that_person_only(persona, django_capture_on_commit_callbacks):
    staff, bureau = persona("staff"), persona("bureau")
    _prefer(staff, DEADLINE, "off")
    with django_capture_on_commit_callbacks(execute=True):
        created = _notify(staff, bureau)
    assert [n.recipient for n in created] == [bureau]
    # The preference is per kind: another kind still reaches them.
    assert _notify(staff, kind="filings.submitted")


def test_email_false_keeps_digest_out_too(persona):
    staff = persona("staff")
    _prefer(staff, DEADLINE, "digest")
    (row,) = _notify(staff, email=False)
    assert not row.digest_due


def test_mandatory_kind_ignores_a_stored_off(
    persona, mailoutbox, django_capture_on_commit_callbacks
):
    # A row written around the service (by hand, an old version) cannot silence it.
    staff = persona("staff")
    _prefer(staff, SECURITY, "off")
    with django_capture_on_commit_callbacks(execute=True):
        (row,) = _notify(staff, kind=SECURITY, title="Double authentification désactivée")
    assert row.recipient == staff
    assert len(mailoutbox) == 1


def test_preferences_cost_one_query_for_many_recipients(db, django_assert_num_queries):
    users = UserFactory.create_batch(6)
    for user in users[:3]:
        _prefer(user, DEADLINE, "app")
    # notify()'s own savepoint (2), one preference lookup, then a savepoint and an insert
    # per row (3 each): the preferences add one query, whatever the number of recipients.
    with django_assert_num_queries(2 + 1 + 3 * 6):
        _notify(*users, email=False)


# The service


def test_service_saves_only_differences_and_audits_once(persona):
    staff = persona("staff")
    changed = notification_prefs.save_preferences(
        user=staff,
        changes={DEADLINE: "digest", "filings.submitted": "email"},
        acting_user=staff,
    )
    # "email" is the default: nothing stored, nothing audited for it.
    assert changed == {DEADLINE: ["email", "digest"]}
    assert list(NotificationPreference.objects.values_list("kind", "channel")) == [
        (DEADLINE, "digest")
    ]
    entry = AuditEntry.objects.get(action="core.notification_preferences_changed")
    assert entry.actor == staff and entry.changes == {DEADLINE: ["email", "digest"]}
    # Back to the default deletes the row.
    notification_prefs.save_preferences(user=staff, changes={DEADLINE: "email"}, acting_user=staff)
    assert not NotificationPreference.objects.exists()


def test_service_refuses_off_for_a_mandatory_kind_and_changes_nothing(persona):
    staff = persona("staff")
    with pytest.raises(ValidationError) as excinfo:
        notification_prefs.save_preferences(
            user=staff, changes={DEADLINE: "app", SECURITY: "off"}, acting_user=staff
        )
    assert "obligatoire" in excinfo.value.message_dict[SECURITY][0]
    assert not NotificationPreference.objects.exists()
    assert not AuditEntry.objects.filter(action="core.notification_preferences_changed").exists()


def test_service_refuses_unknown_kind_or_channel_and_someone_elses(persona):
    staff, bureau = persona("staff"), persona("bureau")
    with pytest.raises(ValidationError):
        notification_prefs.save_preferences(
            user=staff, changes={"filings.nope": "app"}, acting_user=staff
        )
    with pytest.raises(ValidationError):
        notification_prefs.save_preferences(
            user=staff, changes={DEADLINE: "pigeon"}, acting_user=staff
        )
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notification_prefs.save_preferences(
            user=staff, changes={DEADLINE: "app"}, acting_user=bureau
        )


# The page


def _form_data(client, url, **choices):
    """The form as the browser posts it: every shown value, plus the hidden initial ones."""
    form = client.get(url).context["form"]
    data = {}
    for name in form.fields:
        shown = form[name].value()
        data[name] = shown
        data[f"initial-{name}"] = shown
    for kind, channel in choices.items():
        data[preference_field_name(kind)] = channel
    return data


def test_page_groups_kinds_by_area_and_hides_off_for_mandatory(client_for):
    response = client_for("councillor").get(reverse("core:notification_preferences"))
    html = response.content.decode()
    assert "Dépôts" in html and "Mon compte" in html
    assert "Rappel d’échéance de dépôt" in html
    security = preference_field_name(SECURITY)
    assert f'name="{security}" value="off"' not in html
    assert f'name="{preference_field_name(DEADLINE)}" value="off"' in html


def test_page_saves_and_says_so(client_for, persona):
    client, url = client_for("councillor"), reverse("core:notification_preferences")
    response = client.post(url, _form_data(client, url, **{DEADLINE: "digest"}), follow=True)
    assert "Vos préférences de notification sont enregistrées." in response.content.decode()
    pref = NotificationPreference.objects.get()
    assert (pref.user, pref.kind, pref.channel) == (persona("councillor"), DEADLINE, "digest")


def test_page_refuses_off_for_mandatory_in_french(client_for):
    client, url = client_for("councillor"), reverse("core:notification_preferences")
    data = _form_data(client, url, **{SECURITY: "off", DEADLINE: "app"})
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "« Alerte de sécurité » est obligatoire" in html
    assert "rien n’a été enregistré" in html
    assert not NotificationPreference.objects.exists()


def test_two_tabs_changing_different_kinds_both_keep_their_change(client_for, persona):
    client, url = client_for("councillor"), reverse("core:notification_preferences")
    first = _form_data(client, url, **{DEADLINE: "digest"})
    second = _form_data(client, url, **{"filings.submitted": "app"})
    client.post(url, first)
    client.post(url, second)
    assert dict(NotificationPreference.objects.values_list("kind", "channel")) == {
        DEADLINE: "digest",
        "filings.submitted": "app",
    }


def test_page_query_count(client_for, django_assert_num_queries):
    client = client_for("councillor")
    client.get(reverse("core:notification_preferences"))
    # Session, user, the person's preferences, the header's unread count.
    with django_assert_num_queries(4):
        client.get(reverse("core:notification_preferences"))


# The daily digest


def _digest_rows(user, n, **kwargs):
    _prefer(user, DEADLINE, "digest")
    return [_notify(user, title=f"Rappel {i}", url=f"/depots/{i}/", **kwargs)[0] for i in range(n)]


def test_digest_sends_one_email_per_person_with_their_own_rows(
    persona, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HEMICYCLE_SITE_URL = "https://hemicycle.exemple.fr"
    staff, bureau = persona("staff"), persona("bureau")
    with django_capture_on_commit_callbacks(execute=True):
        _digest_rows(staff, 3)
        _digest_rows(bureau, 1)
        _notify(staff, kind="filings.submitted", title="Immédiat")  # e-mailed at once
    assert len(mailoutbox) == 1
    mailoutbox.clear()
    assert digest.recipients_with_pending_digest() == sorted([staff.pk, bureau.pk])
    assert digest.send_digest(staff.pk) == 3
    assert digest.send_digest(bureau.pk) == 1
    assert [m.to for m in mailoutbox] == [[staff.email], [bureau.email]]
    mine = mailoutbox[0]
    assert mine.subject == "[Hémicycle] Votre récapitulatif : 3 notifications"
    assert "Rappel 0" in mine.body and "Rappel 2" in mine.body and "Immédiat" not in mine.body
    assert "https://hemicycle.exemple.fr/depots/1/" in mine.body
    html, mimetype = mine.alternatives[0]
    assert mimetype == "text/html" and 'href="https://hemicycle.exemple.fr/depots/1/"' in html
    assert "Rappel" not in mailoutbox[1].body.replace("Rappel 0", "")


def test_digest_is_never_sent_twice(persona, mailoutbox):
    staff = persona("staff")
    _digest_rows(staff, 2)
    assert digest.send_digest(staff.pk) == 2
    assert digest.send_digest(staff.pk) == 0
    assert len(mailoutbox) == 1
    assert not Notification.objects.filter(digested_at__isnull=True).exists()
    # What arrives afterwards goes in the next digest, alone.
    _notify(staff, title="Le lendemain")
    assert digest.send_digest(staff.pk) == 1
    assert "Le lendemain" in mailoutbox[1].body and "Rappel 0" not in mailoutbox[1].body


def test_failed_digest_is_released_for_the_retry(persona, mailoutbox, monkeypatch):
    staff = persona("staff")
    _digest_rows(staff, 2)
    from django.core.mail import EmailMultiAlternatives

    real_send = EmailMultiAlternatives.send
    monkeypatch.setattr(
        EmailMultiAlternatives,
        "send",
        lambda self, *a, **k: (_ for _ in ()).throw(smtplib.SMTPException("refusé")),
    )
    with pytest.raises(smtplib.SMTPException):
        digest.send_digest(staff.pk)
    assert Notification.objects.filter(digested_at__isnull=True).count() == 2
    monkeypatch.setattr(EmailMultiAlternatives, "send", real_send)
    assert digest.send_digest(staff.pk) == 2
    assert len(mailoutbox) == 1


def test_digest_leaves_out_what_was_read_and_skips_people_without_address(persona, mailoutbox):
    staff = persona("staff")
    rows = _digest_rows(staff, 2)
    notifications.mark_read(notification=rows[0], acting_user=staff)
    assert digest.send_digest(staff.pk) == 1
    assert "Rappel 1" in mailoutbox[0].body and "Rappel 0" not in mailoutbox[0].body
    nobody = UserFactory(email="")
    _digest_rows(nobody, 1)
    assert digest.send_digest(nobody.pk) == 0
    # Claimed all the same, so it does not come back every morning.
    assert not digest.recipients_with_pending_digest()


def test_periodic_job_runs_only_at_the_configured_paris_hour(
    persona, settings, mailoutbox, monkeypatch
):
    import datetime as dt
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    staff = persona("staff")
    _digest_rows(staff, 1)
    settings.HEMICYCLE_DIGEST_HOUR = 7
    paris = ZoneInfo("Europe/Paris")
    monkeypatch.setattr(
        timezone, "localtime", lambda *a: dt.datetime(2026, 11, 30, 6, 0, tzinfo=paris)
    )
    daily_digests.call_local()
    assert mailoutbox == []
    monkeypatch.setattr(
        timezone, "localtime", lambda *a: dt.datetime(2026, 11, 30, 7, 0, tzinfo=paris)
    )
    daily_digests.call_local()
    daily_digests.call_local()  # a second run in the same hour sends nothing more
    assert len(mailoutbox) == 1


def test_each_role_is_offered_only_the_kinds_it_can_receive(client_for, persona):
    url = reverse("core:notification_preferences")
    observer = client_for("observer").get(url).content.decode()
    assert "Alerte de sécurité" in observer and "Texte à relire" not in observer
    partner = client_for("partner").get(url).content.decode()
    assert "Texte partagé" in partner and "Texte à relire" not in partner
    councillor = client_for("councillor").get(url).content.decode()
    assert "Texte à relire" in councillor and "Texte partagé" not in councillor
    # The service refuses what the page does not offer, like an unknown kind.
    with pytest.raises(ValidationError):
        notification_prefs.save_preferences(
            user=persona("observer"),
            changes={"filings.submitted": "app"},
            acting_user=persona("observer"),
        )
