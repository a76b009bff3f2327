"""The leak crawler: no role sees what it must not, on any page it can reach.

The demo is built once for this module (`seed_demo --reset`), with confidential markers
planted by hemicycle.demo.markers. For each demo account, a breadth-first crawler with
Django's test client starts at "/" (and at the pages that carry the markers), follows
every same-site link of every HTML page, and reads every answer: HTML, PDF (its text, via
pypdfium2), DOCX (its XML), anything else as text. A marker shown to a role outside its
MARKERS entry fails the test with the URL. As a control, every role must see every marker
it is allowed to see: a crawler that reaches nothing would otherwise pass.

Partners and observers must never get a 200 on internal areas: every URL the secretariat's
crawl reached there is requested again as them. A forbidden object answers 404 exactly like
a missing one.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter, deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit, urlunsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from hemicycle.demo import markers

# The mark makes pytest-django create the test database (it only does for marked tests):
# without it the module fixture below would build the demo in the instance's own database.
pytestmark = pytest.mark.django_db

ROLES = ("secretariat", "presidence", "bureau", "elu", "collaborateur", "partenaire", "observateur")
OUTSIDERS = ("partenaire", "observateur")
# Areas partners and observers must never open (internal follow-up, staff, audit, users).
FORBIDDEN_PREFIXES = ("/suivi/", "/groupe/equipe/", "/journal/", "/compte/utilisateurs/")

MAX_PAGES = 400  # per role
MAX_QUERY_VARIANTS = 3  # distinct query strings followed per path
MAX_PAGE_NUMBER = 3  # ?page= beyond this is not followed
MAX_PER_VIEW = 40  # pages per URL name (one rapport page tells as much as the next forty)
# Generated documents (WeasyPrint PDFs, DOCX) are slow to build: a few of each suffice, the
# ones carrying markers being among the seeds.
MAX_PER_DOCUMENT_VIEW = 4
DOCUMENT_VIEWS = re.compile(r"(_pdf|_docx|_download)$")
# Never followed: leaving the session, assets, Django's admin (secretariat only, its own
# staff check, tested in test_url_access.py).
SKIP_PREFIXES = ("/static/", "/media/", "/admin/", "/compte/deconnexion/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


def _pdf_text(content: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(content)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def _docx_text(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        xml = "".join(
            archive.read(name).decode("utf-8", "replace")
            for name in archive.namelist()
            if name.endswith(".xml")
        )
    # Word splits a string across runs: keep the text only, runs glued together.
    return re.sub(r"<[^>]+>", "", xml)


def _text_of(response: Any) -> str:
    content_type = response.get("Content-Type", "").split(";")[0].strip()
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if content_type == "application/pdf" or content[:5] == b"%PDF-":
        return _pdf_text(content)
    if content[:2] == b"PK":
        return _docx_text(content)
    return content.decode("utf-8", "replace")


def _found(text: str) -> set[str]:
    # PDF text may wrap a marker across lines: also look with whitespace removed.
    squeezed = re.sub(r"\s+", "", text)
    return {m for m in markers.MARKERS if m in text or m in squeezed}


@dataclass
class Crawl:
    role: str
    statuses: dict[str, int] = field(default_factory=dict)
    leaks: list[tuple[str, str]] = field(default_factory=list)  # (url, marker)
    seen_markers: set[str] = field(default_factory=set)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def ok_urls(self) -> list[str]:
        return [url for url, status in self.statuses.items() if status == 200]


def _normalise(base: str, href: str) -> str | None:
    if href.startswith(("mailto:", "tel:", "javascript:", "#", "data:")):
        return None
    parts = urlsplit(urljoin(base, href))
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))


def _url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def crawl(client: Client, role: str, seeds: list[str]) -> Crawl:
    result = Crawl(role)
    queue: deque[str] = deque(seeds)
    queued = set(seeds)
    variants: Counter[str] = Counter()
    per_view: Counter[str] = Counter()
    while queue and len(result.statuses) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        result.statuses[url] = response.status_code
        text = _text_of(response)
        allowed = markers.MARKERS
        for marker in _found(text):
            if role in allowed[marker]:
                result.seen_markers.add(marker)
            else:
                result.leaks.append((url, marker))
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            targets = _links(text)
        else:
            continue
        for href in targets:
            target = _normalise(url, href)
            if target is None:
                result.skipped["external"] += 1
                continue
            if target in queued:
                continue
            parts = urlsplit(target)
            if parts.path.startswith(SKIP_PREFIXES):
                result.skipped["skipped prefix"] += 1
                continue
            query = parse_qs(parts.query)
            page = query.get("page", ["1"])[0]
            if page.isdigit() and int(page) > MAX_PAGE_NUMBER:
                result.skipped["page"] += 1
                continue
            if parts.query:
                if variants[parts.path] >= MAX_QUERY_VARIANTS:
                    result.skipped["query variant"] += 1
                    continue
                variants[parts.path] += 1
            name = _url_name(parts.path) or parts.path
            cap = MAX_PER_DOCUMENT_VIEW if DOCUMENT_VIEWS.search(name) else MAX_PER_VIEW
            if per_view[name] >= cap:
                result.skipped["per view"] += 1
                continue
            per_view[name] += 1
            queued.add(target)
            queue.append(target)
    return result


@pytest.fixture(scope="module")
def demo(django_db_setup: Any, django_db_blocker: Any) -> Iterator[dict[str, Any]]:
    """The whole demo, built once for this module and wiped afterwards."""
    from django.db import connection

    from hemicycle.accounts.models import User
    from hemicycle.core.models import AuditEntry
    from hemicycle.group.models import Councillor, StaffContract, StaffMember
    from hemicycle.positions.models import VoteLine

    name = str(connection.settings_dict["NAME"])
    # `seed_demo --reset` empties the database: never anything but a test database.
    test_name = connection.settings_dict.get("TEST", {}).get("NAME")
    assert name == test_name or "test" in name or "memory" in name, f"refusing to reset {name}"
    with django_db_blocker.unblock():
        call_command("seed_demo", "--reset", verbosity=0)
        line = VoteLine.objects.get(rationale__contains=markers.RATIONALE)
        report = line.report
        contract = StaffContract.objects.get(label__contains=markers.CONTRACT)
        seeds = [
            "/",
            reverse("positions:report", kwargs={"pk": report.pk}),
            reverse("sittings:report_detail", kwargs={"pk": report.pk}),
            reverse("sittings:sitting_detail", kwargs={"pk": report.sitting_id}),
            reverse("positions:sheet", kwargs={"sitting_pk": report.sitting_id}),
            reverse("positions:dossier_pdf", kwargs={"sitting_pk": report.sitting_id}),
            reverse("positions:dossier_docx", kwargs={"sitting_pk": report.sitting_id}),
            reverse(
                "group:councillor_detail",
                kwargs={"pk": Councillor.objects.get(phone=markers.COUNCILLOR_PHONE).pk},
            ),
            reverse("group:councillor_list"),
            reverse(
                "group:staff_detail",
                kwargs={"pk": StaffMember.objects.get(phone=markers.STAFF_PHONE).pk},
            ),
            reverse("group:staff_detail", kwargs={"pk": contract.staff_member_id}),
            reverse("core:audit_log"),
        ]
        assert AuditEntry.objects.filter(note__contains=markers.AUDIT).exists()
        users = {u.username: u for u in User.objects.filter(username__in=ROLES)}
        assert set(users) == set(ROLES)
        yield {"users": users, "report": report, "seeds": list(dict.fromkeys(seeds))}
        call_command("flush", interactive=False, verbosity=0)


_crawls: dict[str, Crawl] = {}


def _crawl_for(demo: dict[str, Any], django_db_blocker: Any, role: str) -> Crawl:
    if role not in _crawls:
        client = Client()
        with django_db_blocker.unblock():
            client.force_login(demo["users"][role])
            _crawls[role] = crawl(client, role, demo["seeds"])
    return _crawls[role]


@pytest.mark.parametrize("role", ROLES)
def test_no_role_sees_a_marker_it_must_not(role, demo, django_db_blocker):
    result = _crawl_for(demo, django_db_blocker, role)
    ok = len(result.ok_urls)
    print(f"{role}: {len(result.statuses)} pages requested, {ok} answered 200")
    assert not result.leaks, "Fuites : " + ", ".join(f"{m} sur {u}" for u, m in result.leaks)
    # Control: the crawler reached every marker this role may see.
    expected = {m for m, roles in markers.MARKERS.items() if role in roles}
    assert result.seen_markers == expected, (
        f"{role} n’a pas vu {sorted(expected - result.seen_markers)} : le crawler ne les atteint "
        "pas"
    )
    assert ok >= 1


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_never_open_internal_areas(role, demo, django_db_blocker):
    internal = [
        url
        for url in _crawl_for(demo, django_db_blocker, "secretariat").ok_urls
        if url.startswith(FORBIDDEN_PREFIXES)
    ]
    # The secretariat's crawl must have reached each area, or this test proves nothing.
    for prefix in FORBIDDEN_PREFIXES:
        assert any(url.startswith(prefix) for url in internal), prefix
    client = Client()
    opened = []
    with django_db_blocker.unblock():
        client.force_login(demo["users"][role])
        for url in internal:
            if client.get(url).status_code == 200:
                opened.append(url)
    assert not opened, f"{role} ouvre : {opened}"
    # And their own crawl never got a 200 there either.
    own = _crawl_for(demo, django_db_blocker, role).ok_urls
    assert not [url for url in own if url.startswith(FORBIDDEN_PREFIXES)]


def _normalised_body(response: Any, pk: int) -> str:
    body = response.content.decode()
    body = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)
    body = re.sub(r'nonce="[^"]*"', "", body)
    return body.replace(str(pk), "<pk>").replace("999999", "<pk>")


@pytest.mark.parametrize("role", OUTSIDERS)
@pytest.mark.parametrize("view", ["positions:report", "sittings:report_detail"])
def test_forbidden_object_answers_like_a_missing_one(role, view, demo, django_db_blocker):
    pk = demo["report"].pk
    client = Client()
    with django_db_blocker.unblock():
        client.force_login(demo["users"][role])
        existing = client.get(reverse(view, kwargs={"pk": pk}))
        missing = client.get(reverse(view, kwargs={"pk": 999999}))
    if view == "sittings:report_detail" and role == "observateur":
        # Observers read rapports (shareable); only the partner is refused there.
        assert existing.status_code == 200
        return
    assert existing.status_code == missing.status_code == 404
    assert existing.templates and missing.templates
    assert [t.name for t in existing.templates] == [t.name for t in missing.templates]
    assert _normalised_body(existing, pk) == _normalised_body(missing, 999999)
    assert not _found(existing.content.decode())


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outsiders_open_only_the_filings_they_may_see(role, demo, django_db_blocker):
    """Every filing URL the secretariat reached, sent as a partner and as an observer:
    only the filings shared with the partner's group (or, for the observer, filed ones)
    answer, and never the séance exports, statistics or the Word template."""
    from hemicycle.filings.selectors import filings_visible_to

    internal = [
        url
        for url in _crawl_for(demo, django_db_blocker, "secretariat").ok_urls
        if url.startswith("/depots/")
    ]
    with django_db_blocker.unblock():
        user = demo["users"][role]
        visible = set(filings_visible_to(user).values_list("pk", flat=True))
        hidden = {
            int(match.group(1)) for url in internal if (match := re.match(r"/depots/(\d+)/", url))
        } - visible
        client = Client()
        client.force_login(user)
        opened = []
        for url in internal:
            match = re.match(r"/depots/(\d+)/", url)
            may = (url == "/depots/" or url.startswith("/depots/?")) or (
                match is not None and int(match.group(1)) in visible
            )
            if client.get(url).status_code == 200 and not may:
                opened.append(url)
    # The secretariat's crawl reached filings this role must not see, or this proves nothing.
    assert hidden, "le crawler n’a atteint aucun dépôt interdit à ce rôle"
    assert not opened, f"{role} ouvre : {opened}"
