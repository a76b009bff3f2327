"""Personal calendar feeds: tokens, permissions at each fetch, RFC 5545 validity, CalDAV."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from hemicycle.accounts import calendar_feeds
from hemicycle.accounts.models import CalendarFeed
from hemicycle.core.models import AuditEntry
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.group.tests.factories import StaffContractFactory
from hemicycle.sittings import services as sitting_services
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory


def _feed(user, kinds=()):
    return calendar_feeds.create_feed(user=user, label="Téléphone", kinds=kinds, acting_user=user)


def _fetch(client, token):
    return client.get(reverse("calendar_feed:feed", args=[token]))


def _events(body: bytes) -> dict[str, dict]:
    cal = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


# --- tokens ---------------------------------------------------------------------------


def test_only_the_hash_of_the_token_is_stored_and_creation_is_audited(personas):
    user = personas["councillor"]
    feed, token = _feed(user)
    assert len(token) >= 40
    stored = CalendarFeed.objects.get(pk=feed.pk)
    assert stored.token_hash == calendar_feeds.hash_token(token)
    assert token not in stored.token_hash
    entry = AuditEntry.objects.get(action="accounts.calendar_feed_created")
    assert entry.actor == user
    assert token not in str(entry.changes)


def test_feed_answers_with_a_calendar_without_login(personas, agenda, client):
    _, token = _feed(personas["councillor"])
    response = _fetch(client, token)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert f"sitting-{agenda['sitting'].pk}@127.0.0.1" in _events(response.content)


@pytest.mark.parametrize("token", ["inconnu-" + "x" * 40, "a", "../../etc/passwd", "é" * 43])
def test_unknown_or_malformed_token_is_404(personas, client, token):
    _feed(personas["councillor"])
    assert client.get(f"/agenda/flux/{token}.ics").status_code == 404


def test_revoked_token_is_404_and_revocation_is_audited(personas, agenda, client):
    user = personas["councillor"]
    feed, token = _feed(user)
    calendar_feeds.revoke_feed(feed=feed, acting_user=user)
    assert _fetch(client, token).status_code == 404
    assert AuditEntry.objects.filter(action="accounts.calendar_feed_revoked").count() == 1


def test_inactive_account_feed_is_404(personas, agenda, client):
    user = personas["councillor"]
    _, token = _feed(user)
    user.is_active = False
    user.save()
    assert _fetch(client, token).status_code == 404


def test_regenerate_stops_the_old_url_and_keeps_label_and_kinds(personas, agenda, client):
    user = personas["councillor"]
    feed, old = _feed(user, kinds=["sittings.plenary"])
    new_feed, new = calendar_feeds.regenerate_feed(feed=feed, acting_user=user)
    assert _fetch(client, old).status_code == 404
    assert _fetch(client, new).status_code == 200
    assert (new_feed.label, new_feed.kinds) == ("Téléphone", ["sittings.plenary"])


def test_someone_else_cannot_revoke_a_feed(personas, client_for):
    feed, _ = _feed(personas["councillor"])
    response = client_for("bureau").post(reverse("accounts:calendar_feed_revoke", args=[feed.pk]))
    assert response.status_code == 404
    assert CalendarFeed.objects.get(pk=feed.pk).revoked_at is None


def test_unknown_kind_is_refused(personas):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        _feed(personas["observer"], kinds=["group.contract"])  # not shown to observers
    assert not CalendarFeed.objects.exists()


def test_account_page_creates_a_feed_and_shows_its_url_once(personas, client_for):
    client = client_for("councillor")
    url = reverse("accounts:calendar_feeds")
    response = client.post(url, {"label": "iPhone", "kinds": ["sittings.plenary"]})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    found = re.search(r"/agenda/flux/([A-Za-z0-9_-]+)\.ics", page)
    assert found and "webcal://" in page
    feed = CalendarFeed.objects.get(label="iPhone")
    assert feed.token_hash == calendar_feeds.hash_token(found.group(1))
    # Shown once: the next visit lists the feed without its address.
    again = client.get(url).content.decode()
    assert "iPhone" in again and found.group(1) not in again


def test_account_page_refuses_a_kind_the_user_does_not_see(personas, client_for):
    response = client_for("observer").post(
        reverse("accounts:calendar_feeds"), {"label": "x", "kinds": ["group.contract"]}
    )
    assert response.status_code == 200
    assert "group.contract" in response.content.decode()  # the error names the bad choice
    assert not CalendarFeed.objects.exists()


def test_last_use_is_recorded(personas, agenda, client):
    feed, token = _feed(personas["councillor"])
    _fetch(client, token)
    assert CalendarFeed.objects.get(pk=feed.pk).last_used_at is not None


# --- what each persona's feed holds --------------------------------------------------------


def _uids(client, user, kinds=()):
    _, token = _feed(user, kinds)
    return set(_events(_fetch(client, token).content))


def test_councillor_gets_every_séance_and_the_deadlines(personas, agenda, client):
    uids = _uids(client, personas["councillor"])
    host = "@127.0.0.1"
    assert {
        f"sitting-{agenda['sitting'].pk}{host}",
        f"sitting-{agenda['commission_sitting'].pk}{host}",
        f"sitting-{agenda['cancelled'].pk}{host}",
        f"sitting-{agenda['sitting'].pk}-deadline-72h{host}",
        f"filing-{agenda['question'].pk}-due{host}",
    } <= uids
    # The staff's contracts are for the bureau and above.
    assert not any(u.startswith("contract-") for u in uids)


def test_bureau_also_sees_contract_ends(personas, agenda, client):
    assert f"contract-{agenda['contract'].pk}-end@127.0.0.1" in _uids(client, personas["bureau"])


def test_observer_sees_séances_but_no_deadline_nor_draft(personas, agenda, client):
    uids = _uids(client, personas["observer"])
    assert f"sitting-{agenda['sitting'].pk}@127.0.0.1" in uids
    assert not any("deadline" in u or u.startswith(("contract-", "filing-")) for u in uids)


def test_partner_sees_only_the_filing_shared_with_its_group(personas, agenda, client):
    uids = _uids(client, personas["partner"])
    assert uids == {f"filing-{agenda['shared'].pk}-due@127.0.0.1"}


def test_outsider_sees_nothing(personas, agenda, client):
    assert _uids(client, personas["outsider"]) == set()


def test_permissions_are_read_at_each_fetch(personas, agenda, client):
    """A feed follows its owner's role: a bureau member moved to élu·e loses contracts."""
    user = personas["bureau"]
    _, token = _feed(user)
    assert any(u.startswith("contract-") for u in _events(_fetch(client, token).content))
    user.role = "observateur"
    user.save()
    uids = set(_events(_fetch(client, token).content))
    assert uids and not any(u.startswith(("contract-", "filing-")) or "deadline" in u for u in uids)


