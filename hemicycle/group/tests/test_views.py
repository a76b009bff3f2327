import datetime as dt

import pytest
from django.urls import reverse

from hemicycle.group.models import Councillor
from hemicycle.group.tests.factories import (
    CouncillorFactory,
    PartyFactory,
    StaffContractFactory,
)


def _councillors(n):
    party = PartyFactory(short_name="LFI", colour="#c62828")
    for i in range(n):
        CouncillorFactory(party=party, last_name=f"Nom{i:03d}")


@pytest.mark.parametrize("rows", [10, 60])
def test_councillor_list_runs_a_fixed_number_of_queries(
    rows, client_for, django_assert_num_queries
):
    _councillors(rows)
    client = client_for("secretariat")
    # session, user, unread notifications (header), councillors (with party and roster
    # entry), filter form's party choices
    with django_assert_num_queries(5):
        response = client.get(reverse("group:councillor_list"))
    assert response.status_code == 200
    assert response.content.decode().count("NOM0") == rows


@pytest.mark.parametrize("rows", [3, 30])
def test_staff_list_runs_a_fixed_number_of_queries(rows, client_for, django_assert_num_queries):
    for i in range(rows):
        StaffContractFactory(staff_member__last_name=f"Salarie{i:03d}")
    client = client_for("secretariat")
    # session, user, unread notifications (header), group (for the mandature's end), staff,
    # their contracts
    with django_assert_num_queries(6):
        response = client.get(reverse("group:staff_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [2, 20])
def test_dashboard_runs_a_fixed_number_of_queries(rows, client_for, django_assert_max_num_queries):
    _councillors(rows)
    for i in range(rows):
        StaffContractFactory(staff_member__last_name=f"Salarie{i:03d}")
    client = client_for("secretariat")
    # 14, the unread notifications count in the header, the filings panel (open filings),
    # the rapports without a vote line (the secrétariat's rapports panel)
    with django_assert_max_num_queries(17):
        response = client.get(reverse("core:dashboard"))
    assert response.status_code == 200


def test_dashboard_query_count_does_not_grow(client_for):
    _councillors(3)
    StaffContractFactory(staff_member__last_name="Premier")
    client = client_for("secretariat")
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("core:dashboard"))
    for i in range(30):
        CouncillorFactory(last_name=f"Plus{i}")
    for i in range(10):
        StaffContractFactory(staff_member__last_name=f"Autre{i}")
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("core:dashboard"))
    assert len(large) == len(small)


def test_observer_sees_the_group_but_not_contact_details(client_for, world):
    councillor = world["councillor"]
    councillor.email = "nadia@exemple.fr"
    councillor.save()
    page = client_for("observer").get(reverse("group:councillor_detail", args=[councillor.pk]))
    assert page.status_code == 200
    assert "nadia@exemple.fr" not in page.content.decode()
    page = client_for("staff").get(reverse("group:councillor_detail", args=[councillor.pk]))
    assert "nadia@exemple.fr" in page.content.decode()


def test_contracts_are_hidden_from_staff_and_shown_to_the_bureau(client_for):
    contract = StaffContractFactory(ends_on=dt.date(2026, 12, 31))
    url = reverse("group:staff_detail", args=[contract.staff_member.pk])
    assert "31/12/2026" not in client_for("staff").get(url).content.decode()
    assert "31/12/2026" in client_for("bureau").get(url).content.decode()


def test_edit_form_refuses_a_stale_version_and_shows_both_values(client_for, world):
    councillor = world["councillor"]
    url = reverse("group:councillor_edit", args=[councillor.pk])
    form = client_for("secretariat").get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(
        {
            "party": councillor.party_id,
            "mandate_start": "2021-07-02",
            "replaced_by": "",
            "left_on": "",
            "mandate_end": "",
        }
    )
    # Someone else saves first.
    Councillor.objects.filter(pk=councillor.pk).update(
        commune="Amiens", version=councillor.version + 1
    )
    data["commune"] = "Laon"
    response = client_for("secretariat").post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quelqu’un a enregistré cette fiche entre-temps" in html
    assert "Amiens" in html and "Laon" in html
    councillor.refresh_from_db()
    assert councillor.commune == "Amiens"
    # Saving again from the conflict view, knowingly, goes through.
    data["version"] = response.context["form"].data["version"]
    response = client_for("secretariat").post(url, data)
    assert response.status_code == 302
    councillor.refresh_from_db()
    assert councillor.commune == "Laon"


def test_bad_colour_is_refused_in_french(client_for):
    response = client_for("secretariat").post(
        reverse("group:party_create"), {"name": "Parti test", "short_name": "PT", "colour": "vert"}
    )
    assert response.status_code == 200
    assert "#RRVVBB" in response.content.decode()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_group_page_query_count_is_fixed(client_for, world):
    client = client_for("secretariat")
    url = reverse("group:detail")
    _count_queries(client, url)  # warm the content-type cache
    few = _count_queries(client, url)
    for i in range(25):
        CouncillorFactory(last_name=f"Bureau{i}", bureau_role="member")
    PartyFactory(short_name="LFI")
    assert _count_queries(client, url) == few


def test_councillor_page_query_count_is_fixed(client_for, world, persona):
    from hemicycle.core import audit

    councillor = world["councillor"]
    client = client_for("secretariat")
    url = reverse("group:councillor_detail", args=[councillor.pk])
    _count_queries(client, url)  # warm the content-type cache
    few = _count_queries(client, url)
    for i in range(20):
        audit.record(
            actor=persona("secretariat"),
            action="group.councillor_updated",
            target=councillor,
            changes={"commune": [str(i), str(i + 1)]},
        )
        CouncillorFactory(last_name=f"Ancien{i}", replaced_by=councillor)
    assert _count_queries(client, url) == few
