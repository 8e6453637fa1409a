"""Indexes for the child list and its search at a region's scale (issue 15 §2).

The list pages in name order (the keyset of people/views.py). On PostgreSQL, a name search
("nora", `icontains`, which Django writes as UPPER(name) LIKE UPPER('%nora%')) is served by
trigram indexes on the same expressions; pg_trgm is a trusted extension, so the database's
owner may create it. SQLite scans, which is fast enough at the sizes it is meant for.
Identity numbers are matched exactly, by their unique index.
"""

from django.db import migrations, models

TRIGRAM_FIELDS = ("given_name", "family_name")


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for field in TRIGRAM_FIELDS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS child_{field}_trgm ON people_child "
            f'USING gin (UPPER("{field}"::text) gin_trgm_ops)'
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for field in TRIGRAM_FIELDS:
        schema_editor.execute(f"DROP INDEX IF EXISTS child_{field}_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0003_principal_contracted_by"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="child",
            index=models.Index(fields=["family_name", "given_name", "id"], name="child_name"),
        ),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
    ]
