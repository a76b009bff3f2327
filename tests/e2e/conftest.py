"""Browser journeys: Debian's Chromium driven by Playwright against pytest-django's live server.

Every test in this folder is marked `e2e`. Without a Chromium at CHROMIUM_PATH they are all
skipped, and the run ends with a loud warning saying so. With HEMICYCLE_REQUIRE_BROWSER=1
(set by .ci/run) a missing browser fails them instead: CI must never go green untested.

Helpers for the tests (`from tests.e2e.conftest import axe_check, login, shot`):
- `login(page, live_server, username, password)` fills and submits the login form;
- `axe_check(page)` runs axe-core's RGAA rules and fails the test on any violation;
- `shot(page, name)` saves a full-page PNG to test-results/screenshots/ for humans.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.util
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

# Playwright's sync API keeps an asyncio loop running on the main thread for the rest of the
# session; Django would otherwise refuse every ORM call made by the tests and their fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

E2E_DIR = Path(__file__).resolve().parent
REPO_DIR = E2E_DIR.parents[1]
SCREENSHOT_DIR = REPO_DIR / "test-results" / "screenshots"
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    # Containers and CI run as root, where the sandbox cannot start.
    "--no-sandbox",
    "--disable-gpu",
    # No traffic of the browser's own: tests must not depend on (or leak to) the network.
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
# Playwright's defaults (30 s) make a missing page cost minutes; our pages answer in ms.
ACTION_TIMEOUT_MS = 10_000

# Recent axe-core tags the rules that implement the French RGAA 4 criteria "RGAAv4"; an
# older one lacks the tag (and would then run no rule at all): fall back to WCAG 2.1 AA,
# which the RGAA 4 transposes.
RGAA_TAGS = ["RGAAv4"]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_skip_reason_key = pytest.StashKey[str | None]()
_report_key = pytest.StashKey[dict[str, pytest.TestReport]]()
# Browser tests skipped in this session (one pytest process, one session).
_counts: dict[str, int] = {}


def _browser_missing_reason() -> str | None:
    if not (Path(CHROMIUM_PATH).is_file() and os.access(CHROMIUM_PATH, os.X_OK)):
        found = shutil.which("chromium") or shutil.which("chromium-browser")
        hint = f" (there is one at {found}: set CHROMIUM_PATH={found})" if found else ""
        return (
            f"no Chromium at {CHROMIUM_PATH}{hint}; "
            "install it with `apt-get install chromium fonts-dejavu-core`"
        )
    for module in ("playwright", "axe_playwright_python"):
        if importlib.util.find_spec(module) is None:
            return f"the Python package {module} is not installed; run `make install`"
    return None


def _is_e2e(item: pytest.Item) -> bool:
    return E2E_DIR in item.path.parents


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # This hook sees the whole session's items, not only this folder's.
    reason = _browser_missing_reason()
    config.stash[_skip_reason_key] = reason
    required = os.environ.get("HEMICYCLE_REQUIRE_BROWSER", "") in {"1", "true", "yes"}
    for item in items:
        if not _is_e2e(item):
            continue
        item.add_marker(pytest.mark.e2e)
        if reason is None:
            continue
        if not required:
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    reason = item.config.stash.get(_skip_reason_key, None)
    if reason and _is_e2e(item):
        # Only reached when HEMICYCLE_REQUIRE_BROWSER is set; otherwise the test is skipped.
        pytest.fail(f"HEMICYCLE_REQUIRE_BROWSER is set but {reason}", pytrace=False)


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    # Counted as they happen, so that tests deselected by -k or -m are not.
    if report.skipped and report.when == "setup" and report.nodeid.startswith("tests/e2e/"):
        _counts["skipped"] = _counts.get("skipped", 0) + 1


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    reason = config.stash.get(_skip_reason_key, None)
    skipped = _counts.get("skipped", 0)
    if not (reason and skipped):
        return
    write = terminalreporter.write_line
    terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
    write(f"{skipped} browser test(s) in tests/e2e/ did NOT run: {reason}.", red=True, bold=True)
    write("The journeys through the pages, their accessibility (RGAA) checks and the", red=True)
    write("phone layouts are therefore UNTESTED by this run: a green result here proves", red=True)
    write("nothing about what people see in their browser.", red=True)
    write("Fix the cause above, then run `make test` again.", bold=True)
    terminalreporter.write_sep("!", red=True, bold=True)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    # Keep each phase's report on the item, so the page fixtures can tell a failed test
    # and leave a screenshot of the moment it failed.
    report = yield
    item.stash.setdefault(_report_key, {})[report.when] = report
    return report


# ---------------------------------------------------------------- browser and pages


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    # Failure screenshots of an earlier run would mislead whoever looks at this one's.
    for old in SCREENSHOT_DIR.glob("FAILED-*.png"):
        old.unlink()
    browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture
def e2e_db(transactional_db: None) -> None:
    """The live server answers from another thread: its data must be committed."""


def _new_page(
    request: pytest.FixtureRequest, browser: Browser, base_url: str, **options: Any
) -> Iterator[Page]:
    context: BrowserContext = browser.new_context(
        base_url=base_url, locale="fr-FR", timezone_id="Europe/Paris", **options
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
    page.on(
        "console",
        lambda message: (
            problems.append(f"console {message.type}: {message.text}")
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    reports = request.node.stash.get(_report_key, {})
    if any(report.failed for report in reports.values()):
        # A crashed page must not hide the failure itself.
        with contextlib.suppress(Exception):
            shot(page, f"FAILED-{request.node.nodeid}")
    context.close()
    if problems:
        # The policy forbids inline scripts and styles; a violation means a broken page.
        pytest.fail("The browser reported:\n  " + "\n  ".join(problems), pytrace=False)


@pytest.fixture
def page(
    request: pytest.FixtureRequest, browser: Browser, e2e_db: None, live_server: Any
) -> Iterator[Page]:
    """A desktop page in a fresh browser context (no cookies shared between tests)."""
    yield from _new_page(request, browser, live_server.url, viewport=DESKTOP)


@pytest.fixture
def phone_page(
    request: pytest.FixtureRequest, browser: Browser, e2e_db: None, live_server: Any
) -> Iterator[Page]:
    """A phone-sized touch page (roughly an iPhone 12-15)."""
    yield from _new_page(
        request,
        browser,
        live_server.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )


# ---------------------------------------------------------------- helpers for tests

LOGIN_PATH = "/compte/connexion/"


def login(page: Page, live_server: Any, username: str, password: str) -> None:
    """Log in through the real form, as a person would; stay on whatever page follows."""
    page.goto(f"{live_server.url}{LOGIN_PATH}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.get_by_role("button", name=re.compile(r"connexion|connecter", re.IGNORECASE)).click()
    page.wait_for_load_state()


def axe_check(page: Page, *, context: str | list | dict | None = None) -> None:
    """Fail the test if axe-core finds any RGAA violation on the page as it is now."""
    axe = _axe()
    tags = RGAA_TAGS if '"RGAAv4"' in axe.axe_script else WCAG_TAGS
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    results = axe.run(page, context=context, options=options)
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) ({', '.join(tags)}) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']}"
            f" ({len(violation['nodes'])} element(s)) {violation['helpUrl']}"
        )
        for node in violation["nodes"][:3]:
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
        if len(violation["nodes"]) > 3:
            lines.append(f"    … and {len(violation['nodes']) - 3} more")
    pytest.fail("\n".join(lines), pytrace=False)


@functools.cache
def _axe() -> Any:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def shot(page: Page, name: str) -> Path:
    """Save a full-page screenshot for humans to look at; returns its path."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / f"{_slug(name)}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:150]
