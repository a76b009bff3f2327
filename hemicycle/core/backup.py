"""Backup and restore of a whole installation: every table, every uploaded document.

An archive is a `.tar.gz` holding:

- `data/<app_label>.<model>.jsonl`: one JSON array per row, the raw column values in the
  order listed by the manifest, rows ordered by primary key. The format is the same
  whatever the engine, so an SQLite backup restores on PostgreSQL and the reverse.
- `media/<path>`: every file under MEDIA_ROOT.
- `manifest.json`: format version, engine, applied migrations per app, and for each table
  its columns, row count and SHA-256 of its data file; for each file its size and SHA-256.

The hash of a table is computed over its canonical rows, so the same computation on the
restored database must give the same value: `restore_archive` checks it before committing.

Content types and permissions are dumped and restored like any other table (the audit
trail and the admin log point at content types by id, and a fresh database created by
`migrate` may number them differently).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "hemicycle-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data"
MEDIA_DIR = "media"
BATCH_SIZE = 500
CHUNK = 1024 * 1024
# Filled by `migrate` itself: their presence does not make a database "non-empty".
MIGRATE_FILLED = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A refusal or a failure, with a French message meant for the operator."""


@dataclass
class TableReport:
    label: str
    rows: int
    sha256: str


@dataclass
class RestoreReport:
    tables: list[TableReport] = field(default_factory=list)
    files: int = 0
    media_kept_aside: Path | None = None


# --- What is dumped ----------------------------------------------------------------------


def dumped_models() -> list[type[models.Model]]:
    """Every concrete table of every installed app, many-to-many tables included."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy and not model._meta.swapped
    ]
    return sorted(found, key=lambda model: model._meta.label_lower)


def _columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


# --- Canonical values --------------------------------------------------------------------


def _canonical(value: Any) -> Any:
    """A JSON value that is the same whichever engine the row was read from."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = value.astimezone(dt.UTC)
        return value.isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return f"{value.days} {value.seconds} {value.microseconds}"
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, dict | list):
        return value  # JSONField: dumped as is, keys sorted by json.dumps
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or ""
    raise TypeError(f"valeur non sauvegardable : {type(value).__name__}")


def _from_canonical(column: models.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column, models.DurationField):
        days, seconds, micro = (int(part) for part in value.split())
        return dt.timedelta(days=days, seconds=seconds, microseconds=micro)
    if isinstance(column, models.JSONField):
        return value
    if isinstance(column, models.ForeignKey):
        return _from_canonical(column.target_field, value)
    return column.to_python(value)


def _line(row: tuple[Any, ...]) -> bytes:
    values = [_canonical(value) for value in row]
    return (
        json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
    ).encode()


def _integer_pk(model: type[models.Model]) -> bool:
    pk = model._meta.pk
    return isinstance(pk, models.AutoField | models.BigAutoField | models.IntegerField)


def canonical_lines(model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> Iterator[bytes]:
    """The rows of a table as canonical JSON lines, in primary-key order.

    Integer keys are ordered by the database; other keys (session keys) are sorted here,
    since text collations differ between engines.
    """
    attnames = [column.attname for column in _columns(model)]
    queryset = model._base_manager.using(using).values_list(*attnames)
    if _integer_pk(model):
        for row in queryset.order_by("pk").iterator(chunk_size=2000):
            yield _line(row)
        return
    pk_index = attnames.index(model._meta.pk.attname)  # type: ignore[union-attr]
    rows = sorted(queryset.iterator(chunk_size=2000), key=lambda row: str(row[pk_index]))
    for row in rows:
        yield _line(row)


def table_digest(model: type[models.Model], using: str = DEFAULT_DB_ALIAS) -> TableReport:
    digest = hashlib.sha256()
    count = 0
    for line in canonical_lines(model, using):
        digest.update(line)
        count += 1
    return TableReport(model._meta.label_lower, count, digest.hexdigest())


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    recorder = MigrationRecorder(connections[using])
    state: dict[str, list[str]] = {}
    for app_label, name in sorted(recorder.applied_migrations()):
        state.setdefault(app_label, []).append(name)
    return state


def _require_migrated(using: str) -> None:
    executor = MigrationExecutor(connections[using])
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise BackupError(
            "La base n'est pas à jour : appliquez d'abord les migrations avec "
            "« python manage.py migrate »."
        )


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


# --- Backup ------------------------------------------------------------------------------


def create_backup(target: Path, using: str = DEFAULT_DB_ALIAS) -> dict[str, Any]:
    """Write the archive to `target` (atomically: a partial file never bears its name)."""
    connection = connections[using]
    _require_migrated(using)
    media_root = Path(settings.MEDIA_ROOT)
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, partial_name = tempfile.mkstemp(prefix=".sauvegarde-", dir=target.parent)
    os.chmod(partial_name, 0o600)  # the archive holds password hashes and contacts
    manifest: dict[str, Any] = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": timezone.now().astimezone(dt.UTC).isoformat(),
        "engine": connection.vendor,
        "tables": [],
        "files": [],
    }
    try:
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            # One snapshot for every table: writers wait (SQLite) or are not seen (PostgreSQL).
            outermost = not connection.in_atomic_block
            with transaction.atomic(using=using):
                if connection.vendor == "postgresql" and outermost:
                    with connection.cursor() as cursor:
                        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                manifest["migrations"] = applied_migrations(using)
                for model in dumped_models():
                    manifest["tables"].append(_dump_table(archive, model, using))
            # After the rows: every document a dumped row names already exists on disk.
            for path in _media_files(media_root):
                relative = path.relative_to(media_root).as_posix()
                archive.add(str(path), arcname=f"{MEDIA_DIR}/{relative}", recursive=False)
                manifest["files"].append(
                    {"path": relative, "size": path.stat().st_size, "sha256": _file_sha256(path)}
                )
            payload = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(payload)
            info.mtime = int(timezone.now().timestamp())
            archive.addfile(info, io.BytesIO(payload))
        os.replace(partial_name, target)
    except BaseException:
        Path(partial_name).unlink(missing_ok=True)
        raise
    return manifest


