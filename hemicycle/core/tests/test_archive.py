"""The archive registry and the Archives page, with made-up kinds (core imports no area)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from hemicycle.core import archive
from hemicycle.core.permissions import is_member, is_secretariat
from hemicycle.core.services import ConcurrentEditError
from hemicycle.sittings.models import Sitting


class FakeStore:
    """Archived things in memory, restored through a fake "service" that checks versions."""

    def __init__(self) -> None:
        self.archived = {1: 3}  # pk -> version
        self.restored: list[tuple[int, object]] = []

    def items(self, user):
        return [
            archive.ArchivedItem(
                pk=pk,
                label=f"Chose n° {pk}",
                archived_at=dt.datetime(2026, 3, 1, 10, 0, tzinfo=dt.UTC),
                archived_by="Camille",
                version=version,
                url="/ailleurs/",
                context="Rapport 12",
            )
            for pk, version in self.archived.items()
        ]

    def restore(self, pk, expected_version, user):
        if pk not in self.archived:
            raise archive.NotArchived
        if expected_version == 99:
            raise ValidationError("Refus métier.")
        if expected_version != self.archived[pk]:
            # Any saved VersionedModel does as the "current" object for the error.
            raise ConcurrentEditError(Sitting())
        del self.archived[pk]
        self.restored.append((pk, user))
        return f"la chose n° {pk}"


@pytest.fixture
def kinds(monkeypatch):
    monkeypatch.setattr(archive, "_kinds", {})
    things, secrets = FakeStore(), FakeStore()
    archive.register(
        archive.ArchiveKind(
            key="test.thing",
            label="Choses",
            rule=is_member,
            items=things.items,
            restore=things.restore,
            order=10,
        )
    )
    archive.register(
        archive.ArchiveKind(
            key="test.secret",
            label="Secrets",
            rule=is_secretariat,
            items=secrets.items,
            restore=secrets.restore,
            order=20,
        )
    )
    return {"thing": things, "secret": secrets}


def _restore(client, key, pk, version):
    url = reverse("core:archive_restore", args=[key, pk])
    return client.post(url, {"version": str(version)}, follow=True)


def test_registry_filters_kinds_by_rule(kinds, personas):
    assert [k.key for k in archive.kinds_for(personas["secretariat"])] == [
        "test.thing",
        "test.secret",
    ]
    assert [k.key for k in archive.kinds_for(personas["staff"])] == ["test.thing"]
    assert archive.kind_for(personas["staff"], "test.secret") is None
    assert archive.kind_for(personas["staff"], "nope") is None
    assert archive.can_view_archives(personas["councillor"])
    assert not archive.can_view_archives(personas["observer"])


def test_page_lists_each_visible_kind(kinds, client_for):
    page = client_for("secretariat").get(reverse("core:archives")).content.decode()
    assert "Choses" in page and "Secrets" in page
    assert "Chose n° 1" in page and "Camille" in page and "01/03/2026" in page
    assert 'name="version" value="3"' in page
    staff = client_for("staff").get(reverse("core:archives")).content.decode()
    assert "Choses" in staff and "Secrets" not in staff


def test_restore_goes_through_the_kind(kinds, client_for, personas):
    html = _restore(client_for("staff"), "test.thing", 1, 3).content.decode()
    assert "Restauré : la chose n° 1." in html
    assert kinds["thing"].restored == [(1, personas["staff"])]
    assert "Rien aux archives." in html


def test_restore_reports_conflicts_and_missing_objects(kinds, client_for):
    client = client_for("secretariat")
    assert "modifié entre-temps" in _restore(client, "test.thing", 1, 2).content.decode()
    assert "Refus métier." in _restore(client, "test.thing", 1, 99).content.decode()
    assert "n’est plus aux archives" in _restore(client, "test.thing", 7, 3).content.decode()
    assert kinds["thing"].restored == []


def test_refused_restore_changes_nothing(kinds, client_for):
    # The staff may open the page but not restore a kind they cannot see.
    response = client_for("staff").post(
        reverse("core:archive_restore", args=["test.secret", 1]), {"version": "3"}
    )
    assert response.status_code == 404
    # Readers outside every kind's rule do not even see the page.
    observer = client_for("observer")
    assert observer.get(reverse("core:archives")).status_code == 404
    response = observer.post(
        reverse("core:archive_restore", args=["test.thing", 1]), {"version": "3"}
    )
    assert response.status_code == 404
    # A GET never restores.
    assert (
        client_for("secretariat")
        .get(reverse("core:archive_restore", args=["test.thing", 1]))
        .status_code
        == 405
    )
    assert kinds["thing"].restored == [] and kinds["secret"].restored == []
    assert kinds["thing"].archived == {1: 3}


def test_nav_entry_for_the_secretariat_only(kinds, client_for):
    page = client_for("secretariat").get("/").content.decode()
    assert f'href="{reverse("core:archives")}"' in page
    page = client_for("staff").get("/").content.decode()
    assert f'href="{reverse("core:archives")}"' not in page
