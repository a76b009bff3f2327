"""A covering index on votes for the analysis page's per-scrutin counts.

The cohesion index and the party cohesion (hemicycle/votes/analysis.py) count, for every
scrutin, the votes of each option, in correlated subqueries filtered on (vote_event,
option) and, per party, joined on the councillor. With only the foreign-key index on
vote_event, each of those subqueries reads every vote row of the scrutin from the table;
with (vote_event, option, nppv_reason, councillor) it counts inside the index. Measured
on one generated mandature (25,200 scrutins, 352,800 votes, SQLite): cohesion 2.7 s →
0.8 s, party cohesion 10.1 s → 4.2 s (docs/decisions/0015-generated-data-and-bench.md).

Database-only (RunSQL, no state operation) on purpose: Vote's Meta belongs to the votes
area. When its owner declares the same index in Vote.Meta.indexes, replace this operation
with SeparateDatabaseAndState(state_operations=[AddIndex(...)]) so that makemigrations
does not create it a second time. The SQL is the same on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("votes", "0001_initial")]

    operations = [
        migrations.RunSQL(
            sql=(
                # Quoted: "option" is a keyword in SQL, if not reserved on either engine.
                'CREATE INDEX IF NOT EXISTS votes_vote_event_option_idx ON votes_vote '
                '(vote_event_id, "option", nppv_reason, councillor_id)'
            ),
            reverse_sql="DROP INDEX IF EXISTS votes_vote_event_option_idx",
        )
    ]
