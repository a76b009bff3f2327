"""The council pages: who may open them, the import flow, edits, and their query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import RosterImport, RosterMember
from hemicycle.council.tests.factories import CouncilGroupFactory, RosterMemberFactory
from hemicycle.council.tests.rne_files import FIRST_EDITION, LATER_EDITION, person, small_file
from hemicycle.council.views import PENDING_IMPORT
from hemicycle.group.tests.factories import CouncillorFactory

pytestmark = pytest.mark.django_db

READERS = ("secretariat", "president", "bureau", "councillor", "staff", "observer")
NOT_READERS = ("partner", "outsider")
NOT_SECRETARIAT = ("president", "bureau", "councillor", "staff", "partner", "observer", "outsider")


@pytest.fixture
def member(world):
    return RosterMemberFactory(term=world["term"], council_group=world["rival"])


def _upload(client, content: bytes, name: str = "rne.csv", region: str = "32"):
    return client.post(
        reverse("council:import_upload"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv"), "region": region},
    )


# --- Access --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", READERS)
def test_readers_see_roster_member_and_groups(persona, client_for, member):
    client = client_for(persona)
    for url in (
        reverse("council:roster"),
        reverse("council:member_detail", args=[member.pk]),
        reverse("council:group_list"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("persona", NOT_READERS)
def test_partners_do_not_see_the_roster(persona, client_for, member):
    client = client_for(persona)
    for url in (
        reverse("council:roster"),
        reverse("council:member_detail", args=[member.pk]),
        reverse("council:group_list"),
    ):
        assert client.get(url).status_code == 404, url


def _secretariat_urls(world, member):
    roster_import = RosterImport.objects.create(
        term=world["term"], file_name="a.csv", sha256="0" * 64, summary={}
    )
    return [
        reverse("council:member_edit", args=[member.pk]),
        reverse("council:import_upload"),
        reverse("council:import_preview"),
        reverse("council:import_list"),
        reverse("council:import_detail", args=[roster_import.pk]),
        reverse("council:group_create"),
        reverse("council:group_edit", args=[world["ally"].pk]),
    ]


@pytest.mark.parametrize("persona", NOT_SECRETARIAT)
def test_only_the_secretariat_imports_and_edits(persona, client_for, world, member):
    client = client_for(persona)
    for url in _secretariat_urls(world, member):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {}).status_code == 404, url
    response = _upload(client, small_file(person("Dupont", "Jeanne")))
    assert response.status_code == 404
    assert RosterMember.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_secretariat_opens_every_page(client_for, world, member):
    client = client_for("secretariat")
    for url in _secretariat_urls(world, member):
        expected = 302 if url == reverse("council:import_preview") else 200
        assert client.get(url).status_code == expected, url


def test_anonymous_is_sent_to_login(client_for, world, member):
    client = client_for("anonymous")
    for url in [reverse("council:roster"), *_secretariat_urls(world, member)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


# --- Import flow ---------------------------------------------------------------------


def test_upload_preview_confirm(client_for, world):
    client = client_for("secretariat")
    page = client.get(reverse("council:import_upload"))
    assert 'value="32"' in page.content.decode()

    response = _upload(client, FIRST_EDITION.read_bytes(), name=FIRST_EDITION.name)
    assert response.status_code == 302
    assert response["Location"] == reverse("council:import_preview")
    assert RosterMember.objects.count() == 0

    preview = client.get(reverse("council:import_preview"))
    html = preview.content.decode()
    assert "Aperçu de l’import du RNE" in html
    assert "Arrivées (170)" in html
    assert "Confirmer l’import" in html
    assert RosterMember.objects.count() == 0
    sha = client.session[PENDING_IMPORT]["sha256"]

    done = client.post(reverse("council:import_preview"), {"sha256": sha, "action": "confirm"})
    assert done.status_code == 302
    assert done["Location"] == reverse("council:roster")
    assert RosterMember.objects.count() == 170
    assert PENDING_IMPORT not in client.session
    roster_import = RosterImport.objects.get()
    assert roster_import.sha256 == sha
    assert roster_import.file_name == FIRST_EDITION.name
    roster = client.get(done["Location"])
    assert "Import de « conseillers-regionaux-2024-06.csv » terminé : 170 arrivée(s)" in (
        roster.content.decode()
    )


def test_preview_of_the_later_edition_shows_old_and_new(client_for, world):
    from hemicycle.council import services

    services.import_roster(
        term=world["term"], file_name="a", content=FIRST_EDITION.read_bytes(), acting_user=None
    )
    client = client_for("secretariat")
    _upload(client, LATER_EDITION.read_bytes())
    html = client.get(reverse("council:import_preview")).content.decode()
    assert "Arrivées (3)" in html
    assert "Mises à jour (4)" in html
    assert "Départs (3)" in html
    assert "<del>Vice-président du conseil régional</del>" in html
    assert RosterMember.objects.filter(status="left").count() == 0


def test_preview_lists_errors_and_offers_no_confirmation(client_for, world):
    client = client_for("secretariat")
    _upload(client, small_file(person("Dupont", "Jeanne", birth="30/02/1970")))
    html = client.get(reverse("council:import_preview")).content.decode()
    assert "Ce fichier ne peut pas être importé" in html
    assert "Date de naissance" in html
    assert "« 30/02/1970 »" in html
    assert "Confirmer l’import" not in html
    sha = client.session[PENDING_IMPORT]["sha256"]
    response = client.post(reverse("council:import_preview"), {"sha256": sha})
    assert response.status_code == 200
    assert RosterMember.objects.count() == 0


def test_confirm_imports_exactly_the_previewed_file(client_for, world):
    client = client_for("secretariat")
    _upload(client, small_file(person("Dupont", "Jeanne")))
    previewed = client.session[PENDING_IMPORT]["sha256"]
    # Another file dropped in another tab: the confirmation of the first one is refused.
    _upload(client, small_file(person("Martin", "Zoé")))
    response = client.post(reverse("council:import_preview"), {"sha256": previewed})
    assert response.status_code == 302
    assert response["Location"] == reverse("council:import_preview")
    assert RosterMember.objects.count() == 0
    current = client.session[PENDING_IMPORT]["sha256"]
    client.post(reverse("council:import_preview"), {"sha256": current})
    assert list(RosterMember.objects.values_list("last_name", flat=True)) == ["Martin"]


def test_summary_comes_from_the_real_import(client_for, world):
    client = client_for("secretariat")
    _upload(client, small_file(person("Dupont", "Jeanne")))
    sha = client.session[PENDING_IMPORT]["sha256"]
    # Someone imports the same person between the preview and the confirmation.
    RosterMemberFactory(
        term=world["term"],
        last_name="Dupont",
        first_name="Jeanne",
        match_key="dupont|jeanne|1970-02-01",
        birth_date=__import__("datetime").date(1970, 2, 1),
        function="Conseillère régionale",
        profession_code="34",
        profession="Professeurs, professions scientifiques",
    )
    client.post(reverse("council:import_preview"), {"sha256": sha})
    assert RosterMember.objects.count() == 1
    assert RosterImport.objects.get().summary["counts"]["created"] == 0


def test_cancel_drops_the_pending_file(client_for, world):
    client = client_for("secretariat")
    _upload(client, small_file(person("Dupont", "Jeanne")))
    response = client.post(reverse("council:import_preview"), {"action": "cancel"})
    assert response["Location"] == reverse("council:import_upload")
    assert PENDING_IMPORT not in client.session
    assert RosterMember.objects.count() == 0


def test_upload_size_limit(client_for, world, settings):
    settings.HEMICYCLE_MAX_UPLOAD_BYTES = 100
    client = client_for("secretariat")
    response = _upload(client, FIRST_EDITION.read_bytes())
    assert response.status_code == 200
    assert "au-delà de la taille maximale autorisée" in response.content.decode()
    assert PENDING_IMPORT not in client.session


def test_import_history_and_detail(client_for, world):
    client = client_for("secretariat")
    _upload(client, FIRST_EDITION.read_bytes(), name=FIRST_EDITION.name)
    sha = client.session[PENDING_IMPORT]["sha256"]
    client.post(reverse("council:import_preview"), {"sha256": sha})
    html = client.get(reverse("council:import_list")).content.decode()
    assert FIRST_EDITION.name in html
    roster_import = RosterImport.objects.get()
    detail = client.get(reverse("council:import_detail", args=[roster_import.pk]))
    assert sha in detail.content.decode()
    assert "Arrivées (170)" in detail.content.decode()


# --- Roster list ---------------------------------------------------------------------


def test_roster_empty_state_says_what_to_do(client_for, world):
    html = client_for("secretariat").get(reverse("council:roster")).content.decode()
    assert "Importez le fichier du RNE" in html


def test_roster_filters(client_for, world):
    term = world["term"]
    RosterMemberFactory(
        term=term,
        last_name="Lévêque",
        first_name="Hélène",
        section="62",
        match_key="leveque|helene|1970-01-01",
        council_group=world["ally"],
    )
    RosterMemberFactory(
        term=term,
        last_name="Martin",
        first_name="Zoé",
        section="59",
        match_key="martin|zoe|1970-01-01",
        function="Vice-présidente",
    )
    RosterMemberFactory(
        term=term,
        last_name="Parti",
        first_name="Paul",
        status="left",
        match_key="parti|paul|1970-01-01",
        left_on=__import__("datetime").date(2024, 1, 1),
    )
    client = client_for("observer")
    url = reverse("council:roster")

    def names(**params):
        page = client.get(url, params).context["page"]
        return [m.last_name for m in page.object_list]

    assert names() == ["Lévêque", "Martin"]
    assert names(q="leveque") == ["Lévêque"]
    assert names(q="HELENE") == ["Lévêque"]
    assert names(q="vice") == ["Martin"]
    assert names(section="62") == ["Lévêque"]
    assert names(group=str(world["ally"].pk)) == ["Lévêque"]
    assert names(group="none") == ["Martin"]
    assert names(status="left") == ["Parti"]
    assert names(status="all") == ["Lévêque", "Martin", "Parti"]
    html = client.get(url, {"status": "all"}).content.decode()
    assert "3 élu·es" in html


def test_roster_links_to_our_councillors(client_for, world):
    councillor = CouncillorFactory()
    RosterMemberFactory(term=world["term"], group_councillor=councillor)
    html = client_for("staff").get(reverse("council:roster")).content.decode()
    assert reverse("group:councillor_detail", args=[councillor.pk]) in html


def _fill(world, n):
    groups = [world["own"], world["ally"], world["rival"], None]
    for i in range(n):
        RosterMemberFactory(
            term=world["term"],
            council_group=groups[i % 4],
            status="active" if i % 7 else "left",
            group_councillor=CouncillorFactory() if i % 17 == 0 else None,
        )


@pytest.mark.parametrize("view", ["council:roster", "council:group_list"])
def test_list_pages_run_the_same_queries_for_10_or_170(
    view, client_for, world, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("secretariat")
    _fill(world, 10)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(view)).status_code == 200
    _fill(world, 160)
    for _ in range(27):
        CouncilGroupFactory(term=world["term"])
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(reverse(view), {"status": "all"}).status_code == 200


def test_dashboard_panel(client_for, world, django_assert_max_num_queries):
    from hemicycle.council.registrations import roster_panel_context

    _fill(world, 30)
    with django_assert_max_num_queries(4):
        context = roster_panel_context(None)
    assert context["active"] + context["left"] == 30
    html = client_for("observer").get(reverse("core:dashboard")).content.decode()
    assert "Conseil régional" in html
    assert "En mandat" in html
