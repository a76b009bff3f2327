"""Global search (hemicycle.core.search): the same documents on SQLite and PostgreSQL,
French stemming and accent folding, permissions inside the query, hostile input, the page.

This file runs on whichever engine is active (CI runs it on both); the expected results are
constants, the same for both engines: that is the sameness proof (decision 0016).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from hemicycle.core.models import SearchDocument, SearchGrant
from hemicycle.core.search import index, query, text
from hemicycle.filings import services as filing_services
from hemicycle.filings.models import Filing
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

CORPUS = {
    "R1": (
        "Transports scolaires : convention avec le Département de la Somme",
        "La Région organise le transport des élèves des lycées.",
    ),
    "R2": ("Aide régionale au transport ferroviaire", "Convention TER avec la SNCF."),
    "R3": (
        "Plan pour les lycées",
        "Rénovation énergétique des lycées de la région Hauts-de-France.",
    ),
    "R4": (
        "Soutien aux associations sportives",
        "Le transport scolaire des clubs n’est pas concerné.",
    ),
    "R5": ("Économie sociale et solidaire", "Les collectivités régionales soutiennent l’emploi."),
    "R6": ("Forêts et biodiversité", "Plantation d’arbres : une œuvre collective."),
}

# query → the rapports found, on every engine. A trailing space means the last word is
# complete; without it the last word also matches as a prefix (the user is typing).
EXPECTED = {
    "transport": {"R1", "R2", "R4"},
    "Transports": {"R1", "R2", "R4"},
    "transports scolaires ": {"R1", "R4"},
    "scolaire ": {"R1", "R4"},
    "scolaires ": {"R1", "R4"},
    # « region » finds « région »; as a prefix it also finds « régionale(s) ».
    "region ": {"R1", "R3"},
    "région ": {"R1", "R3"},
    "region": {"R1", "R2", "R3", "R5"},
    "lycee ": {"R1", "R3"},
    "LYCÉES ": {"R1", "R3"},
    "transport lycee ": {"R1"},
    "les transports de la région ": {"R1"},
    "ECONOMIE": {"R5"},
    "oeuvre ": {"R6"},
    "œuvres ": {"R6"},
    "sncf": {"R2"},
    "transp": {"R1", "R2", "R4"},
    "hauts france ": {"R3"},
    "ferroviaire scolaire ": set(),
    "le la les de ": set(),
    "": set(),
}

HOSTILE = [
    "NEAR(transport scolaire)",
    '"transport',
    "transport*",
    "-transport",
    "(transport OR",
    "transport AND NOT region",
    "transport:* & !region",
    "' OR 1=1 --",
    "%_%",
    "\\",
    "\x00transport",
    "transport " * 400,
    "ŝčøłàíŕé ∑ 😀 transport",
    "a" * 5000,
    "{} [] ^ ~ @ # | &",
]


@pytest.fixture
def corpus(world):
    sitting = SittingFactory(starts_at=timezone.make_aware(dt.datetime(2026, 3, 12, 10)))
    earlier = SittingFactory(starts_at=timezone.make_aware(dt.datetime(2025, 6, 5, 10)))
    reports = {}
    for key, (title, summary) in CORPUS.items():
        reports[key] = ReportFactory(
            sitting=earlier if key == "R2" else sitting, title=title, summary=summary
        )
    index.rebuild()
    return reports


def _found(user, q, **filters):
    keys = {}
    for key, report in _corpus_reports().items():
        keys[("sittings.report", str(report.pk))] = key
    return {keys.get(hit, hit) for hit in query.matching_ids(user, q, **filters)}


_CURRENT: dict = {}


def _corpus_reports():
    return _CURRENT


@pytest.fixture
def found(corpus):
    _CURRENT.clear()
    _CURRENT.update(corpus)
    yield _found
    _CURRENT.clear()


@pytest.mark.parametrize("q", list(EXPECTED))
def test_same_documents_on_every_engine(found, personas, q):
    assert found(personas["secretariat"], q) == EXPECTED[q], connection.vendor


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_never_fail(found, personas, q):
    results = found(personas["secretariat"], q)
    assert results <= set(CORPUS)


def test_title_outranks_body(corpus, personas):
    results = query.search(personas["secretariat"], "transport scolaire ")
    assert [h.object_id for h in results.hits] == [str(corpus["R1"].pk), str(corpus["R4"].pk)]


def test_date_and_kind_filters(found, personas):
    user = personas["secretariat"]
    assert found(user, "transport", date_from=dt.date(2026, 1, 1)) == {"R1", "R4"}
    assert found(user, "transport", date_to=dt.date(2025, 12, 31)) == {"R2"}
    assert found(user, "transport", kind="filings.filing") == set()
    assert found(user, "transport", kind="sittings.report") == {"R1", "R2", "R4"}


def test_facets_count_every_kind_and_pages(corpus, personas):
    filing = FilingFactory(report=corpus["R1"], title="Gratuité des transports scolaires")
    index.index_object("filings.filing", filing)
    results = query.search(personas["secretariat"], "transport", per_page=2)
    assert results.facets == [("sittings.report", "Rapports", 3), ("filings.filing", "Dépôts", 1)]
    assert results.total == 4 and results.pages == 2 and len(results.hits) == 2
    second = query.search(personas["secretariat"], "transport", per_page=2, page=2)
    first_ids = {(h.kind, h.object_id) for h in results.hits}
    assert {(h.kind, h.object_id) for h in second.hits}.isdisjoint(first_ids)
    only = query.search(personas["secretariat"], "transport", kind="filings.filing")
    assert only.total == 1 and only.hits[0].url == reverse("filings:detail", args=[filing.pk])


# --- permissions: inside the query ------------------------------------------------------------


@pytest.fixture
def filings(world, personas):
    report = ReportFactory(title="Mobilité des lycéen·nes")
    draft = FilingFactory(report=report, title="Cantines bio brouillon")
    filed = FilingFactory(report=report, title="Cantines bio déposé")
    shared = FilingFactory(report=report, title="Cantines bio partagé")
    revoked = FilingFactory(report=report, title="Cantines bio retiré")
    Filing.objects.filter(pk=filed.pk).update(status="filed")
    bureau = personas["bureau"]
    filing_services.share(filing=shared, council_group=world["ally"], acting_user=bureau)
    row = filing_services.share(filing=revoked, council_group=world["ally"], acting_user=bureau)
    filing_services.revoke_share(share_row=row, acting_user=bureau)
    index.rebuild()
    return {"draft": draft, "filed": filed, "shared": shared, "revoked": revoked}


def _titles(user, q="cantines bio"):
    return {
        h.title.replace("<mark>", "").replace("</mark>", "").split(" — ")[1]
        for h in query.search(user, q).hits
    }


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("secretariat", {"brouillon", "déposé", "partagé", "retiré"}),
        ("councillor", {"brouillon", "déposé", "partagé", "retiré"}),
        ("staff", {"brouillon", "déposé", "partagé", "retiré"}),
        ("observer", {"déposé"}),
        ("partner", {"partagé"}),
        ("outsider", set()),
    ],
)
def test_each_persona_finds_only_what_it_may_see(filings, personas, name, expected):
    assert {t.removeprefix("Cantines bio ") for t in _titles(personas[name])} == expected


def test_rapports_are_for_members_and_observers(corpus, personas):
    assert query.search(personas["observer"], "sncf").total == 1
    assert query.search(personas["partner"], "sncf").total == 0
    assert query.search(personas["outsider"], "sncf").total == 0


def test_inactive_or_anonymous_find_nothing(corpus, personas):
    from django.contrib.auth.models import AnonymousUser

    user = personas["secretariat"]
    user.is_active = False
    assert query.search(user, "sncf").total == 0
    assert query.search(AnonymousUser(), "sncf").total == 0


def test_share_and_revoke_move_partner_visibility(filings, world, personas):
    partner = personas["partner"]
    bureau = personas["bureau"]
    row = filing_services.share(
        filing=filings["draft"], council_group=world["ally"], acting_user=bureau
    )
    assert "Cantines bio brouillon" in _titles(partner)
    filing_services.revoke_share(share_row=row, acting_user=bureau)
    assert "Cantines bio brouillon" not in _titles(partner)
    assert SearchGrant.objects.filter(principal=f"council_group:{world['ally'].pk}").count() == 1


# --- snippets ---------------------------------------------------------------------------------


def test_snippet_highlights_and_escapes_hostile_text(world, personas):
    ReportFactory(
        title='<script>alert("titre")</script> transports',
        summary="Avant " * 80 + "<img src=x onerror=alert(1)> Les transports <b>scolaires</b> & co",
    )
    index.rebuild()
    hit = query.search(personas["secretariat"], "transports scolaires").hits[0]
    assert hit.title.endswith(
        "— &lt;script&gt;alert(&quot;titre&quot;)&lt;/script&gt; <mark>transports</mark>"
    )
    assert "<img" not in hit.snippet and "&lt;img src=x onerror=alert(1)&gt;" in hit.snippet
    assert (
        "<mark>transports</mark> &lt;b&gt;<mark>scolaires</mark>&lt;/b&gt; &amp; co" in hit.snippet
    )
    assert hit.snippet.startswith("… ")


def test_text_normalisation():
    assert text.terms("Les Transports scolaires de la Région") == ["transport", "scolair", "region"]
    assert text.terms("région") == text.terms("region") == text.terms("RÉGION")
    assert text.terms("œuvre") == text.terms("oeuvre")
    assert text.terms("re\u0301gion ﬁnancement") == text.terms("région financement")
    assert text.terms("l’école d'été") == text.terms("ecole ete")
    assert text.parse_query("transports scolaires")[-1].prefix is True
    assert text.parse_query("transports scolaires ")[-1].prefix is False
    assert text.fts5_match(text.parse_query("transports sco")) == '"transport" AND "sco"*'
    assert text.tsquery(text.parse_query("transports sco")) == "transport & sco:*"


def test_long_bodies_keep_every_word_findable():
    body = "alpha " * (text.MAX_BODY_TERMS + 10) + "omega"
    stored = text.body_terms(body).split()
    assert len(stored) == text.MAX_BODY_TERMS + 1 and stored[-1] == "omeg"


# --- the index follows the services; the rebuild command -------------------------------------


def test_services_keep_the_index_current(world, personas):
    filing = FilingFactory(title="Bus électriques")
    index.index_object("filings.filing", filing)
    filing_services.add_version(
        filing=filing,
        texts={"original_text": "", "text": "Des navettes fluviales pour Amiens.", "motives": "m"},
        summary="",
        base_number=1,
        acting_user=personas["secretariat"],
    )
    assert query.search(personas["secretariat"], "navettes fluviales").total == 1


def test_rebuild_command_prints_counts(corpus):
    SearchDocument.objects.all().delete()
    from io import StringIO

    out = StringIO()
    call_command("rebuild_search_index", stdout=out)
    assert "Rapports (sittings.report)\u00a0: 6" in out.getvalue()
    assert SearchDocument.objects.filter(kind="sittings.report").count() == 6


def test_rebuild_command_refuses_unknown_kind(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Type inconnu"):
        call_command("rebuild_search_index", "nope.nope")


# --- the page ---------------------------------------------------------------------------------


def test_page_shows_hits_facets_and_marks(corpus, client_for, django_assert_num_queries):
    client = client_for("secretariat")
    url = reverse("core:search")
    client.get(url)  # warm the session
    # Session, user, unread notifications, and the one search query (facets and page).
    with django_assert_num_queries(4):
        response = client.get(url, {"q": "transports scolaires"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "<mark>Transports</mark> <mark>scolaires</mark>" in body
    assert "2 résultats pour «\u00a0transports scolaires\u00a0»" in body
    assert 'aria-label="Types de résultats"' in body


def test_page_without_results_says_so(corpus, client_for):
    response = client_for("observer").get(reverse("core:search"), {"q": "zzzz", "type": "x"})
    assert "Aucun résultat pour «\u00a0zzzz\u00a0»" in response.content.decode()


@pytest.mark.parametrize("q", HOSTILE[:8])
def test_page_never_fails_on_hostile_input(corpus, client_for, q):
    response = client_for("partner").get(
        reverse("core:search"), {"q": q, "du": "2026-13-45", "au": "x", "page": "-3"}
    )
    assert response.status_code == 200


def test_header_has_a_labelled_search_box(world, client_for):
    body = client_for("observer").get(reverse("core:dashboard")).content.decode()
    assert 'role="search"' in body and "Rechercher dans Hémicycle" in body


def test_registry_refuses_a_code_twice_and_ids_carry_kind_and_audience(db):
    from hemicycle.core.search import registry

    with pytest.raises(ValueError, match=r"already sittings\.report"):
        registry.register(
            registry.SearchSource(
                kind="tests.other", label="x", code=1, queryset=list, build=lambda o: None
            )
        )
    doc_id = registry.document_id(2, registry.Audience.READERS, 7)
    assert doc_id >> registry.KIND_SHIFT == 2
    assert (doc_id >> registry.AUDIENCE_SHIFT) & 15 == registry.AUDIENCE_CODES["readers"]
    assert doc_id & registry.MAX_OBJECT_ID == 7
