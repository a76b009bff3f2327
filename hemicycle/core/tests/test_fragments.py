"""Rendered fragments: served again only while nothing they could show has changed."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hemicycle.core import fragments
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.sittings.models import Report, ReportDocument
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.sittings.tests.helpers import in_days


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ('INSERT INTO "sittings_report" ("title") VALUES (%s)', True),
        ('  UPDATE "filings_filing" SET "title" = %s', True),
        ('DELETE FROM "votes_vote" WHERE "id" = %s', True),
        ('INSERT OR IGNORE INTO "votes_vote" VALUES (%s)', True),
        ("REPLACE INTO core_x VALUES (1)", True),
        ('CREATE INDEX "x" ON "votes_vote" ("id")', True),
        ('ALTER TABLE "x" ADD COLUMN "y" integer', True),
        ('SELECT "sittings_report"."id" FROM "sittings_report"', False),
        ("SAVEPOINT s1", False),
        ('UPDATE "django_session" SET "expire_date" = %s', False),
        ('UPDATE "accounts_usersession" SET "last_seen" = %s', False),
        ('INSERT INTO "axes_accesslog" ("username") VALUES (%s)', False),
        ('UPDATE "accounts_user" SET "last_login" = %s WHERE "accounts_user"."id" = %s', False),
        ('UPDATE "api_apitoken" SET "last_used_at" = %s WHERE "api_apitoken"."id" = %s', False),
        # Anything else written with it is content.
        ('UPDATE "accounts_user" SET "last_login" = %s, "role" = %s WHERE "id" = %s', True),
    ],
)
def test_which_statements_renew_the_generation(sql, expected):
    assert fragments.is_content_write(sql) is expected


@pytest.fixture
def report(world):
    body = BodyFactory(term=world["term"], name="Commission permanente", short_name="CP")
    return ReportFactory(sitting=SittingFactory(body=body, starts_at=in_days(10)), number="7")


def test_a_write_renews_the_generation_now_and_at_commit(report):
    before = fragments.generation()
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(title="Autre intitulé")
        during = fragments.generation()
        Report.objects.filter(pk=report.pk).update(title="Encore un autre")
    assert during != before
    assert fragments.generation() != during
    # One renewal waits for the commit, however many writes the transaction made.
    pending = [cb for _sids, cb, *_ in connection.run_on_commit if cb is fragments.changed]
    assert len(pending) == 1


def test_a_read_keeps_the_generation(report):
    before = fragments.generation()
    list(Report.objects.all())
    assert fragments.generation() == before


def test_a_fragment_is_built_once_per_reader_until_a_write(report, personas):
    built = []

    def build():
        built.append(1)
        return f"<p>{Report.objects.get(pk=report.pk).title}</p>"

    secretariat, councillor = personas["secretariat"], personas["councillor"]
    first = fragments.render("test", secretariat, (report.pk,), build)
    assert fragments.render("test", secretariat, (report.pk,), build) == first
    assert len(built) == 1
    # Another reader, other key parts: built for them.
    fragments.render("test", councillor, (report.pk,), build)
    fragments.render("test", secretariat, (report.pk, "page=2"), build)
    assert len(built) == 3
    Report.objects.filter(pk=report.pk).update(title="Titre corrigé")
    assert fragments.render("test", secretariat, (report.pk,), build) == "<p>Titre corrigé</p>"
    assert len(built) == 4


def test_a_per_minute_fragment_is_rebuilt_the_next_minute(report, personas, monkeypatch):
    built = []
    now = dt.datetime(2026, 12, 10, 8, 0, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(fragments.timezone, "now", lambda: now)
    for _ in range(2):
        fragments.render(
            "t", personas["secretariat"], (), lambda: built.append(1) or "x", per_minute=True
        )
    assert len(built) == 1
    now = now + dt.timedelta(minutes=1)
    fragments.render(
        "t", personas["secretariat"], (), lambda: built.append(1) or "x", per_minute=True
    )
    assert len(built) == 2


def test_nothing_is_kept_when_the_cache_time_is_zero(personas, settings):
    settings.HEMICYCLE_FRAGMENT_SECONDS = 0
    built = []
    for _ in range(2):
        fragments.render("t", personas["secretariat"], (), lambda: built.append(1) or "x")
    assert len(built) == 2


def test_the_file_generation_is_seen_by_another_process(tmp_path):
    # Two stores on one file stand for two processes of one machine.
    writer = fragments._FileGeneration(tmp_path / "generation")
    reader = fragments._FileGeneration(tmp_path / "generation")
    assert reader.get() == "0"
    writer.renew("abc")
    assert reader.get() == "abc"
    assert [p.name for p in tmp_path.iterdir()] == ["generation"]  # no temporary file left


FORM = "<form method='post'>{% csrf_token %}<button>Envoyer</button></form>"


def test_a_stored_form_gets_each_browser_its_own_csrf_token(personas, settings):
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", {"f.html": FORM})]},
        }
    ]
    built, tokens = [], []
    for _ in range(2):
        request = RequestFactory().get("/")
        request.user = personas["secretariat"]
        html = fragments.content(request, "form", (), "f.html", lambda: built.append(1) or {})
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1))
    assert len(built) == 1, "the second browser is served the stored copy"
    assert fragments.csrf_placeholder() not in tokens[0]
    assert tokens[0] != tokens[1]


def test_a_cached_form_posts_with_the_browsers_own_token(report, personas):
    """Two browsers of one account: each page's form carries a token its own session accepts."""
    ReportDocument.objects.create(
        report=report,
        title="Rapport",
        file="rapports/x.pdf",
        original_name="x.pdf",
        sha256="0" * 64,
        text_status="failed",
    )
    url = reverse("sittings:report_detail", args=[report.pk])
    for _ in range(2):
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(personas["secretariat"])
        page = browser.get(url).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the rapport page offers to read the document again"
        response = browser.post(
            reverse("positions:brief_write", args=[report.pk]),
            {"csrfmiddlewaretoken": token.group(1)},
        )
        assert response.status_code != 403
    refused = Client(enforce_csrf_checks=True)
    refused.force_login(personas["secretariat"])
    refused.get(url)
    response = refused.post(
        reverse("positions:brief_write", args=[report.pk]), {"csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403


def test_the_sitting_page_shows_a_change_at_once(report, client_for, django_assert_max_num_queries):
    client = client_for("secretariat")
    url = reverse("sittings:sitting_detail", args=[report.sitting_id])
    # The first request builds the page; the second is served what it stored.
    with CaptureQueriesContext(connection) as cold:
        assert "Intitulé d’origine" not in client.get(url).content.decode()
    built = len(cold)  # now: the next request's request_started clears the log
    Report.objects.filter(pk=report.pk).update(title="Intitulé d’origine")
    assert "Intitulé d’origine" in client.get(url).content.decode()
    # Served from the cache: the session, the user, the séance's access check.
    with django_assert_max_num_queries(6) as warm:
        client.get(url)
    assert len(warm) < built


def test_readers_never_get_each_others_fragment(report, client_for):
    url = reverse("sittings:sitting_detail", args=[report.sitting_id])
    assert "Consigne" in client_for("secretariat").get(url).content.decode()
    # The observer does not see the group's lines: not even through the secretariat's copy.
    assert "Consigne" not in client_for("observer").get(url).content.decode()


def test_clear_fragments_renews_the_generation(db):
    from django.core.management import call_command

    before = fragments.generation()
    call_command("clear_fragments", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert fragments.generation() != before


def test_a_cache_that_fails_costs_the_building_not_the_page(personas, monkeypatch, caplog):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(fragments.cache, "get", down)
    assert fragments.render("t", personas["secretariat"], (), lambda: "<p>ok</p>") == "<p>ok</p>"
    monkeypatch.undo()
    monkeypatch.setattr(fragments.cache, "set", down)
    assert fragments.render("t", personas["secretariat"], (), lambda: "<p>ok</p>") == "<p>ok</p>"
    assert "the cache does not answer" in caplog.text


PAGES = {
    "dashboard": lambda r: reverse("core:dashboard"),
    "sitting": lambda r: reverse("sittings:sitting_detail", args=[r.sitting_id]),
    "report": lambda r: reverse("sittings:report_detail", args=[r.pk]),
    "filings": lambda r: reverse("filings:list"),
    "analysis": lambda r: reverse("votes:analysis"),
    "search": lambda r: reverse("core:search") + "?q=soutien",
    "agenda": lambda r: reverse("agenda:agenda") + "?vue=mois",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_the_next_readers_make_no_more_queries_than_a_bare_page(page, report, client_for):
    client = client_for("secretariat")
    bare = reverse("core:notification_list")
    client.get(bare)
    with CaptureQueriesContext(connection) as bare_queries:
        client.get(bare)
    bare_count = len(bare_queries)  # now: the next request's request_started clears the log
    url = PAGES[page](report)
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    # The session, the user, the unread count, and the object that decides access.
    assert bare_count == 4, "the session, the user, the notifications, their count"
    assert len(queries) <= bare_count + 1, [q["sql"][:80] for q in queries]


def test_the_rapport_table_is_shared_by_readers_who_see_the_same_columns(
    report, client_for, monkeypatch
):
    from hemicycle.sittings import views

    built = []
    original = views.selectors.reports

    def counting(**kwargs):
        built.append(1)
        return original(**kwargs)

    monkeypatch.setattr(views.selectors, "reports", counting)
    url = reverse("sittings:sitting_detail", args=[report.sitting_id])
    clients = {p: client_for(p) for p in ("secretariat", "bureau", "councillor", "observer")}
    for persona in ("secretariat", "bureau", "councillor"):
        assert "Consigne" in clients[persona].get(url).content.decode()
    assert len(built) == 1, "the group's members see the same columns: one table"
    assert "Consigne" not in clients["observer"].get(url).content.decode()
    assert len(built) == 2


def test_a_generation_that_cannot_be_renewed_is_logged_once_a_minute(monkeypatch, caplog):
    class Broken:
        def renew(self, token):
            raise OSError("read-only instance folder")

    monkeypatch.setattr(fragments, "_store", Broken())
    monkeypatch.setattr(fragments, "_last_failure_logged", None)
    for _ in range(50):
        fragments.changed()  # never raises: the write it follows must not fail
    assert caplog.text.count("could not renew the generation") == 1
