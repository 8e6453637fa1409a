from django.db import migrations

from samordna.audit import triggers


def install(apps, schema_editor):
    triggers.install(schema_editor.connection, ["audit_accesslog"])


def remove(apps, schema_editor):
    triggers.remove(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
