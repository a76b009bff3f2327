"""Two secretaries on one attendance sheet: the second save is refused, not merged."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from hemicycle.core.models import AuditEntry
from hemicycle.council.tests.factories import BodyFactory
from hemicycle.group.tests.factories import CouncillorFactory
from hemicycle.sittings import services
from hemicycle.sittings.models import Attendance
from hemicycle.sittings.tests.factories import SittingFactory

S = Attendance.Status
TOKEN = re.compile(r'name="version-(\d+)" value="([^"]*)"')


@pytest.fixture
def sheet(world, personas):
    a, b = world["president_councillor"], world["councillor"]
    c = CouncillorFactory(first_name="Léa", last_name="Trois")
    sitting = SittingFactory(body=BodyFactory(term=world["term"]))
    return {
        "a": a,
        "b": b,
        "c": c,
        "sitting": sitting,
        "url": reverse("sittings:attendance", kwargs={"pk": sitting.pk}),
    }


def _tokens(html: str) -> dict[str, str]:
    return {f"version-{pk}": value for pk, value in TOKEN.findall(html)}


def _post(client, url, tokens, lines):
    data = dict(tokens)
    for councillor, status, holder in lines:
        data[f"status-{councillor.pk}"] = status
        data[f"holder-{councillor.pk}"] = str(holder.pk) if holder else ""
    return client.post(url, data)


def _saves():
    return AuditEntry.objects.filter(action="sittings.attendance_saved")


def test_second_sheet_is_refused_then_goes_through_with_the_refreshed_versions(client_for, sheet):
    a, b, c, url = sheet["a"], sheet["b"], sheet["c"], sheet["url"]
    first, second = client_for("secretariat"), client_for("staff")
    # Both open the empty sheet: every line is "not recorded yet".
    first_tokens = _tokens(first.get(url).content.decode())
    second_tokens = _tokens(second.get(url).content.decode())
    assert first_tokens == second_tokens
    assert set(first_tokens.values()) == {""}

    response = _post(first, url, first_tokens, [(a, S.PRESENT, None), (b, S.REPRESENTED, a)])
    assert response.status_code == 302

    # The second sheet was opened before: its lines were created meanwhile.
    response = _post(
        second,
        url,
        second_tokens,
        [(a, S.ABSENT, None), (b, S.EXCUSED, None), (c, S.PRESENT, None)],
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu’un a enregistré cette feuille entre-temps" in html
    assert "n’ont pas été enregistrées" in html
    # The changed lines are listed with who saved them; untouched lines are not.
    conflict = html.split('id="conflict-title"')[1].split("</section>")[0]
    assert "Claire PRÉSIDENTE" in conflict and "Nadia ÉLUE" in conflict
    assert "Léa TROIS" not in conflict
    assert "secretariat" in conflict
    assert "Représenté·e — pouvoir à Claire Présidente" in conflict  # the saved value
    assert "Excusé·e" in conflict  # the user's entry
    # The user's entries are still in the sheet.
    assert re.search(rf'id="status-{a.pk}">.*?value="absent" selected', html, re.S)
    assert re.search(rf'id="status-{c.pk}">.*?value="present" selected', html, re.S)
    # Nothing of the second sheet was written.
    assert Attendance.objects.get(councillor=a).status == S.PRESENT
    assert Attendance.objects.get(councillor=b).proxy_holder == a
    assert not Attendance.objects.filter(councillor=c).exists()
    assert _saves().count() == 1

    # The re-rendered sheet carries the new versions: saving it again overwrites on purpose.
    refreshed = _tokens(html)
    assert refreshed != second_tokens
    response = _post(
        second, url, refreshed, [(a, S.ABSENT, None), (b, S.EXCUSED, None), (c, S.PRESENT, None)]
    )
    assert response.status_code == 302
    assert Attendance.objects.get(councillor=a).status == S.ABSENT
    assert Attendance.objects.get(councillor=b).proxy_holder is None
    assert Attendance.objects.get(councillor=c).status == S.PRESENT
    saves = list(_saves().order_by("id"))
    assert [e.actor_label for e in saves] == ["secretariat", "collaborateur"]
    assert set(saves[1].changes) == {str(a), str(b), str(c)}


def test_a_line_changed_elsewhere_refuses_the_whole_sheet(personas, sheet):
    a, b, c, sitting = sheet["a"], sheet["b"], sheet["c"], sheet["sitting"]
    user = personas["secretariat"]
    services.save_attendance(
        sitting=sitting,
        rows=[
            services.AttendanceRow(a, S.PRESENT),
            services.AttendanceRow(b, S.PRESENT),
            services.AttendanceRow(c, S.PRESENT),
        ],
        acting_user=user,
    )
    opened = {x.councillor_id: services.attendance_token(x) for x in Attendance.objects.all()}
    # Someone else changes b's line only: a and c keep their version.
    services.save_attendance(
        sitting=sitting,
        rows=[services.AttendanceRow(b, S.EXCUSED, None, opened[b.pk])],
        acting_user=personas["staff"],
    )
    assert services.attendance_token(Attendance.objects.get(councillor=a)) == opened[a.pk]
    with pytest.raises(services.AttendanceConflictError) as exc:
        services.save_attendance(
            sitting=sitting,
            rows=[
                services.AttendanceRow(a, S.ABSENT, None, opened[a.pk]),
                services.AttendanceRow(b, S.PRESENT, None, opened[b.pk]),
                services.AttendanceRow(c, S.REMOTE, None, opened[c.pk]),
            ],
            acting_user=user,
        )
    [conflict] = exc.value.conflicts
    assert conflict.councillor == b
    assert (conflict.saved, conflict.mine, conflict.by) == (
        "Excusé·e",
        "Présent·e",
        "collaborateur",
    )
    assert exc.value.tokens[b.pk] != opened[b.pk]
    assert Attendance.objects.get(councillor=a).status == S.PRESENT
    assert Attendance.objects.get(councillor=c).status == S.PRESENT
    assert _saves().count() == 2


def test_a_line_cleared_and_recorded_again_counts_as_changed(personas, sheet):
    """Version 1 again after a delete and a new line: the row's id tells them apart."""
    a, sitting = sheet["a"], sheet["sitting"]
    user = personas["secretariat"]
    services.save_attendance(
        sitting=sitting, rows=[services.AttendanceRow(a, S.PRESENT)], acting_user=user
    )
    opened = services.attendance_token(Attendance.objects.get(councillor=a))
    services.save_attendance(
        sitting=sitting, rows=[services.AttendanceRow(a, "")], acting_user=user
    )
    services.save_attendance(
        sitting=sitting, rows=[services.AttendanceRow(a, S.PRESENT)], acting_user=user
    )
    with pytest.raises(services.AttendanceConflictError):
        services.save_attendance(
            sitting=sitting,
            rows=[services.AttendanceRow(a, S.ABSENT, None, opened)],
            acting_user=user,
        )
    assert Attendance.objects.get(councillor=a).status == S.PRESENT


def test_a_line_deleted_elsewhere_counts_as_changed(personas, sheet):
    a, sitting = sheet["a"], sheet["sitting"]
    user = personas["secretariat"]
    services.save_attendance(
        sitting=sitting, rows=[services.AttendanceRow(a, S.PRESENT)], acting_user=user
    )
    opened = services.attendance_token(Attendance.objects.get(councillor=a))
    services.save_attendance(
        sitting=sitting, rows=[services.AttendanceRow(a, "")], acting_user=user
    )
    with pytest.raises(services.AttendanceConflictError) as exc:
        services.save_attendance(
            sitting=sitting,
            rows=[services.AttendanceRow(a, S.ABSENT, None, opened)],
            acting_user=user,
        )
    assert exc.value.conflicts[0].saved == "non renseigné"
    assert not Attendance.objects.exists()
