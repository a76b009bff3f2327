"""Backup then restore gives back every row of every table and every document.

Engine-agnostic: run on SQLite by default and on PostgreSQL when DATABASE_URL says so.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from hemicycle.core.backup import dumped_models, table_digest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(media: Path) -> Path:
    call_command("seed_demo", verbosity=0)
    return media


def snapshot() -> dict[str, tuple[int, str]]:
    return {
        model._meta.label_lower: (report.rows, report.sha256)
        for model in dumped_models()
        for report in [table_digest(model)]
    }


def media_files(root: Path) -> dict[str, str]:
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def rewrite(archive: Path, change) -> Path:
    """A copy of the archive with its manifest (and possibly data) changed by `change`."""
    members: dict[str, bytes] = {}
    with tarfile.open(archive, "r:gz") as source:
        for member in source:
            handle = source.extractfile(member)
            assert handle is not None
            members[member.name] = handle.read()
    manifest = json.loads(members["manifest.json"])
    change(manifest, members)
    members["manifest.json"] = json.dumps(manifest).encode()
    target = archive.with_name("modifiee.tar.gz")
    with tarfile.open(target, "w:gz") as output:
        for name, payload in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(payload)
            output.addfile(info, io.BytesIO(payload))
    return target


def test_round_trip_restores_every_table_and_document(demo: Path, tmp_path: Path) -> None:
    archive = tmp_path / "sauvegarde.tar.gz"
    before, files_before = snapshot(), media_files(demo)
    assert files_before, "the demo uploads documents"
    assert all(rows for label, (rows, _) in before.items() if label.startswith("sittings."))

    call_command("backup", str(archive), verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(demo)
    assert snapshot() != before

    call_command("restore", str(archive), verbosity=0)

    assert snapshot() == before
    assert media_files(demo) == files_before
    # Sequences follow the restored rows: a new row does not collide with a restored one.
    from hemicycle.accounts.models import User

    User.objects.create_user(username="apres-restauration", password="x" * 16)

    # A database holding data is never overwritten without --force...
    with pytest.raises(CommandError, match="--force"):
        call_command("restore", str(archive), verbosity=0)
    # ...and with it, the backup's state comes back exactly, the documents kept aside.
    (demo / "intrus.txt").write_text("ajouté après la sauvegarde")
    call_command("restore", str(archive), force=True, verbosity=0)
    assert snapshot() == before
    assert media_files(demo) == files_before
    assert list(demo.parent.glob("media.avant-restauration-*/intrus.txt"))


def test_damaged_archive_changes_nothing(demo: Path, tmp_path: Path) -> None:
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(archive), verbosity=0)
    before, files_before = snapshot(), media_files(demo)

    truncated = tmp_path / "tronquee.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    garbage = tmp_path / "rien.tar.gz"
    garbage.write_bytes(b"ceci n'est pas une sauvegarde")
    for broken in (truncated, garbage, tmp_path / "absente.tar.gz"):
        with pytest.raises(CommandError, match=r"tronquée|introuvable"):
            call_command("restore", str(broken), force=True, verbosity=0)

    # Consistent checksums but a row pointing nowhere: refused by the constraint check,
    # after the tables were emptied, and rolled back.
    def dangling(manifest, members) -> None:
        name = "data/sittings.reportdocument.jsonl"
        table = next(t for t in manifest["tables"] if t["model"] == "sittings.reportdocument")
        lines = members[name].decode().splitlines(keepends=True)
        row = json.loads(lines[0])
        row[table["columns"].index("report_id")] = 987654321
        lines[0] = json.dumps(row) + "\n"
        members[name] = "".join(lines).encode()
        table["sha256"] = hashlib.sha256(members[name]).hexdigest()

    with pytest.raises(CommandError, match="annulée"):
        call_command("restore", str(rewrite(archive, dangling)), force=True, verbosity=0)

    assert snapshot() == before
    assert media_files(demo) == files_before
    assert not list(tmp_path.glob(".restauration-*"))


def test_backup_from_other_migrations_is_refused(media: Path, tmp_path: Path) -> None:
    archive = tmp_path / "sauvegarde.tar.gz"
    call_command("backup", str(archive), verbosity=0)

    def other_version(manifest, members) -> None:
        manifest["migrations"]["sittings"].append("9999_future")

    with pytest.raises(CommandError, match="migrations différentes pour sittings"):
        call_command("restore", str(rewrite(archive, other_version)), verbosity=0)

    def tampered(manifest, members) -> None:
        members["data/accounts.user.jsonl"] = b'[1,"x"]\n'

    with pytest.raises(CommandError, match="altérées"):
        call_command("restore", str(rewrite(archive, tampered)), force=True, verbosity=0)


def test_backup_refuses_to_overwrite(media: Path, tmp_path: Path) -> None:
    archive = tmp_path / "sauvegarde.tar.gz"
    archive.write_text("précieux")
    with pytest.raises(CommandError, match="existe déjà"):
        call_command("backup", str(archive), verbosity=0)
    assert archive.read_text() == "précieux"
    assert connection.vendor in {"sqlite", "postgresql"}
