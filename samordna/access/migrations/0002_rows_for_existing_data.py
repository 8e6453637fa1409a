"""The access rows of the children already registered, as samordna/access/index.py and
consents/access.py give them (written out here with the models as they were)."""

from django.db import migrations


def build(apps, schema_editor):
    ChildAccess = apps.get_model("access", "ChildAccess")
    Child = apps.get_model("people", "Child")
    Consent = apps.get_model("consents", "Consent")
    rows = [
        ChildAccess(child_id=pk, unit_id=unit_id, reason="registered")
        for pk, unit_id in Child.objects.values_list("pk", "registered_by_unit_id")
    ]
    consents = {
        pk: dates
        for pk, *dates in Consent.objects.values_list(
            "pk", "plan__child_id", "given_on", "valid_until", "withdrawn_at"
        )
    }
    direct = Consent.units.through.objects.values_list("consent_id", "unit_id")
    by_principal = Consent.principals.through.objects.filter(
        principal__units__isnull=False
    ).values_list("consent_id", "principal__units")
    covered = {*direct, *by_principal}
    for consent_id, unit_id in covered:
        child_id, given_on, valid_until, withdrawn_at = consents[consent_id]
        rows.append(
            ChildAccess(
                child_id=child_id,
                unit_id=unit_id,
                reason="consent",
                consent_id=consent_id,
                valid_from=given_on,
                valid_until=valid_until,
                ended_at=withdrawn_at,
            )
        )
    ChildAccess.objects.bulk_create(rows, batch_size=1000)


def remove(apps, schema_editor):
    apps.get_model("access", "ChildAccess").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("access", "0001_child_access"),
        ("plans", "0003_measure_actors_histories_approval_meeting"),
    ]

    operations = [migrations.RunPython(build, remove)]
