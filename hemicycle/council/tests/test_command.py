"""`manage.py import_rne`: the same import as the web page, for scripts and cron."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from hemicycle.council.models import RosterImport, RosterMember
from hemicycle.council.tests.factories import TermFactory
from hemicycle.council.tests.rne_files import (
    FIRST_EDITION,
    LATER_EDITION,
    person,
    small_file,
)

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("import_rne", *args, stdout=out)
    return out.getvalue()


def test_import_then_reimport():
    TermFactory()
    output = _run(str(FIRST_EDITION))
    assert "Arrivées : 170" in output
    assert "Import terminé." in output
    output = _run(str(LATER_EDITION))
    assert "Arrivées : 3" in output
    assert "Départs : 3" in output
    assert "Mises à jour : 4" in output
    assert "Fonction : " in output
    assert "Sans changement : 163" in output
    assert RosterMember.objects.filter(status="active").count() == 170
    assert RosterImport.objects.count() == 2


def test_dry_run_writes_nothing():
    TermFactory()
    output = _run(str(FIRST_EDITION), "--dry-run")
    assert "Simulation : rien n’a été enregistré." in output
    assert "Arrivées : 170" in output
    assert RosterMember.objects.count() == 0
    assert RosterImport.objects.count() == 0


def test_uses_the_most_recent_term():
    import datetime as dt

    TermFactory(name="Ancienne", start_date=dt.date(2015, 12, 18), end_date=dt.date(2021, 7, 1))
    current = TermFactory()
    _run(str(FIRST_EDITION))
    assert set(RosterMember.objects.values_list("term", flat=True)) == {current.pk}


def test_region_must_be_the_terms():
    TermFactory()
    assert "région 32 : 170 élu·es" in _run(str(FIRST_EDITION), "--region", "032", "--dry-run")
    with pytest.raises(CommandError, match="concerne la région 32"):
        _run(str(FIRST_EDITION), "--region", "28")


def test_bad_rows_exit_with_their_line_and_field(tmp_path):
    TermFactory()
    path = tmp_path / "rne.csv"
    path.write_bytes(small_file(person("Dupont", "Jeanne", sex="X"), person("", "Zoé")))
    with pytest.raises(CommandError) as caught:
        _run(str(path))
    message = str(caught.value)
    assert "rien n’a été modifié" in message
    assert "ligne 2, champ « Code sexe » : Code sexe « X » inconnu" in message
    assert "ligne 3, champ « Nom de l’élu » : Le nom est vide." in message
    assert RosterMember.objects.count() == 0


def test_without_term():
    with pytest.raises(CommandError, match="Aucune mandature"):
        _run(str(FIRST_EDITION))


def test_missing_file(tmp_path):
    TermFactory()
    with pytest.raises(CommandError, match="Impossible de lire"):
        _run(str(tmp_path / "absent.csv"))
