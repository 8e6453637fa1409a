from datetime import UTC, datetime, timedelta
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from samordna.audit.models import AccessLog, RetentionRun
from samordna.audit.services import retention_cutoff

SIX_YEARS = timedelta(days=6 * 366)


def _prune(*args) -> str:
    out = StringIO()
    call_command("prune_access_log", *args, stdout=out)
    return out.getvalue()


def test_it_deletes_rows_past_retention_and_records_the_run(make_child, log_row):
    child = make_child()
    old = [log_row(child, age=SIX_YEARS) for _ in range(5)]
    kept = [log_row(child), log_row(child, age=timedelta(days=4 * 366))]
    output = _prune("--batch-size", "2")
    assert set(AccessLog.objects.values_list("pk", flat=True)) == {row.pk for row in kept}
    assert not AccessLog.objects.filter(pk__in=[row.pk for row in old]).exists()
    run = RetentionRun.objects.get()
    assert run.deleted == 5
    assert abs(run.cutoff - retention_cutoff(timezone.now(), 5)) < timedelta(minutes=1)
    assert "Deleted 5 access log rows" in output


def test_it_keeps_rows_for_a_longer_configured_period(settings, make_child, log_row):
    settings.AUDIT_RETENTION_YEARS = 10
    row = log_row(make_child(), age=SIX_YEARS)
    _prune()
    assert AccessLog.objects.filter(pk=row.pk).exists()
    assert RetentionRun.objects.get().deleted == 0


def test_it_never_goes_below_the_legal_minimum(settings, make_child, log_row):
    settings.AUDIT_RETENTION_YEARS = 1
    row = log_row(make_child(), age=timedelta(days=3 * 366))
    _prune()
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_the_cutoff_of_a_leap_day_is_the_28th():
    leap_day = datetime(2028, 2, 29, 12, tzinfo=UTC)
    assert retention_cutoff(leap_day, 5).date().isoformat() == "2023-02-28"
