"""The group's CSV template and the SCDL format: parsed whole, imported whole or not at all."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import Organisation
from hemicycle.sittings.imports import csv_format, scdl, service
from hemicycle.sittings.imports.base import AgendaImportError
from hemicycle.sittings.models import Report, Theme
from hemicycle.sittings.tests.import_support import (  # noqa: F401
    make_sitting,
    media_root_fixture,
    report_count,
    sitting_fixture,
)

pytestmark = pytest.mark.django_db

HEADER = "numero;titre;commissions;rapporteur;montant;themes;departements;beneficiaires;resume"
GOOD = (
    HEADER + "\n2026-0142;Cantines bio des lycées;lycees|AGRICULTURE;Mme Dupont;1 250 000,50;"
    "Alimentation|Éducation;59|Pas-de-Calais;Bio en Hauts-de-France;Aide au bio.\n"
    "2026-0143;Plan vélo;Commission Transports et mobilités;M. Martin;350000;Mobilités;"
    "80;;\n"
)
SCDL_HEADER = (
    "COLL_NOM,COLL_SIRET,DELIB_ID,DELIB_DATE,DELIB_MATIERE_CODE,DELIB_MATIERE_NOM,DELIB_OBJET,"
    "BUDGET_ANNEE,BUDGET_NOM,PREF_ID,PREF_DATE,VOTE_EFFECTIF,VOTE_REEL,VOTE_POUR,VOTE_CONTRE,"
    "VOTE_ABSTENTION,DELIB_URL"
)
# 20005379700011 : a SIRET whose Luhn key is right (checked below).
SCDL_GOOD = (
    SCDL_HEADER + "\nRégion Hauts-de-France,20005379700011,CP-2026-01,2026-03-02,7.5,"
    "Finances locales/Subventions,Aide aux tiers-lieux,2026,Budget principal,PREF059,"
    "2026-03-05,55,50,40,6,4,https://example.org/d1.pdf\n"
    "Région Hauts-de-France,20005379700011,CP-2026-02,2026-03-02,8.1,Enseignement,"
    "Lycées : travaux,,,,,,,,,,\n"
)


def _import(sitting, content, kind="csv", name="odj.csv", dry_run=False):
    rows = service.parse_table(
        kind, content.encode() if isinstance(content, str) else content, name
    )
    return service.import_reports(
        sitting=sitting, rows=rows, acting_user=None, source=kind, dry_run=dry_run
    )


def _issues(sitting, content, kind="csv"):
    before = report_count(), AuditEntry.objects.count(), Theme.objects.count()
    with pytest.raises(AgendaImportError) as caught:
        _import(sitting, content, kind)
    assert (report_count(), AuditEntry.objects.count(), Theme.objects.count()) == before
    return [(i.line, i.field, i.message) for i in caught.value.issues]


def test_template_csv_creates_rapports_in_file_order(sitting):
    summary = _import(sitting, "\ufeff" + GOOD)
    assert summary.created == 2
    first, second = Report.objects.filter(sitting=sitting).order_by("order")
    assert (first.number, first.title, first.amount) == (
        "2026-0142",
        "Cantines bio des lycées",
        Decimal("1250000.50"),
    )
    assert sorted(first.commissions.values_list("short_name", flat=True)) == [
        "Agriculture",
        "Lycées",
    ]
    assert sorted(first.themes.values_list("name", flat=True)) == ["Alimentation", "Éducation"]
    assert sorted(first.departments.values_list("section", flat=True)) == ["59", "62"]
    assert list(first.beneficiaries.values_list("name", flat=True)) == ["Bio en Hauts-de-France"]
    assert first.rapporteur == "Mme Dupont" and first.summary == "Aide au bio."
    assert second.amount == Decimal("350000") and second.order > first.order
    entry = AuditEntry.objects.get(action="sittings.agenda_imported")
    assert entry.changes["created"] == 2 and entry.target_id == str(sitting.pk)


def test_comma_separator_and_existing_theme_reused(sitting):
    Theme.objects.create(name="Mobilités")
    Organisation.objects.create(name="SNCF Voyageurs")
    _import(
        sitting, 'numero,titre,themes,beneficiaires\n12,"Trains, TER",mobilites,sncf voyageurs\n'
    )
    assert Theme.objects.filter(name__iexact="mobilités").count() == 1
    assert Organisation.objects.count() == 1
    assert Report.objects.get().title == "Trains, TER"


def test_dry_run_writes_nothing(sitting):
    summary = _import(sitting, GOOD, dry_run=True)
    assert summary.created == 2 and summary.new_themes == ["Alimentation", "Éducation", "Mobilités"]
    assert report_count() == 0 and Theme.objects.count() == 0


def test_downloadable_template_imports(sitting):
    from django.contrib.staticfiles import finders

    content = open(finders.find("sittings/modele-ordre-du-jour.csv"), "rb").read()  # noqa: SIM115
    assert _import(sitting, content).created == 2


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", (0, "", "Le fichier est vide.")),
        ("\ufeff  \n", (0, "", "Le fichier est vide.")),
        (HEADER + "\n", (0, "", "Le fichier ne contient aucun rapport : seulement l’en-tête.")),
        ("numero\ttitre\n1\tA\n", (1, "", "Les colonnes de l’en-tête ne sont pas séparées")),
        (
            "numero;intitule\n1;A\n",
            (1, "", "Colonnes obligatoires manquantes dans l’en-tête : « titre »"),
        ),
        (HEADER + "\n;Sans numéro;;;;;;;\n", (2, "numero", "Le numéro du rapport est vide.")),
        (HEADER + "\n7;;;;;;;;\n", (2, "titre", "L’intitulé du rapport est vide.")),
        ("numero;titre\n1;A\n\n1;B\n", (4, "numero", "Le numéro « 1 » figure déjà ligne 2")),
        ("numero;titre;montant\n1;A;beaucoup\n", (2, "montant", "Montant illisible « beaucoup »")),
        ("numero;titre;montant\n1;A;12,345\n", (2, "montant", "Montant illisible")),
        ("numero;titre;departements\n1;A;75\n", (2, "departements", "Département inconnu « 75 »")),
        (
            "numero;titre;commissions\n1;A;Culture\n",
            (2, "commissions", "Commission inconnue « Culture »"),
        ),
        ('numero;titre\n1;"multi\nligne"\n2;A;trop\n', (4, "", "Cette ligne a 3 colonnes")),
    ],
)
def test_bad_template_files_are_refused_whole(sitting, content, expected):
    issues = _issues(sitting, content)
    line, field, message = expected
    assert any(i[0] == line and i[1] == field and i[2].startswith(message) for i in issues), issues


def test_wrong_encoding_says_how_to_fix(sitting):
    content = "numero;titre\n1;Égalité\n".encode("cp1252")
    [(line, _, message)] = _issues(sitting, content)
    assert line == 2
    assert "n’est pas encodé en UTF-8" in message and "« CSV UTF-8 »" in message


def test_number_already_in_the_sitting(sitting):
    Report.objects.create(sitting=sitting, number="2026-0143", title="Déjà là")
    issues = _issues(sitting, GOOD)
    assert issues == [
        (3, "numero", "Un rapport porte déjà le numéro « 2026-0143 » dans cette séance.")
    ]


def test_every_bad_line_is_listed(sitting):
    issues = _issues(sitting, "numero;titre;montant\n;A;x\n2;;1\n3;C;-1\n")
    assert [(i[0], i[1]) for i in issues] == [
        (2, "numero"),
        (2, "montant"),
        (3, "titre"),
        (4, "montant"),
    ]


def test_amount_formats():
    parse = csv_format.parse_amount
    assert parse("1 234 567,89") == Decimal("1234567.89")
    assert parse("1\u202f234,5 €") == Decimal("1234.5")
    assert parse("1.234.567,89") == Decimal("1234567.89")
    assert parse("1234567.89") == Decimal("1234567.89")
    for bad in ("", "1,2,3", "12,345", "1e5", "-3", "NaN", "9" * 13):
        with pytest.raises(ValueError):
            parse(bad)


# --- SCDL -------------------------------------------------------------------------------


def test_scdl_maps_the_schema_fields(sitting):
    assert scdl.siret_ok("20005379700011")
    summary = _import(sitting, SCDL_GOOD, kind="scdl", name="deliberations.csv")
    assert summary.created == 2
    report = Report.objects.get(number="CP-2026-01")
    assert report.title == "Aide aux tiers-lieux"
    assert report.deliberation_number == "CP-2026-01"
    assert list(report.themes.values_list("name", flat=True)) == ["Finances locales/Subventions"]
    assert "40 pour, 6 contre, 4 abstention(s)" in report.summary
    assert report.amount is None


def test_detect_format():
    assert service.detect_format("a.csv", SCDL_HEADER.encode()) == "scdl"
    assert service.detect_format("a.csv", HEADER.encode()) == "csv"
    assert service.detect_format("a.zip", b"PK\x03\x04") == "pdf"
    assert service.detect_format("a.bin", b"%PDF-1.7") == "pdf"


def _scdl_row(**changes):
    values = dict(
        zip(
            SCDL_HEADER.split(","),
            SCDL_GOOD.splitlines()[1].split(","),
            strict=True,
        )
    )
    values.update(changes)
    return SCDL_HEADER + "\n" + ",".join(values.values()) + "\n"


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"COLL_SIRET": "20005379700012"}, "COLL_SIRET", "n’est pas valide (clé de contrôle)"),
        ({"COLL_SIRET": "2000537230"}, "COLL_SIRET", "attendu 14 chiffres"),
        ({"DELIB_OBJET": ""}, "DELIB_OBJET", "Champ obligatoire vide."),
        ({"DELIB_DATE": "02/03/2026"}, "DELIB_DATE", "attendu AAAA-MM-JJ"),
        ({"PREF_DATE": "2026-03-01"}, "PREF_DATE", "précède la délibération"),
        ({"DELIB_MATIERE_CODE": "75"}, "DELIB_MATIERE_CODE", "invalide"),
        ({"VOTE_POUR": "41"}, "VOTE_REEL", "Pour, contre et abstentions font 51"),
        ({"VOTE_REEL": "60", "VOTE_POUR": "50"}, "VOTE_REEL", "Plus de votant·es"),
        ({"VOTE_CONTRE": ""}, "VOTE_EFFECTIF", "Les colonnes de vote se renseignent ensemble"),
        ({"VOTE_POUR": "quarante"}, "VOTE_POUR", "n’est pas un nombre entier"),
        ({"BUDGET_ANNEE": "2027/2026"}, "BUDGET_ANNEE", "La seconde année"),
        ({"BUDGET_NOM": ""}, "BUDGET_NOM", "se renseignent ensemble"),
        ({"DELIB_URL": "pas une adresse"}, "DELIB_URL", "invalide"),
    ],
)
def test_scdl_rules(sitting, changes, field, message):
    issues = _issues(sitting, _scdl_row(**changes), kind="scdl")
    assert any(i[0] == 2 and i[1] == field and message in i[2] for i in issues), issues


def test_scdl_missing_required_columns(sitting):
    [(line, _, message)] = _issues(sitting, "DELIB_ID,DELIB_OBJET\n1,A\n", kind="scdl")
    assert line == 1 and "« COLL_NOM »" in message and "« DELIB_DATE »" in message


def test_scdl_duplicate_id(sitting):
    content = SCDL_GOOD + SCDL_GOOD.splitlines()[1] + "\n"
    assert (
        4,
        "DELIB_ID",
        "Le numéro « CP-2026-01 » figure déjà ligne 2 de ce fichier.",
    ) in _issues(sitting, content, kind="scdl")


# --- Hostile input ------------------------------------------------------------------------

lines = st.lists(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=6
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.binary(max_size=300) | lines.map(lambda ls: "\n".join(ls).encode()))
def test_parsers_only_raise_import_errors_on_garbage(data):
    for parse in (csv_format.parse, scdl.parse):
        try:
            rows = parse(data, "x.csv")
        except AgendaImportError as exc:
            assert exc.issues
        else:
            assert rows


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    index=st.integers(min_value=0, max_value=3),
    mutation=st.text(max_size=30),
    kind=st.sampled_from(["csv", "scdl"]),
)
def test_mutated_lines_never_write_half(sitting, index, mutation, kind):
    lines_ = (GOOD if kind == "csv" else SCDL_GOOD).splitlines()
    lines_[index % len(lines_)] = mutation
    before = report_count()
    try:
        summary = _import(sitting, "\n".join(lines_), kind=kind, dry_run=True)
    except AgendaImportError:
        pass
    else:
        assert summary.created >= 1
    assert report_count() == before
