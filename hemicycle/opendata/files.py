"""The prepared export files, built by a background job and served by the page.

A full mandature takes minutes to export (docs/decisions/0019), far beyond a web
request: a job writes both files under MEDIA_ROOT/opendata/ (each written beside its
target then renamed, so a download never gets half a file), nightly and whenever the
settings change or someone asks, and the page serves the latest ones.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from hemicycle.opendata import scdl
from hemicycle.opendata.oparl import export

log = logging.getLogger(__name__)

FILE_NAMES = {"oparl": "oparl.zip", "scdl": "deliberations.csv"}
STATUS = "status.json"


def folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "opendata"


@dataclass(frozen=True)
class Prepared:
    kind: str
    path: Path
    built_at: dt.datetime
    size: int


def prepared(kind: str) -> Prepared | None:
    path = folder() / FILE_NAMES[kind]
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    built_at = dt.datetime.fromtimestamp(stat.st_mtime, tz=dt.UTC)
    return Prepared(kind=kind, path=path, built_at=built_at, size=stat.st_size)


def status() -> dict[str, Any]:
    """{"pending_since": iso or absent, "errors": {kind: message}}."""
    try:
        data = json.loads((folder() / STATUS).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(name: str, content: bytes) -> None:
    target = folder() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{name}.")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _set_status(data: dict[str, Any]) -> None:
    _write(STATUS, json.dumps(data, ensure_ascii=False).encode())


def mark_pending() -> None:
    _set_status({**status(), "pending_since": timezone.now().isoformat()})


def build_all() -> dict[str, str]:
    """Build both files; a file that fails its checks keeps its previous version.

    Returns the French error message of each export that failed.
    """
    try:
        return _build_all()
    except Exception:
        # Never leave the page saying « en cours » forever after a crash.
        _set_status(
            {
                "errors": {"oparl": "erreur inattendue, signalée dans le journal du serveur"},
                "finished_at": timezone.now().isoformat(),
            }
        )
        raise


def _build_all() -> dict[str, str]:
    errors: dict[str, str] = {}
    tree = export.build_tree()
    problems = tree.errors()
    if problems:
        errors["oparl"] = (
            f"{len(problems)} objet(s) ne passent pas les schémas OParl 1.1, par exemple "
            f"{problems[0]}"
        )
    else:
        _write(FILE_NAMES["oparl"], export.zip_bytes(tree))
    table = scdl.rows()
    found = scdl.problems(table)
    if found:
        errors["scdl"] = (
            f"{len(found)} règle(s) du schéma SCDL non respectée(s), par exemple {found[0]}"
        )
    else:
        _write(FILE_NAMES["scdl"], scdl.csv_text(table).encode("utf-8"))
    for kind, message in errors.items():
        log.error("open data export %s refused: %s", kind, message)
    _set_status({"errors": errors, "finished_at": timezone.now().isoformat()})
    return errors