def _dump_table(archive: tarfile.TarFile, model: type[models.Model], using: str) -> dict:
    digest = hashlib.sha256()
    count = 0
    # Spooled: small tables stay in memory, large ones go to a temporary file.
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as spool:
        for line in canonical_lines(model, using):
            spool.write(line)
            digest.update(line)
            count += 1
        size = spool.tell()
        spool.seek(0)
        info = tarfile.TarInfo(f"{DATA_DIR}/{model._meta.label_lower}.jsonl")
        info.size = size
        info.mtime = int(timezone.now().timestamp())
        archive.addfile(info, spool)
    return {
        "model": model._meta.label_lower,
        "table": model._meta.db_table,
        "columns": [column.attname for column in _columns(model)],
        "rows": count,
        "sha256": digest.hexdigest(),
    }


# --- Restore -----------------------------------------------------------------------------


def database_has_data(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Labels of the tables holding rows that `migrate` alone would not have put there."""
    return [
        model._meta.label_lower
        for model in dumped_models()
        if model._meta.label_lower not in MIGRATE_FILLED
        and model._base_manager.using(using).exists()
    ]


def _extract(archive_path: Path, into: Path) -> dict[str, Any]:
    """Unpack and check the whole archive before anything is changed."""
    damaged = "L'archive est illisible, tronquée ou endommagée"
    try:
        with tarfile.open(archive_path, mode="r:gz") as archive:
            for member in archive:
                name = member.name
                parts = Path(name).parts
                if (
                    not member.isfile()
                    or name.startswith("/")
                    or ".." in parts
                    or not (name == MANIFEST or parts[0] in (DATA_DIR, MEDIA_DIR))
                ):
                    raise BackupError(f"{damaged} : entrée inattendue « {name} ».")
                destination = into / name
                destination.parent.mkdir(parents=True, exist_ok=True)
                source = archive.extractfile(member)
                assert source is not None
                with destination.open("wb") as handle:
                    shutil.copyfileobj(source, handle, CHUNK)
    except FileNotFoundError as error:
        raise BackupError(f"Fichier introuvable : {archive_path}.") from error
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:
        raise BackupError(f"{damaged} ({error}).") from error
    try:
        manifest = json.loads((into / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BackupError(f"{damaged} : manifeste absent ou illisible.") from error
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            "Ce fichier n'est pas une sauvegarde Hémicycle dans un format connu "
            f"(format {manifest.get('format')!r}, version {manifest.get('version')!r})."
        )
    for table in manifest["tables"]:
        path = into / DATA_DIR / f"{table['model']}.jsonl"
        if not path.is_file() or _file_sha256(path) != table["sha256"]:
            raise BackupError(f"{damaged} : données de la table « {table['model']} » altérées.")
    for entry in manifest["files"]:
        path = into / MEDIA_DIR / entry["path"]
        if not path.is_file() or _file_sha256(path) != entry["sha256"]:
            raise BackupError(f"{damaged} : document « {entry['path']} » manquant ou altéré.")
    return manifest


def _check_compatible(manifest: dict[str, Any], using: str) -> dict[str, type[models.Model]]:
    target = applied_migrations(using)
    if manifest["migrations"] != target:
        apps_differing = sorted(
            label
            for label in set(target) | set(manifest["migrations"])
            if target.get(label) != manifest["migrations"].get(label)
        )
        raise BackupError(
            "La sauvegarde ne correspond pas à la version de la base : migrations différentes "
            f"pour {', '.join(apps_differing)}. Installez la version d'Hémicycle qui a fait la "
            "sauvegarde (ou appliquez les migrations avec « python manage.py migrate ») puis "
            "recommencez."
        )
    by_label = {model._meta.label_lower: model for model in dumped_models()}
    listed = {table["model"] for table in manifest["tables"]}
    if listed != set(by_label):
        raise BackupError(
            "Les tables de la sauvegarde ne sont pas celles de cette installation : "
            f"{', '.join(sorted(listed ^ set(by_label)))}."
        )
    for table in manifest["tables"]:
        expected = [column.attname for column in _columns(by_label[table["model"]])]
        if table["columns"] != expected:
            raise BackupError(f"Les colonnes de la table « {table['model']} » ont changé.")
    return by_label


def _insert_rows(model: type[models.Model], data_file: Path, using: str) -> None:
    connection = connections[using]
    quote = connection.ops.quote_name
    columns = _columns(model)
    # Identifiers come from the models, values are parameters: not injectable.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608  # nosec B608
        quote(model._meta.db_table),
        ", ".join(quote(str(column.column)) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )

    def prepared(handle: IO[bytes]) -> Iterator[list[Any]]:
        for line in handle:
            values = json.loads(line)
            yield [
                column.get_db_prep_save(_from_canonical(column, value), connection)
                for column, value in zip(columns, values, strict=True)
            ]

    with data_file.open("rb") as handle, connection.cursor() as cursor:
        batch: list[list[Any]] = []
        for params in prepared(handle):
            batch.append(params)
            if len(batch) >= BATCH_SIZE:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def restore_archive(
    archive_path: Path, *, force: bool = False, using: str = DEFAULT_DB_ALIAS
) -> RestoreReport:
    """Replace the database's rows and MEDIA_ROOT by the archive's; all or nothing."""
    media_root = Path(settings.MEDIA_ROOT)
    media_root.parent.mkdir(parents=True, exist_ok=True)
    # Next to MEDIA_ROOT, so that the documents are moved into place, never copied.
    staging = Path(tempfile.mkdtemp(prefix=".restauration-", dir=media_root.parent))
    report = RestoreReport()
    swapped = False
    try:
        manifest = _extract(Path(archive_path), staging)
        _require_migrated(using)
        by_label = _check_compatible(manifest, using)
        if not force:
            filled = database_has_data(using)
            if filled:
                raise BackupError(
                    "La base contient déjà des données ("
                    + ", ".join(filled[:5])
                    + (", …" if len(filled) > 5 else "")
                    + ") : la restauration les remplacerait toutes. Relancez avec --force "
                    "pour confirmer."
                )
        models_in_order = [by_label[table["model"]] for table in manifest["tables"]]
        try:
            with transaction.atomic(using=using):
                _replace_rows(manifest, models_in_order, staging, using, report)
                # Last step before the commit; undone below if the commit fails.
                report.media_kept_aside = _swap_media(staging / MEDIA_DIR, media_root)
                swapped = True
        except BaseException as error:
            if swapped:
                _unswap_media(media_root, report.media_kept_aside)
            if isinstance(error, DatabaseError):
                raise BackupError(
                    f"La restauration a échoué et a été annulée, rien n'a été modifié ({error})."
                ) from error
            raise
        report.files = len(manifest["files"])
        return report
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _replace_rows(
    manifest: dict[str, Any],
    models_in_order: list[type[models.Model]],
    staging: Path,
    using: str,
    report: RestoreReport,
) -> None:
    """Inside the caller's transaction: empty every table, load the archive's rows, verify."""
    connection = connections[using]
    quote = connection.ops.quote_name
    by_label = {model._meta.label_lower: model for model in models_in_order}
    with connection.cursor() as cursor:
        # Django declares its foreign keys deferrable: checked once, at the end.
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        elif connection.vendor == "sqlite":
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        for model in reversed(models_in_order):
            # django-rules: allow raw-sql (a table name from the models, quoted by the engine)
            cursor.execute(f"DELETE FROM {quote(model._meta.db_table)}")  # noqa: S608  # nosec B608
    for model in models_in_order:
        _insert_rows(model, staging / DATA_DIR / f"{model._meta.label_lower}.jsonl", using)
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models_in_order):
            cursor.execute(statement)
    connection.check_constraints(table_names=[model._meta.db_table for model in models_in_order])
    for table in manifest["tables"]:
        found = table_digest(by_label[table["model"]], using)
        if (found.rows, found.sha256) != (table["rows"], table["sha256"]):
            raise BackupError(
                f"Vérification échouée pour la table « {table['model']} » : "
                f"{found.rows} lignes restaurées pour {table['rows']} sauvegardées, "
                "ou contenu différent. Rien n'a été modifié."
            )
        report.tables.append(found)


def _swap_media(restored: Path, media_root: Path) -> Path | None:
    """Put the restored documents in place; keep any previous ones aside, never delete."""
    kept_aside = None
    if media_root.exists():
        if any(media_root.iterdir()):
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
            kept_aside = media_root.with_name(f"{media_root.name}.avant-restauration-{stamp}")
            media_root.rename(kept_aside)
        else:
            media_root.rmdir()
    if restored.is_dir():
        restored.rename(media_root)
    else:
        media_root.mkdir(parents=True)
    return kept_aside


def _unswap_media(media_root: Path, kept_aside: Path | None) -> None:
    shutil.rmtree(media_root, ignore_errors=True)
    if kept_aside is not None:
        kept_aside.rename(media_root)