def test_feed_keeps_only_its_kinds(personas, agenda, client):
    uids = _uids(client, personas["councillor"], kinds=["sittings.deadline"])
    assert uids == {f"sitting-{agenda['sitting'].pk}-deadline-72h@127.0.0.1"}


# --- RFC 5545 ------------------------------------------------------------------------------


def test_feed_is_valid_rfc5545(personas, agenda, client):
    _, token = _feed(personas["bureau"])
    body = _fetch(client, token).content
    assert body.startswith(b"BEGIN:VCALENDAR\r\n") and body.endswith(b"END:VCALENDAR\r\n")
    assert all(len(line) <= 75 for line in body.split(b"\r\n"))  # folded lines (octets)
    cal = Calendar.from_ical(body)
    for component in cal.walk():
        assert not component.errors, (component.name, component.errors)
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["PRODID"]).startswith("-//Hémicycle//")
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["X-WR-CALNAME"]) == "Hémicycle — Téléphone"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in body
    assert b"X-PUBLISHED-TTL:PT1H" in body
    timezones = cal.walk("VTIMEZONE")
    assert [str(tz["TZID"]) for tz in timezones] == ["Europe/Paris"]
    assert timezones[0].walk("DAYLIGHT") and timezones[0].walk("STANDARD")
    events = cal.walk("VEVENT")
    assert len(events) == 6  # three séances, a deadline, a question, a contract
    for event in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "SUMMARY", "SEQUENCE", "STATUS"):
            assert prop in event, (prop, event.get("UID"))
        stamp = event.decoded("DTSTAMP")
        assert stamp.utcoffset() == dt.timedelta(0)
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    sitting = _events(body)[f"sitting-{agenda['sitting'].pk}@127.0.0.1"]
    assert sitting.decoded("DTSTART") == agenda["sitting"].starts_at
    assert sitting.decoded("DTEND") == agenda["sitting"].ends_at
    assert sitting["CATEGORIES"].cats == ["Plénières et commissions permanentes"]
    assert str(sitting["URL"]) == f"http://127.0.0.1:8000/seances/{agenda['sitting'].pk}/"
    contract = _events(body)[f"contract-{agenda['contract'].pk}-end@127.0.0.1"]
    assert contract.decoded("DTSTART") == agenda["contract"].ends_on  # a DATE: all day
    assert contract.decoded("DTEND") == agenda["contract"].ends_on + dt.timedelta(days=1)


