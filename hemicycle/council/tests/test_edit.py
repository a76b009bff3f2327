"""Editing what the group decides: a member's council group and link, the council groups."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hemicycle.core.models import AuditEntry
from hemicycle.council.models import CouncilGroup, RosterMember
from hemicycle.council.tests.factories import CouncilGroupFactory, RosterMemberFactory
from hemicycle.group.tests.factories import CouncillorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(world):
    return RosterMemberFactory(term=world["term"], first_name="Claire", last_name="Vasseur")


def _edit_url(member):
    return reverse("council:member_edit", args=[member.pk])


def test_member_edit_sets_group_and_link(client_for, world, member):
    councillor = world["president_councillor"]
    response = client_for("secretariat").post(
        _edit_url(member),
        {"council_group": world["own"].pk, "group_councillor": councillor.pk, "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("council:member_detail", args=[member.pk])
    member.refresh_from_db()
    assert (member.council_group, member.group_councillor) == (world["own"], councillor)
    assert member.version == 2
    entry = AuditEntry.objects.get(action="council.member_updated")
    assert entry.changes["council_group"] == [None, str(world["own"])]
    detail = client_for("observer").get(response["Location"]).content.decode()
    assert "council.member_updated" in detail
    assert reverse("group:councillor_detail", args=[councillor.pk]) in detail


def test_member_edit_shows_a_conflict_instead_of_overwriting(client_for, world, member):
    client = client_for("secretariat")
    client.post(_edit_url(member), {"council_group": world["ally"].pk, "version": 1})
    response = client.post(_edit_url(member), {"council_group": world["rival"].pk, "version": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quelqu’un a enregistré cette fiche entre-temps" in html
    assert response.context["conflict"] == [
        {"label": "Groupe", "current": str(world["ally"]), "mine": str(world["rival"])}
    ]
    member.refresh_from_db()
    assert member.council_group == world["ally"]
    # The form now carries the saved version: saving again applies the user's choice.
    assert 'name="version" value="2"' in html
    client.post(_edit_url(member), {"council_group": world["rival"].pk, "version": 2})
    member.refresh_from_db()
    assert member.council_group == world["rival"]


def test_a_councillor_is_linked_to_one_roster_entry_only(client_for, world, member):
    councillor = CouncillorFactory()
    RosterMemberFactory(term=world["term"], group_councillor=councillor)
    response = client_for("secretariat").post(
        _edit_url(member), {"group_councillor": councillor.pk, "version": 1}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["group_councillor"]
    member.refresh_from_db()
    assert member.group_councillor is None


def test_the_rne_columns_cannot_be_edited(client_for, world, member):
    client_for("secretariat").post(
        _edit_url(member), {"last_name": "Autre", "function": "Présidente", "version": 1}
    )
    member.refresh_from_db()
    assert member.last_name == "Vasseur"
    assert member.function == ""


# --- Council groups ------------------------------------------------------------------

GROUP_DATA = {
    "name": "Les Indépendant·es",
    "short_name": "IND",
    "side": "opposition",
    "seats": "5",
    "colour": "#123456",
    "president_name": "",
}


def test_group_create(client_for, world):
    response = client_for("secretariat").post(reverse("council:group_create"), GROUP_DATA)
    assert response.status_code == 302
    group = CouncilGroup.objects.get(short_name="IND")
    assert group.term == world["term"]
    assert AuditEntry.objects.get(action="council.group_created").changes["seats"] == [None, 5]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "groupe socialiste"}, "name"),
        ({"colour": "rouge"}, "colour"),
        ({"seats": "-1"}, "seats"),
        ({"side": "centre"}, "side"),
    ],
)
def test_group_create_refuses_bad_data(change, field, client_for, world):
    response = client_for("secretariat").post(
        reverse("council:group_create"), {**GROUP_DATA, **change}
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not CouncilGroup.objects.filter(short_name="IND").exists()


def test_group_archive_instead_of_delete(client_for, world):
    client = client_for("secretariat")
    ally = world["ally"]
    RosterMemberFactory(term=world["term"], council_group=ally)
    data = {
        "name": ally.name,
        "short_name": ally.short_name,
        "side": ally.side,
        "seats": ally.seats,
        "colour": ally.colour,
        "is_archived": "on",
        "version": ally.version,
    }
    response = client.post(reverse("council:group_edit", args=[ally.pk]), data)
    assert response.status_code == 302
    ally.refresh_from_db()
    assert ally.is_archived
    assert RosterMember.objects.get().council_group == ally
    page = client.get(reverse("council:group_list"))
    assert ally not in page.context["groups"]
    assert ally in page.context["archived"]
    edit = client.get(reverse("council:group_edit", args=[ally.pk])).content.decode()
    assert "council.group_updated" in edit


def test_group_list_warns_when_seats_do_not_add_up(client_for, world):
    client = client_for("observer")
    page = client.get(reverse("council:group_list"))
    # 14 + 12 + 96 = 122 seats for 170.
    assert not page.context["seats_match"]
    assert "Le compte des sièges ne tombe pas juste" in page.content.decode()
    CouncilGroupFactory(term=world["term"], seats=41)
    RosterMemberFactory.create_batch(7, term=world["term"])
    page = client.get(reverse("council:group_list"))
    assert page.context["seats_total"] == 170
    assert page.context["seats_match"]
    assert "ne tombe pas juste" not in page.content.decode()
