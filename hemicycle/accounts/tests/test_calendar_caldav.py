"""The feed loads into a real CalDAV server: Radicale, in-process through its WSGI app.

Each event becomes one calendar object resource (one UID, with the VTIMEZONE it uses), as
CalDAV requires (RFC 4791 §4.1); Radicale parses every PUT with vobject and refuses what
it cannot read, so a 201 for each is a second, independent parser agreeing with ours.
"""

from __future__ import annotations

import base64
import io
import wsgiref.util
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from hemicycle.accounts import calendar_feeds

radicale = pytest.importorskip("radicale")

REPORT = (
    b'<?xml version="1.0" encoding="utf-8"?>'
    b'<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">'
    b"<D:prop><D:getetag/><C:calendar-data/></D:prop>"
    b'<C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT"/>'
    b"</C:comp-filter></C:filter></C:calendar-query>"
)


class CalDAV:
    """A minimal WSGI client for Radicale, logged in as "elu" (auth type none)."""

    def __init__(self, folder: str) -> None:
        configuration = radicale.config.load()
        configuration.update(
            {
                "storage": {"filesystem_folder": folder},
                "auth": {"type": "none"},
                "rights": {"type": "owner_only"},
                "logging": {"level": "error"},
            },
            "test",
            privileged=True,
        )
        self.app = radicale.Application(configuration)

    def request(self, method: str, path: str, body: bytes = b"", **headers: str) -> Any:
        environ: dict[str, Any] = {}
        wsgiref.util.setup_testing_defaults(environ)
        environ.update(
            {
                "REQUEST_METHOD": method,
                "PATH_INFO": path,
                "wsgi.input": io.BytesIO(body),
                "CONTENT_LENGTH": str(len(body)),
                "HTTP_AUTHORIZATION": "Basic " + base64.b64encode(b"elu:x").decode(),
                **headers,
            }
        )
        status: dict[str, str] = {}

        def start_response(s: str, h: Any, exc_info: Any = None) -> None:
            status["line"] = s

        content = b"".join(self.app(environ, start_response))
        return int(status["line"].split()[0]), content


def split_by_uid(body: bytes) -> dict[str, bytes]:
    """One VCALENDAR per event, each with the calendar's VTIMEZONE."""
    source = Calendar.from_ical(body)
    objects = {}
    for event in source.walk("VEVENT"):
        one = Calendar()
        for prop in ("PRODID", "VERSION", "CALSCALE"):
            one.add(prop, source[prop])
        for tz in source.walk("VTIMEZONE"):
            one.add_component(tz)
        one.add_component(event)
        objects[str(event["UID"])] = one.to_ical()
    return objects


def test_feed_loads_into_a_caldav_server(personas, agenda, client, tmp_path):
    _, token = calendar_feeds.create_feed(
        user=personas["bureau"], label="Radicale", kinds=[], acting_user=personas["bureau"]
    )
    body = client.get(reverse("calendar_feed:feed", args=[token])).content
    objects = split_by_uid(body)
    assert len(objects) == 6

    dav = CalDAV(str(tmp_path))
    assert dav.request("MKCALENDAR", "/elu/hemicycle/")[0] == 201
    names = {}
    for n, (uid, data) in enumerate(sorted(objects.items())):
        names[uid] = f"/elu/hemicycle/event-{n}.ics"
        status, answer = dav.request("PUT", names[uid], data, CONTENT_TYPE="text/calendar")
        assert status == 201, (uid, answer)

    status, answer = dav.request(
        "REPORT", "/elu/hemicycle/", REPORT, CONTENT_TYPE="application/xml", HTTP_DEPTH="1"
    )
    assert status == 207
    text = answer.decode()
    for uid in objects:
        assert f"UID:{uid}" in text
    assert "TZID:Europe/Paris" in text

    sitting_uid = f"sitting-{agenda['cancelled'].pk}@127.0.0.1"
    status, stored = dav.request("GET", names[sitting_uid])
    assert status == 200
    event = Calendar.from_ical(stored).walk("VEVENT")[0]
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTSTART") == agenda["cancelled"].starts_at
