"""Reconciling the roster with RNE files: in place, all or nothing, never duplicated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hemicycle.core.models import AuditEntry
from hemicycle.council import rne, services
from hemicycle.council.models import RosterImport, RosterMember
from hemicycle.council.tests.factories import RosterMemberFactory, TermFactory
from hemicycle.council.tests.rne_files import (
    FIRST_EDITION,
    HEADER,
    LATER_EDITION,
    person,
    read_records,
    render,
    small_file,
)
from hemicycle.group.models import Councillor
from hemicycle.group.tests.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


def _import(term, content, name="rne.csv", **kwargs):
    return services.import_roster(
        term=term, file_name=name, content=content, acting_user=None, **kwargs
    )


def _counts():
    return RosterMember.objects.count(), RosterImport.objects.count(), AuditEntry.objects.count()


def test_first_import_creates_the_170_councillors():
    term = TermFactory()
    summary = _import(term, FIRST_EDITION.read_bytes(), name=FIRST_EDITION.name)
    assert summary.counts == {
        "created": 170,
        "updated": 0,
        "unchanged": 0,
        "left": 0,
        "reactivated": 0,
        "linked": 0,
    }
    assert RosterMember.objects.filter(term=term, status="active").count() == 170
    vasseur = RosterMember.objects.get(last_name="Vasseur")
    assert vasseur.match_key == "vasseur|claire|1974-03-12"
    assert vasseur.section == "59"
    assert vasseur.profession == "Professeurs, professions scientifiques"
    roster_import = RosterImport.objects.get()
    assert roster_import.file_name == FIRST_EDITION.name
    assert len(roster_import.sha256) == 64
    assert roster_import.summary["counts"]["created"] == 170
    entry = AuditEntry.objects.get(action="council.roster_imported")
    assert entry.actor_label == "système"
    assert entry.changes["created"][1].startswith("170 : ")


def test_reimport_of_the_later_edition():
    term = TermFactory()
    _import(term, FIRST_EDITION.read_bytes())
    summary = _import(term, LATER_EDITION.read_bytes(), name=LATER_EDITION.name)

    today = timezone.localdate()
    assert summary.rows == 170
    assert (len(summary.created), len(summary.updated), len(summary.left)) == (3, 4, 3)
    assert summary.reactivated == []
    assert len(summary.unchanged) == 163
    left = RosterMember.objects.filter(term=term, status="left")
    assert left.count() == 3
    assert set(left.values_list("left_on", flat=True)) == {today}
    assert RosterMember.objects.filter(term=term, status="active").count() == 170
    assert RosterMember.objects.count() == 173
    keys = list(RosterMember.objects.values_list("match_key", flat=True))
    assert len(keys) == len(set(keys))
    for entry in summary.updated:
        assert [c["field"] for c in entry["changes"]] == ["function", "function_start"]
        assert entry["changes"][1]["new"] == "20/01/2025"
    newcomers = RosterMember.objects.filter(match_key__in=[e["key"] for e in summary.created])
    assert all(m.mandate_start.year == 2025 for m in newcomers)


def test_the_same_file_twice_changes_nothing():
    term = TermFactory()
    _import(term, FIRST_EDITION.read_bytes())
    _import(term, LATER_EDITION.read_bytes())
    before = list(RosterMember.objects.order_by("pk").values())
    summary = _import(term, LATER_EDITION.read_bytes())
    assert summary.counts["unchanged"] == 170
    assert not summary.has_changes
    assert list(RosterMember.objects.order_by("pk").values()) == before


def test_a_member_who_comes_back_is_reactivated_not_duplicated():
    term = TermFactory()
    _import(term, small_file(person("Dupont", "Jeanne"), person("Martin", "Zoé")))
    _import(term, small_file(person("Dupont", "Jeanne")))
    zoe = RosterMember.objects.get(last_name="Martin")
    assert (zoe.status, zoe.left_on) == ("left", timezone.localdate())
    summary = _import(
        term,
        small_file(person("Dupont", "Jeanne"), person("MARTIN", "Zoe", function="Vice-présidente")),
    )
    assert [e["name"] for e in summary.reactivated] == ["Zoe MARTIN"]
    zoe.refresh_from_db()
    assert (zoe.status, zoe.left_on, zoe.function) == ("active", None, "Vice-présidente")
    # The new spelling is kept: the RNE owns the names.
    assert (zoe.last_name, zoe.first_name) == ("MARTIN", "Zoe")
    assert RosterMember.objects.count() == 2


def test_updates_list_every_changed_field():
    term = TermFactory()
    _import(term, small_file(person("Dupont", "Jeanne")))
    summary = _import(
        term, small_file(person("DUPONT", "Jeanne", section="62", function="Présidente"))
    )
    [entry] = summary.updated
    changes = {c["field"]: (c["old"], c["new"]) for c in entry["changes"]}
    assert changes == {
        "last_name": ("Dupont", "DUPONT"),
        "section": ("59", "62"),
        "function": ("Conseillère régionale", "Présidente"),
    }
    member = RosterMember.objects.get()
    assert member.version == 2


def test_dry_run_writes_nothing_and_gives_the_same_summary():
    term = TermFactory()
    _import(term, FIRST_EDITION.read_bytes())
    before = _counts()
    preview = _import(term, LATER_EDITION.read_bytes(), dry_run=True)
    assert _counts() == before
    assert RosterMember.objects.filter(status="left").count() == 0
    real = _import(term, LATER_EDITION.read_bytes())
    assert preview.counts == real.counts
    assert [e["key"] for e in preview.updated] == [e["key"] for e in real.updated]


def test_a_single_bad_row_writes_nothing():
    term = TermFactory()
    _import(term, FIRST_EDITION.read_bytes())
    header, rows = read_records(LATER_EDITION)
    rows = [list(r) for r in rows]
    hdf = [i for i, r in enumerate(rows) if r[0] == "32"]
    rows[hdf[-1]][6] = "Z"
    before = list(RosterMember.objects.order_by("pk").values())
    counts = _counts()
    with pytest.raises(rne.RneError) as caught:
        _import(term, render(header, rows))
    [issue] = caught.value.issues
    assert (issue.line, issue.field) == (hdf[-1] + 2, "Code sexe")
    assert list(RosterMember.objects.order_by("pk").values()) == before
    assert _counts() == counts


def test_auto_link_to_our_councillors(world):
    term = world["term"]
    claire = CouncillorFactory(first_name="Claire", last_name="Vasseur")
    gone = CouncillorFactory(
        first_name="Karim", last_name="Benhaddou", status="left", left_on=dt.date(2024, 1, 1)
    )
    # Homonyms leave the decision to a person.
    CouncillorFactory(first_name="Nadia", last_name="Lefebvre")
    CouncillorFactory(first_name="Nadia", last_name="LEFEBVRE")
    summary = _import(term, FIRST_EDITION.read_bytes())
    assert [e["name"] for e in summary.linked] == ["Claire Vasseur"]
    member = RosterMember.objects.get(last_name="Vasseur")
    assert member.group_councillor == claire
    assert member.council_group == world["own"]
    assert not RosterMember.objects.filter(group_councillor=gone).exists()
    assert RosterMember.objects.filter(group_councillor__isnull=False).count() == 1
    # Re-importing keeps the link and never links twice.
    again = _import(term, FIRST_EDITION.read_bytes())
    assert again.linked == []


def test_auto_link_keeps_a_group_chosen_by_hand(world):
    term = world["term"]
    CouncillorFactory(first_name="Claire", last_name="Vasseur")
    RosterMemberFactory(
        term=term,
        first_name="Claire",
        last_name="Vasseur",
        birth_date=dt.date(1974, 3, 12),
        match_key="vasseur|claire|1974-03-12",
        council_group=world["ally"],
    )
    _import(term, FIRST_EDITION.read_bytes())
    member = RosterMember.objects.get(last_name="Vasseur")
    assert member.group_councillor is not None
    assert member.council_group == world["ally"]


def test_import_runs_a_fixed_number_of_queries(django_assert_max_num_queries):
    term = TermFactory()
    CouncillorFactory.create_batch(3)
    with django_assert_max_num_queries(20):
        _import(term, FIRST_EDITION.read_bytes())
    with django_assert_max_num_queries(20):
        _import(term, LATER_EDITION.read_bytes())


def test_acting_user_must_be_allowed(personas):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.import_roster(
            term=TermFactory(),
            file_name="x.csv",
            content=FIRST_EDITION.read_bytes(),
            acting_user=personas["staff"],
        )
    assert RosterMember.objects.count() == 0


def test_import_is_recorded_with_the_user(personas):
    term = TermFactory()
    services.import_roster(
        term=term,
        file_name="a.csv",
        content=small_file(person("Dupont", "Jeanne")),
        acting_user=personas["secretariat"],
    )
    roster_import = RosterImport.objects.get()
    assert roster_import.imported_by == personas["secretariat"]
    assert AuditEntry.objects.get(action="council.roster_imported").actor == personas["secretariat"]


# --- Hostile files never escape as anything but RneError, and never write ---------------

_BASE_ROWS = [person("Dupont", "Jeanne"), person("Martin", "Zoé", sex="F", section="62")]


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    row=st.integers(min_value=0, max_value=1),
    column=st.integers(min_value=0, max_value=12),
    value=st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "",
                "32",
                "032",
                "2",
                "75",
                "F",
                "M",
                "31/02/2000",
                "2000-13-01",
                "01/01/1900",
                "0000-00-00",
                '"',
                ";",
                "\r\n",
                "\x00",
                "é" * 120,
            ]
        ),
    ),
)
def test_mutated_rows_raise_only_rne_error_and_write_nothing(row, column, value):
    term = TermFactory()
    rows = [list(r) for r in _BASE_ROWS]
    rows[row][column] = value
    content = render(HEADER, rows, quoted=bool(column % 2))
    with transaction.atomic():
        before = _counts()
        try:
            _import(term, content)
        except rne.RneError as exc:
            assert exc.issues
            assert _counts() == before
        else:
            assert RosterMember.objects.filter(term=term).count() >= 1
        transaction.set_rollback(True)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.binary(max_size=600))
def test_arbitrary_bytes_never_write(content):
    term = TermFactory()
    before = _counts()
    with pytest.raises(rne.RneError):
        _import(term, content)
    assert _counts() == before
    assert Councillor.objects.count() == 0
