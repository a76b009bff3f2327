"""The RNE parser: every published variant reads the same; every bad input says where."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hemicycle.council import rne
from hemicycle.council.tests.rne_files import (
    FIRST_EDITION,
    HEADER,
    LATER_EDITION,
    person,
    read_records,
    render,
    small_file,
)

HEADER_LINE, ROWS = read_records()


def _issues(content: bytes, **kwargs) -> list[rne.RneIssue]:
    with pytest.raises(rne.RneError) as caught:
        rne.parse(content, "test.csv", **kwargs)
    return caught.value.issues


def test_first_edition_has_the_170_councillors_of_the_region():
    rows = rne.parse(FIRST_EDITION.read_bytes())
    assert len(rows) == 170
    sections = {
        code: sum(1 for r in rows if r.section == code) for code in rne.REGION_SECTIONS["32"]
    }
    assert sections == {"02": 17, "59": 72, "60": 20, "62": 46, "80": 15}
    assert sum(r.function == "Président du conseil régional" for r in rows) == 1
    assert sum(r.function == "Vice-président du conseil régional" for r in rows) == 15
    vasseur = next(r for r in rows if r.last_name == "Vasseur")
    assert vasseur.first_name == "Claire"
    assert vasseur.birth_date == dt.date(1974, 3, 12)
    assert vasseur.section == "59"
    assert vasseur.line > 1


def test_the_two_editions_are_written_in_different_variants():
    first, later = FIRST_EDITION.read_bytes(), LATER_EDITION.read_bytes()
    assert not first.startswith(b"\xef\xbb\xbf") and b"\r\n" not in first
    assert first.startswith(b'"Code de la r')
    assert later.startswith(b"\xef\xbb\xbf") and b"\r\n" in later
    assert b";2;Aisne;" in later and b"-07-02" in later
    assert len(rne.parse(later)) == 170


@pytest.mark.parametrize(
    "variant",
    [
        {"quoted": False},
        {"crlf": True},
        {"bom": True},
        {"iso": True},
        {"strip_zeros": True},
        {"region_width": 3},
        {"quoted": False, "crlf": True, "bom": True, "iso": True, "strip_zeros": True},
    ],
    ids=["unquoted", "crlf", "bom", "iso", "no-leading-zero", "region-032", "all"],
)
def test_every_variant_reads_the_same_rows(variant):
    reference = rne.parse(render(HEADER_LINE, ROWS))
    assert rne.parse(render(HEADER_LINE, ROWS, **variant)) == reference


def test_header_names_are_matched_without_case_accents_or_apostrophe_style():
    header = [
        label.upper().replace("'", "’").replace("É", "E").replace("È", "E") for label in HEADER
    ]
    # Columns may also come in another order.
    order = list(reversed(range(len(HEADER))))
    content = render([header[i] for i in order], [[row[i] for i in order] for row in ROWS])
    assert rne.parse(content) == rne.parse(render(HEADER_LINE, ROWS))


def test_region_filter_and_other_regions():
    assert {r.region_code for r in rne.parse(FIRST_EDITION.read_bytes(), region="032")} == {"32"}
    ile_de_france = rne.parse(FIRST_EDITION.read_bytes(), region="11")
    assert len(ile_de_france) == 16
    assert {r.section for r in ile_de_france} <= {"75", "77", "78", "91", "92", "93", "94", "95"}


def test_match_key_ignores_case_accents_hyphens_and_apostrophes():
    birth = dt.date(1970, 1, 1)
    assert rne.match_key("N’Diaye", "Marie-Hélène", birth) == rne.match_key(
        "n'diaye", "MARIE HELENE", birth
    )
    assert rne.match_key("Van de Walle", "Zoé", birth) == rne.match_key(
        "VAN-DE-WALLE", "Zoe", birth
    )
    assert rne.match_key("Dupont", "Zoé", birth) != rne.match_key("Dupond", "Zoé", birth)


def test_blank_lines_and_padding_spaces_are_ignored():
    content = small_file(person("  Dupont ", " Jeanne  ")) + b"\n\n;;;\n"
    [row] = rne.parse(content)
    assert (row.last_name, row.first_name) == ("Dupont", "Jeanne")


# --- Bad input: the line, the column and a French message ------------------------------


def test_not_utf8_gives_the_line():
    content = small_file(person("Dupont", "Jeanne"), person("Durand", "Zoé"))
    content = content.replace("Zoé".encode(), "Zoé".encode("latin-1"))
    [issue] = _issues(content)
    assert issue.line == 3
    assert issue.message.startswith("Le fichier n’est pas encodé en UTF-8 (ligne 3)")


@pytest.mark.parametrize("content", [b"", b"\n\r\n  \n", "\ufeff".encode()])
def test_empty_file(content):
    [issue] = _issues(content)
    assert issue.message == "Le fichier est vide."


def test_comma_separated_file_names_the_separator():
    content = render(HEADER, [person("Dupont", "Jeanne")]).replace(b";", b",")
    [issue] = _issues(content)
    assert issue.line == 1
    assert "points-virgules" in issue.message


def test_missing_columns_are_named():
    keep = [i for i, label in enumerate(HEADER) if label not in ("Code sexe", "Date de naissance")]
    content = render([HEADER[i] for i in keep], [[person("Dupont", "Jeanne")[i] for i in keep]])
    [issue] = _issues(content)
    assert issue.line == 1
    assert "« Code sexe »" in issue.message
    assert "« Date de naissance »" in issue.message
    assert "Nom de l’élu" not in issue.message


@pytest.mark.parametrize(
    ("row", "field", "fragment"),
    [
        (person("Dupont", "Jeanne", birth="31/02/1970"), "Date de naissance", "« 31/02/1970 »"),
        (person("Dupont", "Jeanne", birth="1970"), "Date de naissance", "JJ/MM/AAAA"),
        (person("Dupont", "Jeanne", birth=""), "Date de naissance", "vide"),
        (person("Dupont", "Jeanne", sex="X"), "Code sexe", "« X » inconnu"),
        (person("", "Jeanne"), "Nom de l’élu", "Le nom est vide"),
        (person("Dupont", ""), "Prénom de l’élu", "Le prénom est vide"),
        (person("---", "Jeanne"), "Nom de l’élu", "aucune lettre"),
        (
            person("Dupont", "Jeanne", section="75"),
            "Code de la section départementale",
            "02, 59, 60, 62, 80",
        ),
        (person("Dupont", "Jeanne", birth="01/01/2030"), "Date de naissance", "précéder"),
        (person("D" * 101, "Jeanne"), "Nom de l’élu", "100 caractères"),
        (person("Du\x00pont", "Jeanne"), "Nom de l’élu", "contrôle"),
    ],
)
def test_bad_row_names_line_and_field(row, field, fragment):
    content = small_file(person("Martin", "Zoé"), row)
    issues = _issues(content)
    assert [(i.line, i.field) for i in issues] == [(3, field)]
    assert fragment in issues[0].message
    assert str(issues[0]).startswith(f"ligne 3, champ « {field} » : ")


def test_duplicate_person_points_to_the_first_line():
    content = small_file(
        person("Dupont", "Jeanne"), person("Martin", "Zoé"), person("DUPONT", "jeanne")
    )
    [issue] = _issues(content)
    assert (issue.line, issue.field) == (4, "Nom de l’élu")
    assert "figure déjà ligne 2" in issue.message


def test_short_row():
    content = small_file(person("Dupont", "Jeanne")) + b'"32";"Hauts-de-France";"59"\n'
    [issue] = _issues(content)
    assert issue.line == 3
    assert "3 colonne(s) au lieu de 13" in issue.message


def test_no_row_for_the_region():
    [issue] = _issues(FIRST_EDITION.read_bytes(), region="84")
    assert "Aucune ligne pour la région 84" in issue.message


def test_every_bad_row_is_reported_at_once():
    content = small_file(person("Dupont", "Jeanne", sex="?"), person("Martin", "Zoé", birth="hier"))
    assert [(i.line, i.field) for i in _issues(content)] == [
        (2, "Code sexe"),
        (3, "Date de naissance"),
    ]


def test_rows_of_other_regions_are_not_validated():
    content = small_file(
        person("Dupont", "Jeanne"), person("Martin", "Zoé", region="11", section="75", sex="?")
    )
    assert [r.last_name for r in rne.parse(content)] == ["Dupont"]


# --- Hostile input never escapes as anything but RneError --------------------------------


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_arbitrary_bytes_raise_only_rne_error(content):
    try:
        rows = rne.parse(content)
    except rne.RneError as exc:
        assert exc.issues
    else:
        assert rows


_header_bytes = render(HEADER, []).decode()


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.text(max_size=30), min_size=0, max_size=15).map(lambda f: ";".join(f)),
        max_size=8,
    ),
    st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_arbitrary_rows_after_a_valid_header_raise_only_rne_error(lines, newline):
    content = (_header_bytes.rstrip("\n") + newline + newline.join(lines)).encode(
        "utf-8", "surrogatepass"
    )
    try:
        rne.parse(content)
    except rne.RneError as exc:
        assert all(isinstance(i.line, int) for i in exc.issues)


def test_fixtures_are_what_the_generator_writes(tmp_path):
    import importlib.util

    script = FIRST_EDITION.parent / "make_demo_rne.py"
    spec = importlib.util.spec_from_file_location("make_demo_rne", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    for fixture in (FIRST_EDITION, LATER_EDITION):
        assert (tmp_path / fixture.name).read_bytes() == fixture.read_bytes()


def test_the_demo_group_is_in_the_fixture_as_people_py_describes_it():
    from hemicycle.demo.people import COUNCILLORS

    rows = {r.match_key: r for r in rne.parse(FIRST_EDITION.read_bytes())}
    for _civ, first, last, sex, birth, section, *_rest, code, profession in COUNCILLORS:
        row = rows[rne.match_key(last, first, birth)]
        assert (row.last_name, row.first_name, row.sex, row.section) == (last, first, sex, section)
        assert (row.profession_code, row.profession) == (code, profession)
