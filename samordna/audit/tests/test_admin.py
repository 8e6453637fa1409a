from django.contrib import admin

from samordna.audit.models import AccessLog, RetentionRun


def test_the_access_log_has_no_admin():
    assert not admin.site.is_registered(AccessLog)


def test_retention_runs_are_read_only_in_the_admin(login, world):
    run = RetentionRun.objects.create(cutoff="2020-01-01T00:00Z", deleted=3)
    client = login(world.system_admin)
    assert client.get("/admin/audit/retentionrun/").status_code == 200
    assert client.get("/admin/audit/retentionrun/add/").status_code == 403
    assert client.post(f"/admin/audit/retentionrun/{run.pk}/delete/").status_code == 403
    assert RetentionRun.objects.filter(pk=run.pk).exists()
