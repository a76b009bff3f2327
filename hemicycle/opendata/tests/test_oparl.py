"""The OParl export: every file valid against the official OParl 1.1 schemas, the links
between objects right, and nothing private in it."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hemicycle.opendata.models import OpenDataSettings
from hemicycle.opendata.oparl import export, layout, schemas
from hemicycle.opendata.tests.conftest import SECRETS
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory

pytestmark = pytest.mark.django_db

BASE = "https://donnees.example.org/oparl"


@pytest.fixture
def opendata(db):
    return OpenDataSettings.objects.create(publish_documents=True, publication_url=BASE)


def tree_of(opendata=None):
    return export.build_tree(opendata)


def obj(tree, path):
    return tree.documents[path]


def test_the_official_schemas_are_draft_7_and_resolve_their_refs():
    for name in schemas.OBJECT_TYPES:
        assert schemas.schemas()[name]["$schema"] == "http://json-schema.org/draft-07/schema#"
    # A Meeting embeds Locations, Files and AgendaItems through "$ref": "X.json".
    bad = {
        "id": f"{BASE}/meeting/1.json",
        "type": "https://schema.oparl.org/1.1/Meeting",
        "location": {"type": "https://schema.oparl.org/1.1/Location"},
    }
    assert any("'id' is a required property" in e for e in schemas.errors_of(bad))


def test_every_exported_file_validates(public_world, opendata):
    tree = tree_of(opendata)
    assert tree.errors() == []
    types = {schemas.type_name(d) for d in tree.documents.values() if "type" in d}
    assert types == set(schemas.OBJECT_TYPES)  # one of each, Consultation included


def test_an_empty_database_exports_a_valid_tree(db):
    tree = tree_of()
    assert tree.errors() == []
    assert obj(tree, "system.json")["body"].endswith("/body.json")


def test_schema_check_does_catch_bad_objects(public_world, opendata):
    # Guards the guard: the test above means something only if errors are found.
    tree = tree_of(opendata)
    meeting = obj(tree, layout.Layout.meeting(public_world["held"].pk))
    meeting["start"] = "12/03/2026"
    person = obj(tree, layout.Layout.roster_person(public_world["roster_nadia"].pk))
    person["membership"][0]["onBehalfOf"] = "pas une adresse"
    del obj(tree, layout.Layout.body)["paper"]
    assert len(tree.errors()) >= 3


@pytest.mark.parametrize(
    "case",
    [
        {"type": "https://schema.oparl.org/1.1/File", "id": f"{BASE}/file/1.json"},
        {"type": "https://schema.oparl.org/1.1/AgendaItem", "id": f"{BASE}/a.json"},
        {"type": "https://schema.oparl.org/1.1/Paper", "id": "/relative.json"},
        {"type": "https://schema.oparl.org/1.1/Membership", "id": f"{BASE}/m", "endDate": "2026"},
    ],
)
def test_one_bad_unit_of_each_kind_is_refused(case):
    assert list(schemas.errors_of(case))


def test_ids_are_absolute_urls_under_the_publication_address(public_world, opendata):
    tree = tree_of(opendata)
    for path, document in tree.documents.items():
        if "id" in document:
            assert document["id"] == f"{BASE}/{path}"
        else:
            assert document["links"]["self"] == f"{BASE}/{path}"


def test_default_address_is_the_site_url(public_world, settings):
    settings.HEMICYCLE_SITE_URL = "https://hemicycle.example.org"
    tree = tree_of()
    assert obj(tree, "system.json")["id"] == (
        "https://hemicycle.example.org/donnees-ouvertes/oparl/system.json"
    )


def test_system_and_body(public_world, opendata, world):
    tree = tree_of(opendata)
    system = obj(tree, "system.json")
    assert system["oparlVersion"] == "https://schema.oparl.org/1.1/"
    assert system["license"] == opendata.license_url
    bodies = obj(tree, "body.json")
    assert [b["id"] for b in bodies["data"]] == [f"{BASE}/{layout.Layout.body}"]
    body = obj(tree, layout.Layout.body)
    assert body["name"] == "Région Hauts-de-France"
    assert [t["name"] for t in body["legislativeTerm"]] == [world["term"].name]
    for kind in export.LIST_KINDS:
        assert body[kind] in {f"{BASE}/{p}" for p in tree.documents}


def test_seats_are_memberships_on_behalf_of_the_group(public_world, opendata, world):
    tree = tree_of(opendata)
    seat = obj(tree, layout.Layout.seat_membership(public_world["seat"].pk))
    assert seat["onBehalfOf"] == f"{BASE}/{layout.Layout.council_group(world['own'].pk)}"
    assert seat["organization"] == f"{BASE}/{layout.Layout.instance(public_world['commission'].pk)}"
    # Nadia has a roster entry: her seat hangs on that person, not a second one.
    assert (
        seat["person"] == f"{BASE}/{layout.Layout.roster_person(public_world['roster_nadia'].pk)}"
    )
    assert seat["role"] == "Titulaire" and seat["votingRight"] is True
    substitute = obj(tree, layout.Layout.seat_membership(public_world["substitute"].pk))
    assert substitute["votingRight"] is False
    assert substitute["person"].endswith(
        layout.Layout.group_person(world["president_councillor"].pk)
    )
    commission = obj(tree, layout.Layout.instance(public_world["commission"].pk))
    assert set(commission["membership"]) == {seat["id"], substitute["id"]}
    assert commission["organizationType"] == "Gremium"


def test_council_groups_and_their_members(public_world, opendata, world):
    tree = tree_of(opendata)
    rival = obj(tree, layout.Layout.council_group(world["rival"].pk))
    assert rival["organizationType"] == "Fraktion"
    membership = obj(tree, layout.Layout.group_membership(public_world["rival_member"].pk))
    assert membership["organization"] == rival["id"]
    assert "onBehalfOf" not in membership
    left = obj(tree, layout.Layout.group_membership(public_world["left"].pk))
    assert left["endDate"] == "2024-01-31"
    marc = obj(tree, layout.Layout.roster_person(public_world["rival_member"].pk))
    assert marc["formOfAddress"] == "Monsieur" and marc["gender"] == "male"
    assert [m["id"] for m in marc["membership"]] == [membership["id"]]


def test_meetings_only_from_the_convocation(public_world, opendata):
    tree = tree_of(opendata)
    held = obj(tree, layout.Layout.meeting(public_world["held"].pk))
    assert held["start"] == "2026-03-12T10:30:00+01:00"
    assert held["location"]["locality"] == "Lille"
    assert [i["number"] for i in held["agendaItem"]] == ["2026-0150", "2026-0151", "2026-0152"]
    assert [i["order"] for i in held["agendaItem"]] == [1, 2, 3]
    assert held["agendaItem"][0]["result"] == "Adopté"
    assert held["agendaItem"][1]["result"] == "Rejeté"
    cancelled = obj(tree, layout.Layout.meeting(public_world["cancelled"].pk))
    assert cancelled["cancelled"] is True
    assert cancelled["location"]["locality"] == "Amiens"
    assert layout.Layout.meeting(public_world["planned"].pk) not in tree.documents
    assert layout.Layout.report_paper(public_world["hidden"].pk) not in tree.documents


def test_papers_files_and_consultations(public_world, opendata):
    tree = tree_of(opendata)
    paper = obj(tree, layout.Layout.report_paper(public_world["adopted"].pk))
    assert paper["paperType"] == "Rapport"
    assert paper["reference"] == "2026.01"
    assert paper["keyword"] == ["Transports"]
    # Only the latest version of each document, copied under a URL-safe name.
    assert paper["mainFile"]["name"] == "Rapport (version 2)"
    assert paper["mainFile"]["accessUrl"].endswith("/Plan-velo-rapport.pdf")
    assert "auxiliaryFile" not in paper
    (content_path,) = tree.contents
    assert paper["mainFile"]["accessUrl"] == f"{BASE}/{content_path}"
    consultation = paper["consultation"][0]
    assert consultation["agendaItem"].endswith(
        layout.Layout.agenda_item(public_world["adopted"].pk)
    )
    assert layout.Layout.report_consultation(public_world["adopted"].pk) in tree.documents


def test_filings_only_once_filed(public_world, opendata, world):
    tree = tree_of(opendata)
    filed = obj(tree, layout.Layout.filing_paper(public_world["filed"].pk))
    assert filed["paperType"] == "Amendement"
    assert filed["reference"] == "2026-A-001"
    assert filed["date"] == "2026-03-09"
    assert filed["superordinatedPaper"] == [
        f"{BASE}/{layout.Layout.report_paper(public_world['adopted'].pk)}"
    ]
    assert filed["originatorPerson"] == [
        f"{BASE}/{layout.Layout.roster_person(public_world['roster_nadia'].pk)}"
    ]
    assert filed["originatorOrganization"] == [
        f"{BASE}/{layout.Layout.council_group(world['own'].pk)}"
    ]
    decided = obj(tree, layout.Layout.filing_paper(public_world["decided"].pk))
    assert decided["hemicycle:sort"] == "Rejeté"
    for hidden in ("draft", "validated"):
        assert layout.Layout.filing_paper(public_world[hidden].pk) not in tree.documents


def test_nothing_private_leaks(public_world, opendata):
    tree = tree_of(opendata)
    text = json.dumps(tree.documents, ensure_ascii=False)
    for secret in SECRETS.values():
        assert secret not in text
    assert "birthDate" not in text and "email" not in text and "phone" not in text


def test_settings_narrow_what_is_published(public_world, world):
    opendata = OpenDataSettings.objects.create(
        publish_sittings=False, publish_filings=False, publish_people=False
    )
    tree = tree_of(opendata)
    assert tree.errors() == []
    assert tree.counts["meeting"] == tree.counts["paper"] == tree.counts["person"] == 0
    assert tree.counts["membership"] == tree.counts["file"] == 0
    # The instances and the council's groups are still listed, without members.
    assert tree.counts["organization"] == 5
    filed = obj(tree, "body/conseil-regional/organization.json")
    assert all("membership" not in o for o in filed["data"])
    assert tree.contents == {}


def _links(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _links(item)
    elif isinstance(value, str) and value.startswith(BASE):
        yield value


@pytest.mark.parametrize(
    "flags",
    [
        {},
        {"publish_people": False},
        {"publish_sittings": False, "publish_documents": False},
        {"publish_filings": False},
    ],
)
def test_every_link_leads_to_an_exported_object(public_world, flags):
    opendata = OpenDataSettings.objects.create(
        publication_url=BASE, **{"publish_documents": True, **flags}
    )
    tree = tree_of(opendata)
    assert tree.errors() == []
    exported = {f"{BASE}/{path}" for path in [*tree.documents, *tree.contents]}
    dangling = {link for doc in tree.documents.values() for link in _links(doc)} - exported
    assert dangling == set()


def test_documents_are_not_published_by_default(public_world):
    tree = tree_of()
    assert tree.counts["file"] == 0 and tree.contents == {}
    paper = obj(tree, layout.Layout.report_paper(public_world["adopted"].pk))
    assert "mainFile" not in paper


def test_lists_are_paginated(public_world, opendata, monkeypatch):
    monkeypatch.setattr(export, "PAGE_SIZE", 2)
    tree = tree_of(opendata)
    assert tree.errors() == []
    first = obj(tree, layout.Layout.body_list_path("paper"))
    total = first["pagination"]["totalElements"]
    assert total == 5  # three rapports, two filings
    assert first["pagination"]["totalPages"] == 3
    assert first["links"]["next"] == f"{BASE}/{layout.Layout.body_list_path('paper', 2)}"
    last = obj(tree, layout.Layout.body_list_path("paper", 3))
    assert last["links"]["prev"].endswith("paper-2.json") and "next" not in last
    assert len(last["data"]) == 1


def test_export_costs_a_fixed_number_of_queries(public_world, opendata, django_assert_num_queries):
    with CaptureQueriesContext(connection) as few:
        tree_of(opendata)
    for _ in range(4):
        sitting = SittingFactory(body=public_world["plenary"], status="held")
        ReportFactory(sitting=sitting)
    with django_assert_num_queries(len(few.captured_queries)):
        tree_of(opendata)


def test_zip_holds_the_tree_and_the_documents(public_world, opendata):
    tree = tree_of(opendata)
    with zipfile.ZipFile(io.BytesIO(export.zip_bytes(tree))) as archive:
        names = set(archive.namelist())
        assert "oparl/system.json" in names
        (content,) = tree.contents
        assert archive.read(f"oparl/{content}") == b"%PDF-1.4\n"


# --- the command -------------------------------------------------------------------------


def test_command_writes_the_tree(public_world, opendata, tmp_path):
    target = tmp_path / "oparl"
    out = io.StringIO()
    call_command("export_oparl", str(target), stdout=out)
    assert "écrit" in out.getvalue()
    files = [p for p in target.rglob("*.json")]
    assert len(files) == len(export.build_tree(opendata).documents)
    for path in files:
        document = json.loads(path.read_text("utf-8"))
        assert list(schemas.errors_of(document)) == [], path
    assert "Élue" in (
        target / layout.Layout.roster_person(public_world["roster_nadia"].pk)
    ).read_text("utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["media", "oparl"]  # no staging left


def test_command_replaces_a_previous_export(public_world, opendata, tmp_path):
    target = tmp_path / "oparl"
    call_command("export_oparl", str(target), stdout=io.StringIO())
    (target / "obsolete.json").write_text("{}")
    call_command("export_oparl", str(target), stdout=io.StringIO())
    assert not (target / "obsolete.json").exists()
    assert (target / "system.json").is_file()


def test_command_refuses_a_folder_that_is_not_an_export(db, tmp_path):
    target = tmp_path / "documents"
    target.mkdir()
    (target / "budget.xlsx").write_text("précieux")
    with pytest.raises(CommandError, match="pas un export OParl"):
        call_command("export_oparl", str(target), stdout=io.StringIO())
    assert (target / "budget.xlsx").read_text() == "précieux"


def test_command_refuses_a_missing_parent(db, tmp_path):
    with pytest.raises(CommandError, match="n’existe pas"):
        call_command("export_oparl", str(tmp_path / "absent" / "oparl"))


def test_command_writes_nothing_when_an_object_is_invalid(public_world, tmp_path, monkeypatch):
    real = export.build_tree

    def broken(opendata=None):
        tree = real(opendata)
        tree.documents["system.json"]["oparlVersion"] = "1.1"
        return tree

    monkeypatch.setattr(export, "build_tree", broken)
    with pytest.raises(CommandError, match="schémas OParl"):
        call_command("export_oparl", str(tmp_path / "oparl"))
    assert not (tmp_path / "oparl").exists()
