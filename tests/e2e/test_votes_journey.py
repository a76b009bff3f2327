"""Votes on a phone, on the demo data: the secretariat records the votes of a rapport of
the coming plenary where two councillors diverge from the line and one does not take part
(a déport noted ahead); the analysis shows the divergence and the councillor's activity
sheet counts it. axe-core's RGAA rules run on every page visited.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

from hemicycle.group.models import Councillor
from hemicycle.sittings.models import Sitting
from hemicycle.votes import services
from hemicycle.votes.models import Recusal, Vote, VoteEvent
from tests.e2e.conftest import axe_check, login, shot


@pytest.fixture
def demo(e2e_db):
    call_command("seed_demo", "--reset", verbosity=0)


def _row(page: Page, councillor: Councillor):
    return page.locator(f"#elu-{councillor.pk}")


def test_recording_a_split_vote_on_a_phone(phone_page: Page, live_server, demo):
    page = phone_page
    recusal = Recusal.objects.select_related("report", "councillor").get()
    event = VoteEvent.objects.get(report=recusal.report, filing__isnull=True)
    others = list(
        Councillor.objects.filter(status="active").exclude(pk=recusal.councillor_id).order_by("pk")
    )
    first, second = others[0], others[1]
    line = services.line_of(event)
    # Two options that part from the group's line, whatever the demo's line is.
    labels = {"pour": "Pour", "contre": "Contre", "abstention": "Abst."}
    (first_option, first_label), (second_option, second_label) = [
        (value, label) for value, label in labels.items() if value != line
    ][:2]
    login(page, live_server, "secretariat", "hemicycle-demo")

    page.goto(f"/votes/seances/{event.sitting_id}/")
    axe_check(page)
    page.get_by_role("link", name=re.compile(re.escape(recusal.report.number))).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(recusal.report.number)
    # The déport is applied before anyone taps: only NPPV is possible for that row.
    deported = _row(page, recusal.councillor)
    expect(deported.get_by_text(re.compile("déport"))).to_be_visible()
    expect(deported.get_by_role("button", name="Pour")).to_be_disabled()
    axe_check(page)

    page.get_by_role("button", name=re.compile(r"Enregistrer les \d+ votes proposés")).click()
    expect(page.get_by_text(re.compile(r"votes? enregistrés? selon la consigne"))).to_be_visible()
    # Two councillors part from the line: one tap each, saved at once (htmx).
    _row(page, first).get_by_role("button", name=first_label).click()
    expect(_row(page, first).get_by_text("hors consigne")).to_be_visible()
    _row(page, second).get_by_role("button", name=second_label).click()
    expect(_row(page, second).get_by_text("hors consigne")).to_be_visible()
    # A second tap on the same option changes nothing (a flaky connection resending it).
    _row(page, second).get_by_role("button", name=second_label).click()
    expect(_row(page, second).get_by_role("button", name=second_label)).to_have_attribute(
        "aria-pressed", "true"
    )
    axe_check(page)
    shot(page, "votes-recording-phone")

    assert Vote.objects.get(vote_event=event, councillor=first).option == first_option
    assert Vote.objects.get(vote_event=event, councillor=second).option == second_option
    deport = Vote.objects.get(vote_event=event, councillor=recusal.councillor)
    assert (deport.option, deport.nppv_reason) == ("nppv", "deport")
    # Confirmed, then changed once: the repeated tap did not count as a change.
    assert Vote.objects.get(vote_event=event, councillor=second).version == 2

    # The day after the plenary: the analysis shows where the group split, and the
    # councillor's activity sheet counts the divergence.
    Sitting.objects.filter(pk=event.sitting_id).update(
        starts_at=timezone.now() - dt.timedelta(days=1)
    )
    page.get_by_role("link", name="Votes", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Analyse des votes")
    split = page.locator(".split", has_text=recusal.report.number)
    expect(split).to_contain_text(f"{first.first_name} {first.last_name}")
    expect(split).to_contain_text(f"{second.first_name} {second.last_name}")
    expect(split).not_to_contain_text(
        f"{recusal.councillor.first_name} {recusal.councillor.last_name}"
    )
    axe_check(page)
    shot(page, "votes-analysis-phone")
    page.goto(f"/votes/elus/{first.pk}/activite/")
    divergences = page.locator("#activity-divergences").locator("..")
    expect(divergences).to_contain_text(recusal.report.number)
    axe_check(page)
    shot(page, "votes-activity-phone")
