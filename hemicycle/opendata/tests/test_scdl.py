"""The SCDL délibérations CSV: valid against its Table Schema (frictionless) and the
rules the schema states beside it (SIRET checksum, vote counts that add up)."""

from __future__ import annotations

import csv
import io
import json

import frictionless
import pytest
from django.core.management import CommandError, call_command

from hemicycle.opendata import scdl
from hemicycle.opendata.models import OpenDataSettings, siret_is_valid
from hemicycle.opendata.tests.conftest import SECRETS
from hemicycle.sittings.models import Theme
from hemicycle.sittings.tests.factories import ReportFactory

pytestmark = pytest.mark.django_db


def frictionless_errors(path):
    schema = frictionless.Schema.from_descriptor(json.loads(scdl.SCHEMA_PATH.read_text()))
    resource = frictionless.Resource(path=path.name, basepath=str(path.parent), schema=schema)
    report = frictionless.validate(resource)
    return report.flatten(["rowNumber", "fieldName", "type", "note"]), report


def write(tmp_path, text):
    path = tmp_path / "deliberations.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_the_hauts_de_france_siret_passes_its_checksum():
    assert siret_is_valid("20005374200017")
    assert not siret_is_valid("20005374200018")
    assert not siret_is_valid("2000537420001")
    assert not siret_is_valid("２0005374200017")  # full-width digit


def test_export_validates_against_the_schema(public_world, tmp_path):
    OpenDataSettings.objects.create(publish_documents=True)
    table = scdl.rows()
    assert scdl.problems(table) == []
    errors, report = frictionless_errors(write(tmp_path, scdl.csv_text(table)))
    assert errors == []
    assert report.valid and report.tasks[0].stats["rows"] == 2


def test_frictionless_does_catch_a_bad_file(public_world, tmp_path):
    # Guards the guard: a wrong date and a short SIRET are reported.
    text = scdl.csv_text(scdl.rows()).replace("2026-03-12", "12/03/2026", 1)
    text = text.replace("20005374200017", "2000537420", 1)
    errors, _ = frictionless_errors(write(tmp_path, text))
    assert {e[1] for e in errors} == {"DELIB_DATE", "COLL_SIRET"}


def test_columns_are_the_schema_fields_in_order(public_world):
    header = scdl.csv_text(scdl.rows()).splitlines()[0].split(",")
    fields = json.loads(scdl.SCHEMA_PATH.read_text())["fields"]
    assert header == [f["name"] for f in fields]
    assert header[0] == "COLL_NOM" and header[-1] == "DELIB_URL"


def test_only_adopted_deliberations(public_world):
    table = scdl.rows()
    ids = [row["DELIB_ID"] for row in table]
    # Adopted by its scrutin, and numbered without a recorded result; not the rejected one,
    # nor a rapport of a séance not yet convoked.
    assert ids == ["2026.01", "2026.03"]


def test_a_row_in_detail(public_world):
    OpenDataSettings.objects.create(publish_documents=True)
    row = scdl.rows()[0]
    assert row["COLL_NOM"] == "Région Hauts-de-France"
    assert row["COLL_SIRET"] == "20005374200017"
    assert row["DELIB_DATE"] == "2026-03-12"
    assert row["DELIB_MATIERE_CODE"] == "8.7"
    assert row["DELIB_MATIERE_NOM"] == "domaines de compétences par thèmes/transports"
    assert row["DELIB_OBJET"] == "Plan vélo régional"
    # The council's results by group: 104 pour, 10 contre, 2 abstentions (NPPV not counted).
    assert (row["VOTE_EFFECTIF"], row["VOTE_REEL"]) == ("170", "116")
    assert (row["VOTE_POUR"], row["VOTE_CONTRE"], row["VOTE_ABSTENTION"]) == ("104", "10", "2")
    assert row["DELIB_URL"].endswith("/Plan-velo-rapport.pdf")
    assert row["BUDGET_ANNEE"] == row["BUDGET_NOM"] == row["PREF_ID"] == row["PREF_DATE"] == ""