def test_uids_and_content_are_stable_across_fetches(personas, agenda, client):
    _, token = _feed(personas["bureau"])
    first = _fetch(client, token).content
    second = _fetch(client, token).content
    assert set(_events(first)) == set(_events(second))
    assert first == second  # DTSTAMP is the last change, not the fetch time


def test_sequence_goes_up_when_a_séance_changes_and_cancelled_is_marked(personas, agenda, client):
    _, token = _feed(personas["councillor"])
    sitting = agenda["sitting"]
    uid = f"sitting-{sitting.pk}@127.0.0.1"
    deadline_uid = f"sitting-{sitting.pk}-deadline-72h@127.0.0.1"
    before = _events(_fetch(client, token).content)
    assert int(before[uid]["SEQUENCE"]) == 0
    assert str(before[uid]["STATUS"]) == "CONFIRMED"
    data = {
        "body": sitting.body,
        "title": sitting.title,
        "starts_at": sitting.starts_at + dt.timedelta(hours=2),
        "ends_at": sitting.ends_at + dt.timedelta(hours=2),
        "place": sitting.place,
        "place_detail": "Salle Aimé Césaire",
        "convocation_date": sitting.convocation_date,
        "status": sitting.status,
        "notes": sitting.notes,
    }
    sitting = sitting_services.update_sitting(
        sitting=sitting, data=data, expected_version=1, acting_user=personas["secretariat"]
    )
    moved = _events(_fetch(client, token).content)
    assert int(moved[uid]["SEQUENCE"]) == 1
    assert "Salle Aimé Césaire" in str(moved[uid]["LOCATION"])
    assert moved[uid].decoded("DTSTART") == sitting.starts_at
    # The deadline moves with its séance, under the same UID.
    assert int(moved[deadline_uid]["SEQUENCE"]) == 1
    assert moved[deadline_uid].decoded("DTSTART") == sitting.starts_at - dt.timedelta(hours=72)
    data.update(starts_at=sitting.starts_at, ends_at=sitting.ends_at, status="cancelled")
    sitting_services.update_sitting(
        sitting=sitting, data=data, expected_version=2, acting_user=personas["secretariat"]
    )
    cancelled = _events(_fetch(client, token).content)
    assert int(cancelled[uid]["SEQUENCE"]) == 2
    assert str(cancelled[uid]["STATUS"]) == "CANCELLED"
    assert str(cancelled[deadline_uid]["STATUS"]) == "CANCELLED"


def test_feed_runs_a_fixed_number_of_queries(personas, agenda, client, django_assert_num_queries):
    _, token = _feed(personas["bureau"])
    _fetch(client, token)  # last_used_at written: the next fetches only read

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert _fetch(client, token).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for i in range(15):
        s = SittingFactory(
            body=agenda["sitting"].body, starts_at=timezone.now() + dt.timedelta(days=30 + i)
        )
        FilingFactory(report=ReportFactory(sitting=s))
        StaffContractFactory(ends_on=dt.date.today() + dt.timedelta(days=40 + i))
    assert count() == few
