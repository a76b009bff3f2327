"""Background jobs of the open-data area."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task()
def prepare_exports() -> None:
    """Build the OParl zip and the SCDL CSV (see hemicycle/opendata/files.py)."""
    from hemicycle.opendata import files

    files.build_all()


@db_periodic_task(crontab(hour="3", minute="40"))
def nightly_exports() -> None:
    """Every night: the files on the page follow the day's séances and results."""
    from hemicycle.opendata import files

    files.build_all()
