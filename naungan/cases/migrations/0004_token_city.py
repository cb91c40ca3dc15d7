"""Search tokens carry their case's city, indexed with the token: a name search inside a city
reads only that city's rows of the token (not every case in the country sharing a first name)."""

import django.db.models.deletion
from django.db import migrations, models


def backfill(apps, schema_editor):
    conn = schema_editor.connection
    with conn.cursor() as cur:
        if conn.vendor == "postgresql":
            cur.execute("UPDATE cases_persontoken t SET city_id = c.city_id FROM cases_case c WHERE c.id = t.case_id")
        else:
            cur.execute("UPDATE cases_persontoken SET city_id = (SELECT city_id FROM cases_case WHERE cases_case.id = cases_persontoken.case_id)")


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0003_fewer_redundant_fk_indexes'),
        ('regions', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='persontoken',
            name='city',
            field=models.ForeignKey(db_index=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='regions.region'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='persontoken',
            index=models.Index(fields=['token', 'kind', 'city', 'case'], name='cases_token_city_case'),
        ),
        migrations.RemoveIndex(
            model_name='persontoken',
            name='cases_perso_token_d9ef90_idx',
        ),
    ]
