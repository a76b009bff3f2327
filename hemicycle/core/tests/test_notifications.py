import datetime as dt
import smtplib

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from hemicycle.accounts.tests.factories import UserFactory
from hemicycle.core import notifications
from hemicycle.core.models import Notification
from hemicycle.core.tasks import send_notification_email


def _notify(*users, **kwargs):
    values = {"kind": "filings.deadline", "title": "Dépôt des amendements demain"} | kwargs
    return notifications.notify(recipients=list(users), **values)


# notify()


def test_same_dedupe_key_is_never_sent_twice(persona):
    bureau, staff = persona("bureau"), persona("staff")
    first = _notify(bureau, dedupe_key="filings.deadline:7:j-1")
    assert [n.recipient for n in first] == [bureau]
    again = _notify(bureau, staff, dedupe_key="filings.deadline:7:j-1")
    assert [n.recipient for n in again] == [staff]
    assert Notification.objects.filter(dedupe_key="filings.deadline:7:j-1").count() == 2
    # Without a key nothing is deduplicated: two events, two notifications.
    _notify(bureau)
    _notify(bureau)
    assert Notification.objects.filter(recipient=bureau, dedupe_key="").count() == 2


def test_inactive_missing_and_repeated_recipients_are_skipped(persona):
    staff = persona("staff")
    gone = UserFactory(is_active=False)
    created = _notify(staff, gone, None, staff)
    assert [n.recipient for n in created] == [staff]
    assert not Notification.objects.filter(recipient=gone).exists()
    assert _notify(gone) == []


def test_title_is_one_line_and_cut_to_fit(persona):
    (notification,) = _notify(persona("staff"), title="Rapport\n  " + "x" * 400)
    assert "\n" not in notification.title
    assert notification.title.startswith("Rapport x")
    assert len(notification.title) == 300
    assert notification.title.endswith("…")


def test_kind_must_be_dotted(persona):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _notify(persona("staff"), kind="Deadline")
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "//evil.example",
        "//evil.example/seances/",
        "https://evil",
        "http://127.0.0.1:8000/seances/",
        "/\\evil.example",
        "javascript:alert(1)",
        "seances/",
        "/" + "a" * 600,
    ],
)
def test_unsafe_url_is_dropped(url, persona):
    (notification,) = _notify(persona("staff"), url=url)
    assert notification.url == ""


def test_site_path_is_kept(persona):
    (notification,) = _notify(persona("staff"), url="/seances/12/?onglet=rapports#r3")
    assert notification.url == "/seances/12/?onglet=rapports#r3"


# E-mails


def test_email_is_sent_after_commit_once_per_notification(
    persona, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.HEMICYCLE_SITE_URL = "https://hemicycle.exemple.fr"
    bureau, staff = persona("bureau"), persona("staff")
    no_address = UserFactory(email="")
    with django_capture_on_commit_callbacks() as callbacks:
        created = _notify(bureau, staff, no_address, url="/seances/12/", body="Avant 12 h.")
        assert len(created) == 3
        assert mailoutbox == []
    # One job per notification that has an address; nothing before the commit.
    assert len(callbacks) == 2
    assert mailoutbox == []
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mailoutbox) == sorted([bureau.email, staff.email])
    message = mailoutbox[0]
    assert message.subject == "[Hémicycle] Dépôt des amendements demain"
    assert "https://hemicycle.exemple.fr/seances/12/" in message.body
    assert "https://hemicycle.exemple.fr/notifications/" in message.body
    assert "Avant 12 h." in message.body
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2
    assert Notification.objects.get(recipient=no_address).emailed_at is None


