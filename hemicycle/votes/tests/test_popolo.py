"""The Popolo export: every object valid against Popolo's own schemas, ids stable."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from jsonschema import Draft3Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT3

from hemicycle.council.tests.factories import BodyFactory
from hemicycle.filings.tests.factories import FilingFactory
from hemicycle.group.tests.factories import CouncillorFactory, PartyFactory
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes import popolo
from hemicycle.votes.models import GroupResult, Vote, VoteEvent

pytestmark = pytest.mark.django_db

SCHEMAS_DIR = Path(__file__).parent / "fixtures" / "popolo_schemas"
SCHEMAS = {path.stem: json.loads(path.read_text()) for path in SCHEMAS_DIR.glob("*.json")}
# The schemas $ref one another by absolute URL: resolve them from the local copies.
REGISTRY = Registry().with_resources(
    (schema["id"].rstrip("#"), Resource(contents=schema, specification=DRAFT3))
    for schema in SCHEMAS.values()
)
KINDS = {
    "organizations": "organization",
    "persons": "person",
    "motions": "motion",
    "vote_events": "vote_event",
}


def errors_of(document):
    errors = []
    for key, schema_name in KINDS.items():
        validator = Draft3Validator(
            SCHEMAS[schema_name], registry=REGISTRY, format_checker=Draft3Validator.FORMAT_CHECKER
        )
        for obj in document[key]:
            errors += [f"{key} {obj.get('id')}: {e.message}" for e in validator.iter_errors(obj)]
    return errors


@pytest.fixture
def small_world(world):
    sitting = SittingFactory(
        body=BodyFactory(term=world["term"], name="Séance plénière", short_name="Plénière"),
        starts_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),
    )
    report = ReportFactory(sitting=sitting, number="2026-0150", title="Plan vélo régional")
    adopted = VoteEvent.objects.create(
        sitting=sitting, report=report, title="Plan vélo régional", result="adopte", order=1
    )
    for group, counts in ((world["own"], (10, 2, 1, 1)), (world["rival"], (90, 0, 3, 3))):
        GroupResult.objects.create(
            vote_event=adopted,
            council_group=group,
            **dict(zip(("pour", "contre", "abstention", "nppv"), counts, strict=True)),
        )
    GroupResult.objects.create(vote_event=adopted, council_group=world["ally"], contre=12)
    represented = CouncillorFactory(first_name="Rita", last_name="Représentée", party=None)
    represented.affiliation = "apparente"
    represented.save()
    Vote.objects.create(vote_event=adopted, councillor=world["councillor"], option="pour")
    Vote.objects.create(
        vote_event=adopted,
        councillor=represented,
        option="contre",
        proxy_holder=world["councillor"],
    )
    Vote.objects.create(
        vote_event=adopted,
        councillor=world["president_councillor"],
        option="nppv",
        nppv_reason="deport",
    )
    # An amendment put to the vote: only the group's votes recorded so far.
    filing = FilingFactory(report=ReportFactory(sitting=sitting), title="Amendement vélo")
    on_filing = VoteEvent.objects.create(
        sitting=sitting, filing=filing, title="Amendement n° 1", order=2
    )
    Vote.objects.create(vote_event=on_filing, councillor=world["councillor"], option="abstention")
    # Nothing recorded: not exported.
    pending = VoteEvent.objects.create(
        sitting=sitting, report=ReportFactory(sitting=sitting), title="Pas encore voté"
    )
    secret = VoteEvent.objects.create(
        sitting=sitting,
        report=ReportFactory(sitting=sitting),
        title="Désignation au CA du lycée",
        mode=VoteEvent.Mode.SECRET,
        result="adopte",
    )
    Vote.objects.create(vote_event=secret, councillor=world["councillor"], option="pour")
    return {
        "adopted": adopted,
        "on_filing": on_filing,
        "pending": pending,
        "secret": secret,
        "represented": represented,
        "filing": filing,
    }


def by_id(items):
    return {item["id"]: item for item in items}


def test_empty_database_exports_an_empty_valid_document():
    document = popolo.build_document()
    assert document == {"organizations": [], "persons": [], "motions": [], "vote_events": []}
    assert errors_of(document) == []


def test_every_object_type_validates(small_world):
    document = popolo.build_document()
    assert errors_of(document) == []
    for key in KINDS:
        assert document[key], key


def test_schema_check_does_catch_a_bad_object(small_world):
    # Guards the guard: a schema violation is reported, so the test above means something.
    document = popolo.build_document()
    document["vote_events"][0].setdefault("counts", []).append({"option": "yes"})
    document["persons"][0]["name"] = 12
    assert len(errors_of(document)) == 2


def test_organizations_are_the_council_its_groups_and_our_parties(world, small_world):
    organizations = by_id(popolo.build_document()["organizations"])
    council = organizations[popolo.COUNCIL_ID]
    assert council["name"] == world["group"].council_name
    own = organizations[popolo.council_group_id(world["own"].pk)]
    assert own["parent_id"] == popolo.COUNCIL_ID
    assert own["other_names"] == [{"name": "GES", "note": "sigle"}]
    assert popolo.council_group_id(world["rival"].pk) in organizations
    party = PartyFactory()  # the factory's default party, shared by the world's councillors
    assert organizations[popolo.party_id(party.pk)]["classification"] == "party"


def test_persons_are_our_councillors_without_contact_details(world, small_world):
    persons = by_id(popolo.build_document()["persons"])
    nadia = persons[popolo.person_id(world["councillor"].pk)]
    assert nadia["name"] == "Nadia Élue"
    assert nadia["family_name"] == "Élue"
    assert "email" not in nadia and "contact_details" not in nadia
    organizations = {m["organization_id"] for m in nadia["memberships"]}
    assert popolo.council_group_id(world["own"].pk) in organizations
    rita = persons[popolo.person_id(small_world["represented"].pk)]
    assert [m["role"] for m in rita["memberships"]] == ["apparenté·e"]


def test_motions_say_what_was_put_to_the_vote(small_world):
    motions = by_id(popolo.build_document()["motions"])
    on_report = motions[popolo.motion_id(small_world["adopted"].pk)]
    assert on_report["text"] == "Plan vélo régional"
    assert on_report["classification"] == "rapport"
    assert on_report["identifier"] == "2026-0150"
    assert on_report["requirement"] == "majorité des suffrages exprimés"
    assert on_report["result"] == "pass"
    on_filing = motions[popolo.motion_id(small_world["on_filing"].pk)]
    assert on_filing["classification"] == "amendement"
    assert "result" not in on_filing


def test_only_scrutins_with_a_result_or_votes_are_exported(small_world):
    ids = set(by_id(popolo.build_document()["vote_events"]))
    assert popolo.vote_event_id(small_world["pending"].pk) not in ids
    assert popolo.vote_event_id(small_world["adopted"].pk) in ids
    assert popolo.vote_event_id(small_world["on_filing"].pk) in ids


def test_vote_event_counts_group_results_and_votes(world, small_world):
    event = by_id(popolo.build_document()["vote_events"])[
        popolo.vote_event_id(small_world["adopted"].pk)
    ]
    assert event["motion_id"] == popolo.motion_id(small_world["adopted"].pk)
    assert event["result"] == "pass"
    assert dt.datetime.fromisoformat(event["start_date"]) == dt.datetime(
        2026, 3, 12, 9, 30, tzinfo=dt.UTC
    )
    totals = {c["option"]: c["value"] for c in event["counts"] if "group_id" not in c}
    assert totals == {"yes": 100, "no": 14, "abstain": 4, "not voting": 4}
    ally = popolo.council_group_id(world["ally"].pk)
    assert {c["option"]: c["value"] for c in event["counts"] if c.get("group_id") == ally} == {
        "yes": 0,
        "no": 12,
        "abstain": 0,
        "not voting": 0,
    }
    group_results = {r["group_id"]: r["result"] for r in event["group_results"]}
    assert group_results[ally] == "fail"
    assert group_results[popolo.council_group_id(world["own"].pk)] == "pass"
    votes = {v["voter_id"]: v for v in event["votes"]}
    nadia = votes[popolo.person_id(world["councillor"].pk)]
    assert nadia == {
        "id": nadia["id"],
        "vote_event_id": event["id"],
        "voter_id": popolo.person_id(world["councillor"].pk),
        "option": "yes",
        "group_id": popolo.council_group_id(world["own"].pk),
    }
    assert votes[popolo.person_id(small_world["represented"].pk)]["role"] == "proxy"
    assert votes[popolo.person_id(small_world["represented"].pk)]["option"] == "no"
    assert votes[popolo.person_id(world["president_councillor"].pk)]["option"] == "not voting"


def test_a_scrutin_without_council_figures_claims_no_totals(small_world):
    event = by_id(popolo.build_document()["vote_events"])[
        popolo.vote_event_id(small_world["on_filing"].pk)
    ]
    assert "counts" not in event
    assert [v["option"] for v in event["votes"]] == ["abstain"]


def test_a_secret_ballot_publishes_no_names(small_world):
    event = by_id(popolo.build_document()["vote_events"])[
        popolo.vote_event_id(small_world["secret"].pk)
    ]
    assert event["result"] == "pass"
    assert "votes" not in event


def test_ids_are_stable_between_exports(small_world):
    assert popolo.build_document() == popolo.build_document()


def test_export_runs_a_fixed_number_of_queries(world, small_world, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        popolo.build_document()
    sitting = small_world["adopted"].sitting
    for _ in range(5):
        event = VoteEvent.objects.create(
            sitting=sitting, report=ReportFactory(sitting=sitting), title="Encore", result="rejete"
        )
        GroupResult.objects.create(vote_event=event, council_group=world["own"], contre=3)
        Vote.objects.create(vote_event=event, councillor=world["councillor"], option="contre")
    with django_assert_num_queries(len(few.captured_queries)):
        popolo.build_document()


def test_command_writes_utf8_json_and_replaces_the_file(small_world, tmp_path):
    target = tmp_path / "votes.json"
    target.write_text("ancien contenu")
    call_command("export_popolo", str(target), stdout=io.StringIO())
    raw = target.read_bytes()
    assert "Élue".encode() in raw  # not escaped as \u00c9
    document = json.loads(raw.decode("utf-8"))
    assert errors_of(document) == []
    assert document == json.loads(json.dumps(popolo.build_document()))
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


def test_command_on_an_empty_database(tmp_path):
    target = tmp_path / "vide.json"
    call_command("export_popolo", str(target), stdout=io.StringIO())
    assert json.loads(target.read_text("utf-8")) == {
        "organizations": [],
        "persons": [],
        "motions": [],
        "vote_events": [],
    }


def test_command_reports_an_unwritable_path(tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="Impossible d’écrire"):
        call_command("export_popolo", str(tmp_path / "absent" / "votes.json"))