def test_without_results_the_vote_columns_are_all_empty(public_world):
    row = scdl.rows()[1]
    assert row["DELIB_MATIERE_CODE"] == "5.3"  # « Désignation » in the title
    assert [row[c] for c in ("VOTE_EFFECTIF", "VOTE_REEL", "VOTE_POUR")] == ["", "", ""]
    assert row["DELIB_URL"] == ""  # documents are not published by default


@pytest.mark.parametrize(
    ("theme", "title", "code"),
    [
        ("Lycées", "Rénovation", "8.1"),
        ("Eau", "Agence", "8.8"),
        ("", "Réseau de bornes", "9.3"),  # "eau" inside a word is not water
        ("", "TER : avenant", "8.7"),
        ("Budget", "Budget primitif", "7.1"),
    ],
)
def test_matiere_from_themes_then_title(db, theme, title, code):
    report = ReportFactory(title=title)
    if theme:
        report.themes.add(Theme.objects.create(name=theme))
    assert scdl.matiere(report) == code
    assert scdl.MATIERES[code].split("/")[0] in {
        "institutions et vie politique",
        "finances locales",
        "domaines de compétences par thèmes",
        "autres domaines de compétences",
    }


def test_problems_catch_what_the_schema_states_in_prose(public_world):
    table = scdl.rows()
    table[0]["COLL_SIRET"] = "20005374200018"
    table[0]["VOTE_POUR"] = "105"
    table[1]["VOTE_EFFECTIF"] = "170"
    table[1]["DELIB_MATIERE_NOM"] = "finances locales/subventions"
    found = {(p.line, p.column) for p in scdl.problems(table)}
    assert found == {
        (2, "COLL_SIRET"),
        (2, "VOTE_REEL"),
        (3, "VOTE_EFFECTIF"),
        (3, "DELIB_MATIERE_NOM"),
    }


def test_nothing_private_in_the_csv(public_world):
    text = scdl.csv_text(scdl.rows())
    for secret in SECRETS.values():
        assert secret not in text


def test_nothing_published_when_seances_are_not(public_world):
    OpenDataSettings.objects.create(publish_sittings=False)
    assert scdl.rows() == []


# --- the command -------------------------------------------------------------------------


def test_command_writes_a_utf8_comma_separated_file(public_world, tmp_path):
    target = tmp_path / "deliberations.csv"
    target.write_text("ancien")
    out = io.StringIO()
    call_command("export_scdl", str(target), stdout=out)
    assert "2 délibération(s)" in out.getvalue()
    raw = target.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no BOM
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8"))))
    assert rows[0]["COLL_NOM"] == "Région Hauts-de-France"
    assert frictionless_errors(target)[0] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deliberations.csv", "media"]


def test_command_to_standard_output(public_world):
    out = io.StringIO()
    call_command("export_scdl", "-", stdout=out)
    assert out.getvalue().startswith("COLL_NOM,COLL_SIRET,")


def test_command_on_an_empty_database_writes_the_header(db, tmp_path):
    target = tmp_path / "vide.csv"
    call_command("export_scdl", str(target), stdout=io.StringIO())
    assert target.read_text("utf-8").splitlines() == [",".join(scdl.columns())]


def test_command_reports_an_unwritable_path(db, tmp_path):
    with pytest.raises(CommandError, match="Impossible d’écrire"):
        call_command("export_scdl", str(tmp_path / "absent" / "d.csv"))
    with pytest.raises(CommandError, match="est un dossier"):
        call_command("export_scdl", str(tmp_path))


def test_command_refuses_a_file_breaking_the_rules(public_world, tmp_path):
    # A SIRET saved before the form checked it (or edited in the admin): refused, not written.
    OpenDataSettings.objects.create(collectivity_siret="12345678901234")
    target = tmp_path / "d.csv"
    with pytest.raises(CommandError, match="COLL_SIRET"):
        call_command("export_scdl", str(target))
    assert not target.exists()
