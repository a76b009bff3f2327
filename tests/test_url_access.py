"""Every URL declares who may open it, and this file tests that rule for every persona.

Adding a URL without adding it to ACCESS below fails `test_every_url_has_a_tested_rule`.
A refused persona gets 404, exactly like a missing page; anonymous visitors are sent to
the login page, except on public pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS

INTERNAL = {"secretariat", "president", "bureau", "councillor", "staff"}
MANAGERS = {"secretariat", "staff"}
READERS = INTERNAL | {"observer"}
LEADERS = {"secretariat", "president", "bureau"}
AUTHENTICATED = set(PERSONAS)


@dataclass
class Rule:
    allowed: set[str]
    kwargs: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] = lambda w, p: {}
    method: str = "get"
    ok: int = 200
    public: bool = False
    data: dict[str, Any] | Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]] = field(
        default_factory=dict
    )


def _staff_pk(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    return {"pk": w["staff_member"].pk}


def _secretariat_notification(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    from hemicycle.core.models import Notification

    notification = Notification.objects.create(
        recipient=p["secretariat"], kind="core.test", title="Rappel"
    )
    return {"pk": notification.pk}


def _shared_filing(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    # Filed (observers may read it) and shared with the ally (the partner persona's group),
    # so the export rule is tested for every kind of reader; the rival's partner gets 404.
    from hemicycle.filings.models import Filing, FilingShare
    from hemicycle.filings.tests.factories import FilingFactory

    filing = FilingFactory(
        report=w["report"], status=Filing.Status.FILED, registration_number="2026-A-001"
    )
    FilingShare.objects.create(filing=filing, council_group=w["ally"])
    return {"pk": filing.pk}


def _secretariat_token(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    from hemicycle.api import services

    user = p["secretariat"]
    token, _ = services.create_token(owner=user, name="script", expires_on=None, acting_user=user)
    return {"pk": token.pk}


def _secretariat_feed(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    # Feeds are personal: only their owner (here the secrétariat) may revoke or renew one.
    from hemicycle.accounts import calendar_feeds

    feed, _ = calendar_feeds.create_feed(
        user=p["secretariat"], label="Téléphone", kinds=[], acting_user=p["secretariat"]
    )
    return {"pk": feed.pk}


def _councillor_feed_token(w: dict[str, Any], p: dict[str, Any]) -> dict[str, Any]:
    from hemicycle.accounts import calendar_feeds

    _, token = calendar_feeds.create_feed(
        user=p["councillor"], label="Téléphone", kinds=[], acting_user=p["councillor"]
    )
    return {"token": token}


ACCESS: dict[str, Rule] = {
    # core
    "core:dashboard": Rule(AUTHENTICATED),
    "core:audit_log": Rule({"secretariat"}),
    # The load balancer's health check: anyone, JSON with no secrets (core/tests/test_health.py).
    "core:health": Rule(set(), public=True),
    # Global search: every account; what each finds is filtered inside the query.
    "core:search": Rule(AUTHENTICATED),
    "core:notification_list": Rule(AUTHENTICATED),
    "core:notification_mark_all_read": Rule(AUTHENTICATED, method="post", ok=302),
    # Everyone chooses how to receive their own notifications (« Mon compte »).
    "core:notification_preferences": Rule(AUTHENTICATED),
    # Notifications are personal: only their recipient (here the secrétariat) may open one.
    "core:notification_open": Rule(
        {"secretariat"}, method="post", ok=302, kwargs=_secretariat_notification
    ),
    # Archives: whoever may restore some kind (today speeches: secrétariat, collaborateur·rices).
    "core:archives": Rule(MANAGERS),
    # The world's speech is not archived: the allowed are told so and sent back (302).
    "core:archive_restore": Rule(
        MANAGERS,
        method="post",
        ok=302,
        kwargs=lambda w, p: {"kind": "positions.speech", "pk": w["speech"].pk},
    ),
    # accounts
    "accounts:login": Rule(set(), public=True, ok=302),
    "accounts:logout": Rule(AUTHENTICATED, method="post", ok=302),
    "accounts:profile": Rule(AUTHENTICATED),
    "accounts:password_change": Rule(AUTHENTICATED),
    "accounts:password_reset": Rule(set(), public=True),
    "accounts:password_reset_done": Rule(set(), public=True),
    "accounts:password_reset_confirm": Rule(
        set(), public=True, kwargs=lambda w, p: {"uidb64": "MQ", "token": "invalide-0"}
    ),
    "accounts:password_reset_complete": Rule(set(), public=True),
    # one's own account security: anyone logged in (personas have no 2FA device yet)
    "accounts:two_factor_setup": Rule(AUTHENTICATED),
    "accounts:two_factor_verify": Rule(AUTHENTICATED, ok=302),
    "accounts:two_factor_recovery_codes": Rule(AUTHENTICATED, ok=302),
    "accounts:two_factor_disable": Rule(AUTHENTICATED, ok=302),
    "accounts:sessions": Rule(AUTHENTICATED),
    "accounts:session_close": Rule(
        AUTHENTICATED, method="post", ok=302, kwargs=lambda w, p: {"pk": 999999}
    ),
    "accounts:session_close_others": Rule(AUTHENTICATED, method="post", ok=302),
    # personal calendar feeds: every role sees something dated (agenda, feeds)
    "accounts:calendar_feeds": Rule(AUTHENTICATED),
    "accounts:calendar_feed_revoke": Rule(
        {"secretariat"}, method="post", ok=302, kwargs=_secretariat_feed
    ),
    "accounts:calendar_feed_regenerate": Rule(
        {"secretariat"}, method="post", ok=302, kwargs=_secretariat_feed
    ),
    # Calendar apps cannot log in: the secret token is the credential (404 if unknown).
    "calendar_feed:feed": Rule(set(), public=True, kwargs=_councillor_feed_token),
    "agenda:agenda": Rule(AUTHENTICATED),
    "accounts:user_list": Rule({"secretariat"}),
    "accounts:user_create": Rule({"secretariat"}),
    "accounts:user_detail": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": p["staff"].pk}),
    "accounts:user_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": p["staff"].pk}),
    "accounts:user_set_active": Rule(
        {"secretariat"},
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": p["observer"].pk},
        data={"active": "1"},
    ),
    "accounts:user_reset_two_factor": Rule(
        {"secretariat"}, method="post", ok=302, kwargs=lambda w, p: {"pk": p["observer"].pk}
    ),
    "accounts:user_send_password_link": Rule(
        {"secretariat"}, method="post", ok=302, kwargs=lambda w, p: {"pk": p["observer"].pk}
    ),
    # council
    "council:roster": Rule(READERS),
    "council:member_detail": Rule(READERS, kwargs=lambda w, p: {"pk": w["roster_member"].pk}),
    "council:member_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["roster_member"].pk}),
    "council:import_upload": Rule({"secretariat"}),
    # Without a pending file the preview sends the secretariat back to the upload form.
    "council:import_preview": Rule({"secretariat"}, ok=302),
    "council:import_list": Rule({"secretariat"}),
    "council:import_detail": Rule(
        {"secretariat"}, kwargs=lambda w, p: {"pk": w["roster_import"].pk}
    ),
    "council:group_list": Rule(READERS),
    "council:group_create": Rule({"secretariat"}),
    "council:group_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["ally"].pk}),
    # séances, rapports, documents, attendance
    "sittings:sitting_list": Rule(READERS),
    "sittings:sitting_calendar": Rule(READERS),
    "sittings:sitting_create": Rule(MANAGERS),
    "sittings:sitting_detail": Rule(READERS, kwargs=lambda w, p: {"pk": w["sitting"].pk}),
    "sittings:sitting_edit": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["sitting"].pk}),
    "sittings:attendance": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["sitting"].pk}),
    "sittings:report_create": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["sitting"].pk}),
    "sittings:report_list": Rule(READERS),
    "sittings:report_detail": Rule(READERS, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "sittings:report_edit": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "sittings:document_upload": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "sittings:document_download": Rule(READERS, kwargs=lambda w, p: {"pk": w["document"].pk}),
    "sittings:document_retry": Rule(
        MANAGERS, method="post", ok=302, kwargs=lambda w, p: {"pk": w["document"].pk}
    ),
    "agenda_import:upload": Rule(MANAGERS, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    # Without a pending file the preview sends back to the upload form.
    "agenda_import:preview": Rule(
        MANAGERS, ok=302, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}
    ),
    # council structure and rules
    "council_structure:body_list": Rule(INTERNAL),
    "council_structure:body_create": Rule({"secretariat"}),
    "council_structure:body_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["body"].pk}),
    "council_structure:seat_list": Rule(INTERNAL),
    "council_structure:seat_add": Rule({"secretariat"}),
    "council_structure:seat_end": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["seat"].pk}),
    "council_structure:filing_rules": Rule(INTERNAL),
    # the group's follow-up of rapports (internal work: never observers or partners)
    "positions:my_reports": Rule(INTERNAL),
    "positions:backlog": Rule({"secretariat", "president", "staff"}),
    "positions:report": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "positions:assign": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "positions:brief_write": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "positions:brief_transition": Rule(
        MANAGERS,
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": w["report"].pk, "action": "soumettre"},
    ),
    "positions:line_edit": Rule(
        {"secretariat", "president"}, kwargs=lambda w, p: {"pk": w["report"].pk}
    ),
    "positions:speech_add": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["report"].pk}),
    "positions:speech_edit": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["speech"].pk}),
    "positions:speech_remove": Rule(
        MANAGERS, method="post", ok=302, kwargs=lambda w, p: {"pk": w["speech"].pk}
    ),
    "positions:dossier_pdf": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "positions:dossier_docx": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "positions:sheet": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "positions:sheet_pdf": Rule(
        {"secretariat", "president", "bureau", "councillor"},
        kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk},
        data=lambda w, p: {"elu": w["councillor"].pk},
    ),
    "positions:templates": Rule({"secretariat"}),
    "positions:template_reset": Rule({"secretariat"}, method="post", ok=302),
    "positions:template_download": Rule({"secretariat"}),
    # filings: members see all; observers filed ones only; a partner what is shared with its group
    "filings:list": Rule(AUTHENTICATED),
    "filings:create": Rule(INTERNAL),
    "filings:statistics": Rule(INTERNAL),
    "filings:detail": Rule(INTERNAL | {"partner"}, kwargs=lambda w, p: {"pk": w["filing"].pk}),
    # Earlier versions are internal drafting: a partner sees only the current text.
    "filings:compare": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["filing"].pk}),
    "filings:write": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["filing"].pk}),
    "filings:details": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["filing"].pk}),
    "filings:transition": Rule(
        INTERNAL,
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": w["filing"].pk, "action": "soumettre"},
    ),
    # Filing: the secrétariat, or an author (the élue persona signs the world's filings).
    "filings:file": Rule(
        {"secretariat", "councillor"}, kwargs=lambda w, p: {"pk": w["validated_filing"].pk}
    ),
    "filings:outcome": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["filed_filing"].pk}),
    "filings:share": Rule(
        LEADERS, method="post", ok=302, kwargs=lambda w, p: {"pk": w["filing"].pk}
    ),
    "filings:share_revoke": Rule(
        LEADERS, method="post", ok=302, kwargs=lambda w, p: {"pk": w["filing_share"].pk}
    ),
    "filings:comment": Rule(
        INTERNAL | {"partner"}, method="post", ok=302, kwargs=lambda w, p: {"pk": w["filing"].pk}
    ),
    "filings:cosign": Rule(
        {"secretariat", "partner"},
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": w["filing"].pk},
    ),
    "filings:cosign_withdraw": Rule(
        {"secretariat", "partner"},
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": w["cosignature"].pk},
    ),
    # votes: recorded by the secretariat and the staff (every row) and by each élu·e (own row)
    "votes:sitting": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "votes:open": Rule(
        MANAGERS, method="post", ok=302, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}
    ),
    "votes:record": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["vote_event"].pk}),
    # The élue taps for herself; the bureau and above, the staff for everyone.
    "votes:tap": Rule(
        INTERNAL,
        method="post",
        ok=302,
        kwargs=lambda w, p: {"pk": w["vote_event"].pk, "councillor_pk": w["councillor"].pk},
        data={"option": "pour"},
    ),
    "votes:confirm": Rule(
        LEADERS | {"staff"}, method="post", ok=302, kwargs=lambda w, p: {"pk": w["vote_event"].pk}
    ),
    "votes:result": Rule(MANAGERS, kwargs=lambda w, p: {"pk": w["vote_event"].pk}),
    "votes:recusal_add": Rule(MANAGERS, kwargs=lambda w, p: {"report_pk": w["report"].pk}),
    "votes:votes_csv": Rule(INTERNAL),
    "votes:results_import_upload": Rule(MANAGERS),
    # Without a pending file the preview sends the user back to the upload form.
    "votes:results_import_preview": Rule(MANAGERS, ok=302),
    # votes: the councillor's activity sheet (members and observers, each section by its
    # own rule) and the bilan de mandat PDF (members only)
    "votes:councillor_activity": Rule(READERS, kwargs=lambda w, p: {"pk": w["councillor"].pk}),
    "votes:councillor_report_pdf": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["councillor"].pk}),
    # --- votes: analysis page and a scrutin's hemicycle (analysis_views.py), members only ---
    "votes:analysis": Rule(INTERNAL),
    "votes:hemicycle": Rule(INTERNAL, kwargs=lambda w, p: {"pk": w["vote_event"].pk}),
    # --- end of vote analysis ---
    # group
    "group:detail": Rule(READERS),
    "group:edit": Rule({"secretariat"}),
    "group:party_create": Rule({"secretariat"}),
    "group:party_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["party"].pk}),
    "group:councillor_list": Rule(READERS),
    "group:councillor_create": Rule({"secretariat"}),
    "group:councillor_detail": Rule(READERS, kwargs=lambda w, p: {"pk": w["councillor"].pk}),
    "group:councillor_edit": Rule({"secretariat"}, kwargs=lambda w, p: {"pk": w["councillor"].pk}),
    "group:staff_list": Rule(INTERNAL),
    "group:staff_create": Rule({"secretariat"}),
    "group:staff_detail": Rule(INTERNAL, kwargs=_staff_pk),
    "group:staff_edit": Rule({"secretariat"}, kwargs=_staff_pk),
    "group:contract_create": Rule({"secretariat"}, kwargs=_staff_pk),
    "group:contract_edit": Rule(
        {"secretariat"},
        kwargs=lambda w, p: {"pk": w["staff_member"].pk, "contract_pk": w["contract"].pk},
    ),
    # filings: exports (a partner exports a filing shared with its group; the séance's
    # list and zip are the group's own work)
    "filings:docx": Rule(READERS | {"partner"}, kwargs=_shared_filing),
    "filings:pdf": Rule(READERS | {"partner"}, kwargs=_shared_filing),
    "filings:sitting_list": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "filings:sitting_list_pdf": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "filings:sitting_zip": Rule(INTERNAL, kwargs=lambda w, p: {"sitting_pk": w["sitting"].pk}),
    "filings:template_page": Rule({"secretariat"}),
    "filings:template_reset": Rule({"secretariat"}, method="post", ok=302),
    "filings:template_download": Rule({"secretariat"}),
    # api: the OpenAPI description and the list of endpoints are public (no data in them);
    # the endpoints themselves are marked "token" and tested in hemicycle/api/tests.
    "api:openapi-json": Rule(set(), public=True),
    "api:openapi-view": Rule(set(), public=True),
    # one's own API tokens; the secrétariat's for partner accounts
    "api_tokens:list": Rule(AUTHENTICATED),
    "api_tokens:revoke": Rule({"secretariat"}, method="post", ok=302, kwargs=_secretariat_token),
    "api_tokens:partner": Rule({"secretariat"}, kwargs=lambda w, p: {"user_pk": p["partner"].pk}),
    # open data: public data, but the page describes the group's choices (no partners)
    "opendata:page": Rule(READERS),
    "opendata:settings": Rule({"secretariat"}),
    # Rebuilding the files costs a worker minutes: the group's own people ask for it.
    "opendata:prepare": Rule(INTERNAL, method="post", ok=302),
    # Nothing prepared in this world: the allowed are sent back to the page (302).
    "opendata:oparl_zip": Rule(READERS, ok=302),
    "opendata:scdl_csv": Rule(READERS, ok=302),
}


def _walk(patterns: list[Any], namespace: str = "") -> list[tuple[str, Any]]:
    found = []
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            found += _walk(entry.url_patterns, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern):
            found.append((f"{namespace}{entry.name}", entry.callback))
    return found


def _app_urls() -> list[tuple[str, Any]]:
    # Django's admin is protected by its own staff check, tested separately below; the API's
    # endpoints ("token": a bearer token, never the session) in hemicycle/api/tests.
    return [
        (name, cb)
        for name, cb in _walk(get_resolver().url_patterns)
        if not name.startswith("admin:") and getattr(cb, "access_rule", None) != "token"
    ]


def test_every_url_has_a_tested_rule():
    names = {name for name, _ in _app_urls()}
    missing = sorted(names - set(ACCESS))
    assert not missing, f"URL sans règle d’accès testée dans ACCESS : {missing}"
    stale = sorted(set(ACCESS) - names)
    assert not stale, f"Règles pour des URL qui n’existent plus : {stale}"


def test_every_view_declares_its_access_rule():
    undeclared = sorted(name for name, cb in _app_urls() if not hasattr(cb, "access_rule"))
    assert not undeclared, f"Vues sans règle d’accès déclarée : {undeclared}"


@pytest.fixture
def url_world(world, personas, settings, tmp_path):
    import datetime as dt

    from django.core.files.base import ContentFile

    from hemicycle.council.models import Body, Seat
    from hemicycle.council.tests.factories import (
        BodyFactory,
        RosterImportFactory,
        RosterMemberFactory,
    )
    from hemicycle.group.tests.factories import StaffContractFactory
    from hemicycle.positions.models import Speech
    from hemicycle.sittings.models import ReportDocument
    from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

    settings.MEDIA_ROOT = tmp_path
    contract = StaffContractFactory()
    plenary = BodyFactory(term=world["term"], name="Assemblée plénière")
    commission = BodyFactory(
        term=world["term"], kind=Body.Kind.COMMISSION, name="Commission Transports"
    )
    sitting = SittingFactory(body=plenary)
    report = ReportFactory(sitting=sitting)
    document = ReportDocument(
        report=report, title="Rapport", original_name="rapport.pdf", sha256="0" * 64, size=9
    )
    document.file.save("rapport.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    from hemicycle.filings.models import Cosignature, FilingShare
    from hemicycle.filings.tests.factories import FilingFactory

    filing = FilingFactory(report=report, author=world["councillor"])
    filing_share = FilingShare.objects.create(filing=filing, council_group=world["ally"])
    cosignature = Cosignature.objects.create(
        filing=filing,
        signer=RosterMemberFactory(term=world["term"], council_group=world["ally"]),
        council_group=world["ally"],
    )
    from hemicycle.votes.models import VoteEvent

    return {
        **world,
        "vote_event": VoteEvent.objects.create(sitting=sitting, report=report, title="Scrutin"),
        "filing": filing,
        "filing_share": filing_share,
        "cosignature": cosignature,
        "validated_filing": FilingFactory(
            report=report, author=world["councillor"], status="validated"
        ),
        "filed_filing": FilingFactory(report=report, author=world["councillor"], status="filed"),
        "body": commission,
        "seat": Seat.objects.create(
            body=commission, councillor=world["councillor"], starts_on=dt.date(2021, 7, 2)
        ),
        "sitting": sitting,
        "report": report,
        "document": document,
        "speech": Speech.objects.create(
            report=report, councillor=world["councillor"], planned_minutes=3
        ),
        "roster_member": RosterMemberFactory(term=world["term"]),
        "roster_import": RosterImportFactory(term=world["term"]),
        "party": world["councillor"].party,
        "staff_member": contract.staff_member,
        "contract": contract,
    }


CASES = [(name, persona) for name in ACCESS for persona in (*PERSONAS, "anonymous")]


@pytest.mark.parametrize(("url_name", "persona_name"), CASES)
def test_access_rule(url_name, persona_name, url_world, personas, client_for):
    rule = ACCESS[url_name]
    url = reverse(url_name, kwargs=rule.kwargs(url_world, personas))
    client = client_for(persona_name)
    data = rule.data(url_world, personas) if callable(rule.data) else rule.data
    response = getattr(client, rule.method)(url, data)
    if persona_name == "anonymous":
        if rule.public:
            assert response.status_code == 200, url
        else:
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("accounts:login")), url
    elif rule.public:
        # Public pages stay reachable when logged in (the login page sends one home).
        assert response.status_code in {200, rule.ok}, url
    elif persona_name in rule.allowed:
        assert response.status_code == rule.ok, (url, persona_name)
    else:
        assert response.status_code == 404, (url, persona_name)


@pytest.mark.parametrize("persona_name", [p for p in PERSONAS if p != "secretariat"])
def test_django_admin_is_for_superusers_only(persona_name, client_for):
    response = client_for(persona_name).get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
