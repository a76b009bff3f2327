"""Logging in and out, as a person does it, in French, accessibly, on a desk and on a phone."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from hemicycle.accounts.tests.factories import PASSWORD
from tests.e2e.conftest import LOGIN_PATH, axe_check, login, shot

DASHBOARD_HEADING = "Tableau de bord"
# What a French error on a refused login says, in any reasonable wording (Django's own:
# "Saisissez un nom d'utilisateur et un mot de passe valides").
FRENCH_LOGIN_ERROR = re.compile(
    r"(identifiant|nom d.utilisateur|adresse|mot de passe).{0,120}"
    r"(incorrect|invalide|valide|erron|inconnu|ne correspond)",
    re.IGNORECASE | re.DOTALL,
)


def expect_dashboard(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))
    expect(page.get_by_role("heading", name=DASHBOARD_HEADING, exact=True)).to_be_visible()


def expect_login_page(page: Page) -> None:
    expect(page).to_have_url(re.compile(rf"{re.escape(LOGIN_PATH)}(\?.*)?$"))
    expect(page.locator("input[name=password]")).to_be_visible()


def test_anonymous_visitor_is_sent_to_a_french_login_page(page: Page, live_server):
    page.goto("/")

    expect(page).to_have_url(f"{live_server.url}{LOGIN_PATH}?next=/")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(
        page.get_by_role("button", name=re.compile(r"connexion|connecter", re.I))
    ).to_be_visible()
    # Nothing of Django's English defaults may leak through.
    assert "Password" not in page.locator("body").inner_text()
    axe_check(page)
    shot(page, "login")


def test_secretariat_logs_in_with_username_and_logs_out(page: Page, live_server, personas):
    login(page, live_server, "secretariat", PASSWORD)

    expect_dashboard(page)
    axe_check(page)
    shot(page, "dashboard-secretariat")

    # Logging out is a POST form in the header's account menu, folded by default.
    menu = page.locator("details.account-menu")
    menu.locator("summary").click()
    menu.get_by_role("button", name="Se déconnecter").click()

    expect_login_page(page)
    page.goto("/")
    expect_login_page(page)


def test_login_with_the_email_address(page: Page, live_server, personas):
    login(page, live_server, personas["secretariat"].email, PASSWORD)

    expect_dashboard(page)


def test_wrong_password_is_refused_in_french(page: Page, live_server, personas):
    login(page, live_server, "secretariat", "pas-le-bon-mot-de-passe")

    expect_login_page(page)
    expect(page.locator("main")).to_contain_text(FRENCH_LOGIN_ERROR)
    assert "Please enter" not in page.locator("body").inner_text()
    # The username is kept, the password is not.
    expect(page.locator("input[name=username]")).to_have_value("secretariat")
    expect(page.locator("input[name=password]")).to_have_value("")
    axe_check(page)
    page.goto("/")
    expect_login_page(page)


def test_dashboard_on_a_phone(phone_page: Page, live_server, personas):
    login(phone_page, live_server, "secretariat", PASSWORD)

    expect_dashboard(phone_page)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the dashboard is {overflow}px wider than a 390px phone screen"
    axe_check(phone_page)
    shot(phone_page, "dashboard-phone")
