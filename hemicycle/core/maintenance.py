"""Database upkeep that keeps query plans good as the data grows.

Without statistics, SQLite's planner guesses; with them it starts from the selective
side of a join (measured on a generated mandature: the activity sheet stops walking every
scrutin of every mandature). PostgreSQL's autovacuum analyses on its own, but a bulk load
is best followed by an explicit ANALYZE before the first page is served.
"""

from __future__ import annotations

from django.db import connection


def update_statistics(*, full: bool = False) -> str:
    """Refresh the planner's statistics; returns the statement run.

    `full` after a bulk load (ANALYZE everything); otherwise the cheap daily form
    (SQLite's PRAGMA optimize only analyses tables whose size changed a lot).
    """
    if connection.vendor == "sqlite":
        statement = "ANALYZE" if full else "PRAGMA optimize"
    else:
        statement = "ANALYZE"
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return statement
