import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from hemicycle.core import audit
from hemicycle.core.models import AuditEntry
from hemicycle.group.tests.factories import CouncillorFactory


def test_audit_record_keeps_actor_target_and_changes(persona, world):
    councillor = world["councillor"]
    entry = audit.record(
        actor=persona("secretariat"),
        action="group.councillor_updated",
        target=councillor,
        changes={"commune": ["Lille", "Amiens"]},
    )
    assert entry.actor_label == "secretariat"
    assert entry.target_label == str(councillor)
    assert entry.target_id == str(councillor.pk)


def test_audit_snapshot_serialises_dates_and_relations(world):
    snap = audit.snapshot(world["councillor"], ["mandate_start", "party"])
    assert snap == {"mandate_start": "2021-07-02", "party": "EELV"}
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_audit_log_filters(client_for, persona, world):
    actor = persona("secretariat")
    audit.record(actor=actor, action="group.councillor_updated", target=world["councillor"])
    audit.record(actor=actor, action="accounts.user_created", target=persona("staff"))
    client = client_for("secretariat")
    page = client.get(reverse("core:audit_log"), {"action": "group."})
    entries = list(page.context["page"].object_list)
    assert [e.action for e in entries] == ["group.councillor_updated"]
    page = client.get(reverse("core:audit_log"), {"since": "2030-01-01"})
    assert page.context["page"].paginator.count == 0
    page = client.get(reverse("core:audit_log"), {"since": "2030-01-01", "until": "2020-01-01"})
    assert "La date de fin précède la date de début." in page.content.decode()


@pytest.mark.parametrize("rows", [5, 80])
def test_audit_log_query_count(rows, client_for, persona, django_assert_num_queries):
    actor = persona("secretariat")
    for _ in range(rows):
        audit.record(actor=actor, action="group.councillor_created", target=CouncillorFactory())
    client = client_for("secretariat")
    # session, user, unread notifications (header), content types for the filter, count, page
    with django_assert_num_queries(6):
        assert client.get(reverse("core:audit_log")).status_code == 200


def test_history_shows_on_the_object_page(client_for, persona, world):
    audit.record(
        actor=persona("secretariat"),
        action="group.councillor_updated",
        target=world["councillor"],
        changes={"commune": ["Lille", "Amiens"]},
    )
    html = (
        client_for("secretariat")
        .get(reverse("group:councillor_detail", args=[world["councillor"].pk]))
        .content.decode()
    )
    assert "group.councillor_updated" in html
    assert "Lille → Amiens" in html


def test_csp_forbids_inline_scripts(client_for):
    response = client_for("secretariat").get(reverse("core:dashboard"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "<script>" not in response.content.decode()
    assert " style=" not in response.content.decode()


@override_settings(DEBUG=False)
def test_missing_page_is_french_and_404(client_for):
    response = client_for("secretariat").get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_navigation_shows_only_allowed_areas(client_for):
    secretariat = client_for("secretariat").get(reverse("core:dashboard")).context["nav_items"]
    partner = client_for("partner").get(reverse("core:dashboard")).context["nav_items"]
    assert {i["label"] for i in secretariat} >= {"Élu·es", "Équipe", "Comptes", "Journal"}
    # A partner reaches the filings shared with their group (and their deadlines in the
    # agenda), and nothing else of the group.
    assert [i["label"] for i in partner] == ["Tableau de bord", "Agenda", "Dépôts"]


def test_partner_dashboard_shows_no_group_panel(client_for):
    response = client_for("partner").get(reverse("core:dashboard"))
    assert [p["panel"].key for p in response.context["panels"]] == ["filings.shared"]


def test_entries_are_ordered_newest_first(persona, world):
    actor = persona("secretariat")
    first = audit.record(actor=actor, action="a.first", target=world["councillor"])
    second = audit.record(actor=actor, action="a.second", target=world["councillor"])
    AuditEntry.objects.filter(pk=first.pk).update(
        created_at=second.created_at - dt.timedelta(minutes=1)
    )
    assert list(AuditEntry.objects.values_list("action", flat=True)[:2]) == ["a.second", "a.first"]


def test_history_shows_list_values(client_for, persona, world):
    audit.record(
        actor=persona("secretariat"),
        action="group.councillor_updated",
        target=world["councillor"],
        changes={"section": [["59", "62"], ["80"]]},
    )
    html = (
        client_for("secretariat")
        .get(reverse("group:councillor_detail", args=[world["councillor"].pk]))
        .content.decode()
    )
    assert "Nord, Pas-de-Calais → Somme" in html
