"""A join request names its child, and may wait without a SIP (decision 29)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def name_the_children(apps, schema_editor):
    JoinRequest = apps.get_model("plans", "JoinRequest")
    Plan = apps.get_model("plans", "Plan")
    JoinRequest.objects.update(
        child_id=Subquery(Plan.objects.filter(pk=OuterRef("plan_id")).values("child_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
        ("plans", "0003_measure_actors_histories_approval_meeting"),
    ]

    operations = [
        migrations.AddField(
            model_name="joinrequest",
            name="child",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="join_requests",
                to="people.child",
            ),
        ),
        migrations.RunPython(name_the_children, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="joinrequest",
            name="child",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="join_requests",
                to="people.child",
            ),
        ),
        migrations.AlterField(
            model_name="joinrequest",
            name="plan",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="join_requests",
                to="plans.plan",
            ),
        ),
        migrations.AddConstraint(
            model_name="joinrequest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("plan__isnull", True), ("status", "pending")),
                fields=("child", "unit"),
                name="joinrequest_one_waiting_per_unit_and_child",
            ),
        ),
    ]
