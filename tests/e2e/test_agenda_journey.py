"""The agenda on the demo data: a councillor opens the month and the list, subscribes a
phone to the personal feed, and the feed answers with the séances; on a phone the month
is a list of days. axe-core's RGAA rules run on every page visited."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from hemicycle.sittings.models import Sitting
from tests.e2e.conftest import axe_check, login, shot

DEMO_PASSWORD = "hemicycle-demo"


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def _next_sitting() -> Sitting:
    return (
        Sitting.objects.select_related("body")
        .filter(starts_at__gte=timezone.now())
        .exclude(status=Sitting.Status.CANCELLED)
        .order_by("starts_at")
        .first()
    )


def test_councillor_reads_the_agenda_and_subscribes(page: Page, live_server, demo):
    sitting = _next_sitting()
    day = timezone.localtime(sitting.starts_at).date()
    login(page, live_server, "elu", DEMO_PASSWORD)
    page.get_by_role("navigation", name="Navigation principale").get_by_role(
        "link", name="Agenda", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    axe_check(page)

    page.goto(f"{live_server.url}/agenda/?vue=mois&date={day.isoformat()}")
    grid = page.locator(".agenda-grid")
    expect(grid).to_be_visible()
    expect(
        grid.get_by_role("link", name=re.compile(re.escape(sitting.body.name))).first
    ).to_be_visible()
    axe_check(page)
    shot(page, "agenda-month")

    page.get_by_role("link", name="Liste", exact=True).click()
    expect(page.get_by_role("link", name="Liste", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    expect(page.get_by_role("heading", level=3).first).to_be_visible()
    axe_check(page)
    page.get_by_role("link", name="Semaine", exact=True).click()
    expect(page.get_by_role("heading", level=3)).to_have_count(7)
    axe_check(page)

    page.get_by_role("link", name="S’abonner depuis mon téléphone").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda sur mon téléphone")
    axe_check(page)
    page.get_by_label("Nom de l’abonnement").fill("iPhone")
    page.get_by_label("Dates limites de dépôt").check()
    page.get_by_label("Plénières et commissions permanentes").check()
    page.get_by_role("button", name="Créer l’adresse d’abonnement").click()
    address = page.get_by_label(re.compile("^Adresse"))
    expect(address).to_have_value(re.compile(r"/agenda/flux/[A-Za-z0-9_-]+\.ics$"))
    expect(page.get_by_role("img", name="Code QR de l’adresse d’abonnement")).to_be_visible()
    axe_check(page)
    shot(page, "agenda-subscription")

    path = address.input_value().split("/agenda/", 1)[1]
    response = page.request.get(f"{live_server.url}/agenda/{path}")
    assert response.status == 200
    assert response.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VTIMEZONE" in response.text()

    page.reload()
    expect(page.get_by_role("cell", name="iPhone", exact=True)).to_be_visible()
    page.get_by_role("button", name="Révoquer iPhone").click()
    expect(page.get_by_text("Abonnement «\u00a0iPhone\u00a0» révoqué")).to_be_visible()
    assert page.request.get(f"{live_server.url}/agenda/{path}").status == 404


def test_agenda_month_on_a_phone_is_a_list(phone_page: Page, live_server, demo):
    page = phone_page
    sitting = _next_sitting()
    day = timezone.localtime(sitting.starts_at).date()
    login(page, live_server, "elu", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/agenda/?date={day.isoformat()}")
    expect(page.locator(".agenda-grid")).to_be_hidden()
    days = page.locator(".agenda-days")
    expect(
        days.get_by_role("link", name=re.compile(re.escape(sitting.body.name))).first
    ).to_be_visible()
    axe_check(page)
    shot(page, "agenda-phone")
