"""Importing the council's results by group: all or nothing, every error located in French."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemicycle.core.models import AuditEntry
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.sittings.tests.factories import ReportFactory, SittingFactory
from hemicycle.votes import results_import
from hemicycle.votes.models import GroupResult, VoteEvent
from hemicycle.votes.results_import import ResultsImportError, import_results

pytestmark = pytest.mark.django_db

HEADER = "scrutin;groupe;pour;contre;abstention;nppv"


@pytest.fixture
def events(world):
    sitting = SittingFactory(
        body=BodyFactory(term=world["term"], name="Séance plénière"),
        starts_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),
    )
    velo = VoteEvent.objects.create(
        sitting=sitting,
        report=ReportFactory(sitting=sitting, number="2026-0150"),
        title="Plan vélo",
        order=1,
    )
    lycees = VoteEvent.objects.create(
        sitting=sitting,
        report=ReportFactory(sitting=sitting, number="2026-0151"),
        title="Lycées",
        order=2,
    )
    return {"velo": velo, "lycees": lycees, "sitting": sitting}


def _content(*lines, header=HEADER, sep=";", eol="\n", bom=False):
    text = eol.join([header.replace(";", sep), *(line.replace(";", sep) for line in lines)]) + eol
    return (("\ufeff" if bom else "") + text).encode("utf-8")


def _import(content, user, name="resultats.csv", **kwargs):
    return import_results(file_name=name, content=content, acting_user=user, **kwargs)


def _state():
    return (
        sorted(
            GroupResult.objects.values_list(
                "vote_event", "council_group", "pour", "contre", "abstention", "nppv"
            )
        ),
        sorted(VoteEvent.objects.values_list("pk", "result", "version", "result_recorded_at")),
        AuditEntry.objects.count(),
    )


def _errors(content, user):
    before = _state()
    with pytest.raises(ResultsImportError) as caught:
        _import(content, user)
    assert _state() == before
    return [str(issue) for issue in caught.value.issues]


# --- successful imports ------------------------------------------------------------------


def test_import_writes_results_sets_the_result_and_audits(persona, events, world):
    velo, lycees = events["velo"], events["lycees"]
    content = _content(
        f"{velo.pk};GES;14;0;0;0",
        "2026-0150;soc;12;0;0;0",
        "2026-0150;Groupe Majoritaire;0;90;3;3",
        "2026-0151;maj;90;0;0;0",
        "2026-0151;Groupe socialiste;0;12;0;0",
    )
    summary = _import(content, persona("secretariat"))
    assert summary.rows == 5
    velo.refresh_from_db()
    lycees.refresh_from_db()
    assert velo.result == "rejete"  # 26 pour, 90 contre
    assert lycees.result == "adopte"
    assert velo.version == 2 and velo.result_recorded_at is not None
    rival = GroupResult.objects.get(vote_event=velo, council_group=world["rival"])
    assert (rival.pour, rival.contre, rival.abstention, rival.nppv) == (0, 90, 3, 3)
    entries = AuditEntry.objects.filter(action="votes.results_imported")
    assert entries.count() == 2
    entry = entries.get(target_id=str(velo.pk))
    assert entry.actor == persona("secretariat")
    assert entry.changes["result"] == ["", "rejete"]
    assert entry.changes["groupe MAJ"] == [None, "0/90/3/3"]


def test_comma_separator_bom_and_crlf_are_accepted(persona, events):
    content = _content("2026-0150,GES,10,2,1,1", sep=",", eol="\r\n", bom=True)
    _import(content, persona("staff"))
    events["velo"].refresh_from_db()
    assert events["velo"].result == "adopte"


def test_group_names_ignore_case_and_accents(persona, events, world):
    world["ally"].name = "Groupe Ouvrière et Paysanne"
    world["ally"].save()
    _import(_content("2026-0150;groupe ouvriere  et PAYSANNE;3;0;0;0"), persona("secretariat"))
    assert GroupResult.objects.get(council_group=world["ally"]).pour == 3


def test_reimport_updates_in_place_and_totals_keep_other_groups(persona, events, world):
    user = persona("secretariat")
    _import(_content("2026-0150;MAJ;90;0;0;0", "2026-0150;GES;0;14;0;0"), user)
    summary = _import(_content("2026-0150;GES;0;10;4;0"), user, dry_run=True)
    preview = summary.events[0]
    assert preview.lines[0].previous == (0, 14, 0, 0)
    assert preview.totals == (90, 10, 4, 0)  # MAJ kept from the first import
    _import(_content("2026-0150;GES;0;10;4;0"), user)
    assert GroupResult.objects.filter(vote_event=events["velo"]).count() == 2
    own = GroupResult.objects.get(vote_event=events["velo"], council_group=world["own"])
    assert (own.contre, own.abstention) == (10, 4)
    events["velo"].refresh_from_db()
    assert events["velo"].version == 3


def test_a_tie_waits_for_the_presidents_casting_vote(persona, events):
    summary = _import(
        _content("2026-0150;MAJ;12;0;0;0", "2026-0150;SOC;0;12;0;0"),
        persona("secretariat"),
        dry_run=True,
    )
    assert summary.events[0].status == "égalité : voix prépondérante à saisir"
    assert summary.events[0].result == ""
    _import(_content("2026-0150;MAJ;12;0;0;0", "2026-0150;SOC;0;12;0;0"), persona("secretariat"))
    velo = events["velo"]
    velo.refresh_from_db()
    assert velo.result == "" and velo.result_recorded_at is None
    assert GroupResult.objects.filter(vote_event=velo).count() == 2
    entry = AuditEntry.objects.get(action="votes.results_imported")
    assert entry.note == "égalité : voix prépondérante à saisir"


def test_a_tie_with_the_casting_vote_recorded_is_decided(persona, events):
    events["velo"].tie_break = "contre"
    events["velo"].save()
    _import(_content("2026-0150;MAJ;12;0;0;0", "2026-0150;SOC;0;12;0;0"), persona("secretariat"))
    events["velo"].refresh_from_db()
    assert events["velo"].result == "rejete"


def test_dry_run_writes_nothing(persona, events):
    before = _state()
    summary = _import(_content("2026-0150;GES;10;2;1;1"), persona("secretariat"), dry_run=True)
    assert summary.events[0].status == "adopté"
    assert _state() == before


@pytest.mark.parametrize("name", ["president", "bureau", "councillor", "partner", "observer"])
def test_only_secretariat_and_staff_may_import(persona, events, name):
    from django.core.exceptions import PermissionDenied

    before = _state()
    with pytest.raises(PermissionDenied):
        _import(_content("2026-0150;GES;10;2;1;1"), persona(name))
    assert _state() == before


# --- one example per error message ---------------------------------------------------------


def test_unknown_group_names_the_file_line_and_column(persona, events):
    content = _content("2026-0150;GES;1;0;0;0", "2026-0150;SOC;1;0;0;0", "2026-0150;XYZ;1;0;0;0")
    assert _errors(content, persona("secretariat")) == [
        "« resultats.csv » : Le groupe « XYZ » n’existe pas dans ce conseil (ligne 4, colonne groupe)"
    ]


def test_unknown_scrutin(persona, events):
    assert _errors(_content("2099-9999;GES;1;0;0;0"), persona("secretariat")) == [
        "« resultats.csv » : Le scrutin « 2099-9999 » n’existe pas : indiquez le numéro du "
        "scrutin ou celui du rapport mis aux voix (ligne 2, colonne scrutin)"
    ]


def test_an_ambiguous_rapport_number_asks_for_the_scrutin(persona, events, world):
    sitting = SittingFactory(body=events["sitting"].body)
    VoteEvent.objects.create(
        sitting=sitting, report=ReportFactory(sitting=sitting, number="2026-0150"), title="Bis"
    )
    [message] = _errors(_content("2026-0150;GES;1;0;0;0"), persona("secretariat"))
    assert "« 2026-0150 » désigne plusieurs scrutins" in message
    assert message.endswith("(ligne 2, colonne scrutin)")


@pytest.mark.parametrize("value", ["", "douze", "1,5", "-3", "2.0", "1e3"])
def test_non_integer_counts(persona, events, value):
    [message] = _errors(_content(f"2026-0150;GES;1;{value};0;0"), persona("secretariat"))
    shown = value or "vide"
    assert message == (
        f"« resultats.csv » : « {shown} » n’est pas un nombre entier de voix "
        "(0 s’il n’y en a aucune) (ligne 2, colonne contre)"
    )


def test_a_count_above_the_groups_seats(persona, events):
    assert _errors(_content("2026-0150;GES;15;0;0;0"), persona("secretariat")) == [
        "« resultats.csv » : 15 voix « pour » pour le groupe GES, qui ne compte que 14 élu·es "
        "(ligne 2, colonne pour)"
    ]


def test_a_total_above_the_groups_seats(persona, events):
    assert _errors(_content("2026-0150;GES;10;5;0;0"), persona("secretariat")) == [
        "« resultats.csv » : 15 voix en tout pour le groupe GES, qui ne compte que 14 élu·es "
        "(ligne 2, colonne pour à nppv)"
    ]


def test_the_same_scrutin_and_group_twice(persona, events):
    content = _content(f"{events['velo'].pk};GES;1;0;0;0", "2026-0150;ges;2;0;0;0")
    assert _errors(content, persona("secretariat")) == [
        "« resultats.csv » : Le groupe « ges » a déjà un résultat pour le scrutin « 2026-0150 » "
        "ligne 2 de ce fichier (ligne 3, colonne groupe)"
    ]


def test_every_bad_line_is_reported_and_nothing_is_written(persona, events):
    content = _content("2026-0150;GES;1;0;0;0", "2026-0150;XYZ;1;0;0;0", "2026-0151;GES;a;0;0;0")
    messages = _errors(content, persona("secretariat"))
    assert [m.rsplit("(", 1)[1] for m in messages] == [
        "ligne 3, colonne groupe)",
        "ligne 4, colonne pour)",
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "« resultats.csv » : Le fichier est vide"),
        (b"\xff\xfe;;", "Le fichier n’est pas encodé en UTF-8"),
        (b"scrutin groupe pour\n", "ni par des virgules"),
        (b"scrutin;groupe;pour\n1;GES;1\n", "Colonnes manquantes dans l’en-tête : « contre »"),
        (HEADER.encode() + b";commentaire\n", "Colonnes inconnues : « commentaire »"),
        (HEADER.encode() + b"\n", "Le fichier ne contient aucune ligne de résultats"),
        (HEADER.encode() + b'\n"2026-0150;GES;1;0;0;0\n', "n’est pas refermé"),
        (HEADER.encode() + b"\n2026-0150;GES;1;0;0;0;9\n", "l’en-tête en a 6"),
        (b"scrutin;groupe\x00\n", "caractère nul"),
    ],
)
def test_file_level_errors(persona, events, content, expected):
    messages = _errors(content, persona("secretariat"))
    assert any(expected in message for message in messages), messages


# --- hostile input -------------------------------------------------------------------------

_HYPOTHESIS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_HYPOTHESIS
@given(content=st.binary(max_size=400))
def test_arbitrary_bytes_never_crash_nor_write(persona, events, content):
    _attempt(content, persona("secretariat"))


@_HYPOTHESIS
@given(text=st.text(max_size=300))
def test_arbitrary_text_never_crashes_nor_writes(persona, events, text):
    _attempt(text.encode("utf-8"), persona("secretariat"))


_CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        ["", "0", "14", "15", "99999", "-1", "GES", "soc", "XYZ", "2026-0150", "2026-0151",
         "1", "999999999999", '"', ";", ",", "\r\n", "é" * 300, "０"]
    ),
)  # fmt: skip


@_HYPOTHESIS
@given(
    rows=st.lists(st.lists(_CELLS, min_size=0, max_size=8), max_size=6), sep=st.sampled_from(";,")
)
def test_mutated_rows_are_all_or_nothing(persona, events, rows, sep):
    lines = [HEADER.replace(";", sep)] + [sep.join(cells) for cells in rows]
    _attempt("\n".join(lines).encode("utf-8"), persona("secretariat"))


def _attempt(content, user):
    """Either every line is recorded, or the file is refused with located issues and the
    database is as before."""
    with transaction.atomic():
        before = _state()
        try:
            summary = _import(content, user)
        except ResultsImportError as exc:
            assert exc.issues
            assert all(isinstance(str(issue), str) for issue in exc.issues)
            assert _state() == before
        else:
            for preview in summary.events:
                for line in preview.lines:
                    stored = GroupResult.objects.get(
                        vote_event=preview.vote_event, council_group=line.council_group
                    )
                    assert (
                        stored.pour,
                        stored.contre,
                        stored.abstention,
                        stored.nppv,
                    ) == line.counts
            assert AuditEntry.objects.count() == before[2] + len(summary.events)
        transaction.set_rollback(True)


# --- views ---------------------------------------------------------------------------------


def _upload(client, content, name="resultats.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("votes:results_import_upload"),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_upload_preview_confirm(client_for, events):
    client = client_for("staff")
    assert client.get(reverse("votes:results_import_upload")).status_code == 200
    response = _upload(
        client,
        _content("2026-0150;GES;10;2;1;1", "2026-0151;MAJ;12;0;0;0", "2026-0151;SOC;0;12;0;0"),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("votes:results_import_preview")
    preview = client.get(reverse("votes:results_import_preview"))
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Rien n’a encore été enregistré" in page
    assert "adopté" in page
    assert "égalité : voix prépondérante à saisir" in page
    assert GroupResult.objects.count() == 0
    sha256 = preview.context["pending"]["sha256"]
    response = client.post(
        reverse("votes:results_import_preview"), {"action": "confirm", "sha256": sha256}
    )
    assert response.status_code == 302
    assert GroupResult.objects.count() == 3
    events["velo"].refresh_from_db()
    assert events["velo"].result == "adopte"
    # The pending file is gone: the preview sends back to the upload form.
    assert client.get(reverse("votes:results_import_preview")).status_code == 302


def test_preview_shows_located_errors_and_confirm_writes_nothing(client_for, events):
    client = client_for("secretariat")
    _upload(client, _content("2026-0150;GES;1;0;0;0", "2026-0150;XYZ;1;0;0;0"), name="conseil.csv")
    page = client.get(reverse("votes:results_import_preview")).content.decode()
    assert "Ce fichier ne peut pas être importé" in page
    assert "Le groupe « XYZ » n’existe pas dans ce conseil (ligne 3, colonne groupe)." in page
    assert "« conseil.csv »" in page
    sha256 = client.session["votes.pending_results_import"]["sha256"]
    client.post(reverse("votes:results_import_preview"), {"action": "confirm", "sha256": sha256})
    assert GroupResult.objects.count() == 0


def test_confirm_with_a_stale_preview_is_refused(client_for, events):
    client = client_for("secretariat")
    _upload(client, _content("2026-0150;GES;1;0;0;0"))
    response = client.post(
        reverse("votes:results_import_preview"), {"action": "confirm", "sha256": "autre"}
    )
    assert response.status_code == 302
    assert GroupResult.objects.count() == 0


def test_cancel_drops_the_pending_file(client_for, events):
    client = client_for("secretariat")
    _upload(client, _content("2026-0150;GES;1;0;0;0"))
    response = client.post(reverse("votes:results_import_preview"), {"action": "cancel"})
    assert response.status_code == 302
    assert "votes.pending_results_import" not in client.session
    assert GroupResult.objects.count() == 0


def test_preview_without_a_pending_file_redirects(client_for, events):
    response = client_for("secretariat").get(reverse("votes:results_import_preview"))
    assert response.status_code == 302
    assert response["Location"] == reverse("votes:results_import_upload")


@pytest.mark.parametrize(
    "name", ["president", "bureau", "councillor", "partner", "observer", "outsider"]
)
def test_refused_personas_get_404_and_write_nothing(client_for, events, name):
    client = client_for(name)
    assert client.get(reverse("votes:results_import_upload")).status_code == 404
    assert _upload(client, _content("2026-0150;GES;1;0;0;0")).status_code == 404
    assert "votes.pending_results_import" not in client.session
    response = client.post(reverse("votes:results_import_preview"), {"action": "confirm"})
    assert response.status_code == 404
    assert GroupResult.objects.count() == 0


def test_results_import_module_names_its_access_rule():
    from hemicycle.votes import exports_views

    assert exports_views.results_import_upload.access_rule == "can_import_results"
    assert exports_views.votes_csv.access_rule == "is_member"
    assert results_import.ACTION == "votes.results_imported"
