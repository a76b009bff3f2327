"""Counts of the group's votes per scrutin and per party, filled from the existing votes.

The covering index created by 0002 with RunSQL is declared in Vote.Meta from now on:
state only here, the database already has it.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _n(option: str) -> str:
    return f"COALESCE(SUM(CASE WHEN v.\"option\" = '{option}' THEN 1 ELSE 0 END), 0)"


# The same rules as hemicycle/votes/tallies.py: an NPPV for an absence or a déport is
# not a choice; the party is the councillor's.
FILL_SCRUTINS = f"""
INSERT INTO votes_scrutintally (vote_event_id, pour, contre, abstention, nppv, options)
SELECT e.id, {_n('pour')}, {_n('contre')}, {_n('abstention')}, {_n('nppv')},
       COUNT(DISTINCT v."option")
FROM votes_voteevent e
LEFT JOIN votes_vote v ON v.vote_event_id = e.id
     AND NOT (v."option" = 'nppv' AND v.nppv_reason IN ('absent', 'deport'))
GROUP BY e.id
"""
FILL_PARTIES = f"""
INSERT INTO votes_partytally (vote_event_id, party_id, pour, contre, abstention)
SELECT v.vote_event_id, c.party_id, {_n('pour')}, {_n('contre')}, {_n('abstention')}
FROM votes_vote v JOIN group_councillor c ON c.id = v.councillor_id
WHERE v."option" IN ('pour', 'contre', 'abstention')
GROUP BY v.vote_event_id, c.party_id
"""


class Migration(migrations.Migration):

    dependencies = [
        ('group', '0001_initial'),
        ('votes', '0002_vote_covering_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PartyTally',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('pour', models.PositiveSmallIntegerField(default=0)),
                ('contre', models.PositiveSmallIntegerField(default=0)),
                ('abstention', models.PositiveSmallIntegerField(default=0)),
            ],
            options={
                'verbose_name': 'décompte par parti',
                'verbose_name_plural': 'décomptes par parti',
            },
        ),
        migrations.CreateModel(
            name='ScrutinTally',
            fields=[
                ('vote_event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='tally', serialize=False, to='votes.voteevent')),
                ('pour', models.PositiveSmallIntegerField(default=0)),
                ('contre', models.PositiveSmallIntegerField(default=0)),
                ('abstention', models.PositiveSmallIntegerField(default=0)),
                ('nppv', models.PositiveSmallIntegerField(default=0)),
                ('options', models.PositiveSmallIntegerField(db_index=True, default=0)),
            ],
            options={
                'verbose_name': 'décompte du groupe',
                'verbose_name_plural': 'décomptes du groupe',
            },
        ),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddIndex(
                    model_name='vote',
                    index=models.Index(fields=['vote_event', 'option', 'nppv_reason', 'councillor'], name='votes_vote_event_option_idx'),
                ),
            ],
        ),
        migrations.AddField(
            model_name='partytally',
            name='party',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='group.party'),
        ),
        migrations.AddField(
            model_name='partytally',
            name='vote_event',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='party_tallies', to='votes.voteevent'),
        ),
        migrations.AddIndex(
            model_name='partytally',
            index=models.Index(fields=['party', 'vote_event'], name='votes_party_party_i_06a345_idx'),
        ),
        migrations.RunSQL(sql=FILL_SCRUTINS, reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(sql=FILL_PARTIES, reverse_sql=migrations.RunSQL.noop),
    ]
