"""Planner statistics: refreshed after a bulk load and nightly."""

from __future__ import annotations

import pytest
from django.db import connection

from hemicycle.core import maintenance, tasks


@pytest.mark.django_db
def test_full_statistics_after_a_bulk_load():
    assert maintenance.update_statistics(full=True) == "ANALYZE"
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone()[0] == 1


@pytest.mark.django_db
def test_the_nightly_job_uses_the_cheap_form():
    expected = "PRAGMA optimize" if connection.vendor == "sqlite" else "ANALYZE"
    assert maintenance.update_statistics() == expected
    tasks.refresh_database_statistics.call_local()