def test_no_email_when_asked_not_to(persona, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _notify(persona("staff"), email=False)
    assert callbacks == []
    assert mailoutbox == []


def test_rolled_back_notification_sends_nothing(
    persona, mailoutbox, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(persona("staff"))
        raise RuntimeError
    assert callbacks == []
    assert mailoutbox == []
    assert not Notification.objects.exists()


def test_email_task_is_idempotent(persona, mailoutbox):
    (notification,) = _notify(persona("staff"), email=False)
    send_notification_email(notification.pk)
    send_notification_email(notification.pk)
    assert len(mailoutbox) == 1
    notification.refresh_from_db()
    assert notification.emailed_at is not None
    # A notification that no longer exists is not an error.
    send_notification_email(999999)
    assert len(mailoutbox) == 1


def test_email_task_skips_deactivated_recipient(persona, mailoutbox):
    staff = persona("staff")
    (notification,) = _notify(staff, email=False)
    staff.is_active = False
    staff.save()
    send_notification_email(notification.pk)
    assert mailoutbox == []


def test_failed_send_releases_the_claim_for_a_retry(persona, mailoutbox, monkeypatch):
    (notification,) = _notify(persona("staff"), email=False)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPException("serveur indisponible")

    monkeypatch.setattr("hemicycle.core.tasks.send_mail", refuse)
    send_notification_email(notification.pk)
    notification.refresh_from_db()
    assert notification.emailed_at is None
    monkeypatch.undo()
    send_notification_email(notification.pk)
    assert len(mailoutbox) == 1


# Reading


def test_unread_count_and_order(persona):
    staff = persona("staff")
    old_unread, read, new_unread = (
        _notify(staff, title="A")[0],
        _notify(staff, title="B")[0],
        _notify(staff, title="C")[0],
    )
    Notification.objects.filter(pk=old_unread.pk).update(
        created_at=timezone.now() - dt.timedelta(days=3)
    )
    notifications.mark_read(notification=read, acting_user=staff)
    assert notifications.unread_count(staff) == 2
    assert list(notifications.notifications_for(staff)) == [new_unread, old_unread, read]
    assert notifications.unread_count(None) == 0
    assert notifications.notifications_for(None).count() == 0


def test_mark_read_is_for_the_recipient_only(persona):
    (notification,) = _notify(persona("staff"))
    with pytest.raises(PermissionDenied):
        notifications.mark_read(notification=notification, acting_user=persona("secretariat"))
    notification.refresh_from_db()
    assert notification.read_at is None


# Pages


def test_page_lists_only_own_notifications(client_for, persona):
    _notify(persona("staff"), title="Pour le collaborateur")
    _notify(persona("bureau"), title="Pour le bureau")
    page = client_for("staff").get(reverse("core:notification_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Pour le collaborateur" in html
    assert "Pour le bureau" not in html
    assert "Tout marquer comme lu" in html


def test_opening_marks_read_and_follows_the_link(client_for, persona):
    (with_link,) = _notify(persona("staff"), url="/seances/")
    (without_link,) = _notify(persona("staff"))
    client = client_for("staff")
    response = client.post(reverse("core:notification_open", kwargs={"pk": with_link.pk}))
    assert response.status_code == 302
    assert response["Location"] == "/seances/"
    response = client.post(reverse("core:notification_open", kwargs={"pk": without_link.pk}))
    assert response["Location"] == reverse("core:notification_list")
    assert notifications.unread_count(persona("staff")) == 0
    # Opening is a POST: a link in someone else's page cannot mark anything read.
    assert (
        client.get(reverse("core:notification_open", kwargs={"pk": with_link.pk})).status_code
        == 405
    )


def test_another_persons_notification_answers_404_and_stays_unread(client_for, persona):
    (notification,) = _notify(persona("staff"), url="/seances/")
    response = client_for("bureau").post(
        reverse("core:notification_open", kwargs={"pk": notification.pk})
    )
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_own(client_for, persona):
    _notify(persona("staff"))
    _notify(persona("staff"))
    _notify(persona("bureau"))
    response = client_for("staff").post(reverse("core:notification_mark_all_read"), follow=True)
    assert "Toutes vos notifications sont marquées comme lues." in response.content.decode()
    assert notifications.unread_count(persona("staff")) == 0
    assert notifications.unread_count(persona("bureau")) == 1
    assert "Tout marquer comme lu" not in response.content.decode()


def test_header_shows_the_unread_count(client_for, persona):
    staff = persona("staff")
    client = client_for("staff")
    html = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("core:notification_list") in html
    assert "notifications-link__count" not in html
    for _ in range(3):
        _notify(staff)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert '<span aria-hidden="true">3</span>' in html
    assert "(3 notifications non lues)" in html
    notifications.mark_all_read(acting_user=staff)
    _notify(staff)
    assert "(1 notification non lue)" in client.get(reverse("core:dashboard")).content.decode()


def test_header_count_costs_no_query_for_anonymous(db, client, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = client.get(reverse("accounts:login")).content.decode()
    assert "notifications-link" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_list_page_query_count_does_not_grow(rows, client_for, persona, django_assert_num_queries):
    staff = persona("staff")
    for i in range(rows):
        _notify(staff, title=f"Rappel {i}", url="/seances/", email=False)
    client = client_for("staff")
    # session, user, header count, page count, page of notifications
    with django_assert_num_queries(5):
        response = client.get(reverse("core:notification_list"))
    assert response.content.decode().count("notification__title") == rows
