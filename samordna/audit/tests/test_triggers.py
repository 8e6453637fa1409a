"""The database keeps the log append-only, whatever the code above it does."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import F
from django.utils import timezone

from samordna.audit import triggers
from samordna.audit.models import AccessLog, Action, SecurityEvent, SecurityEventCount

SIX_YEARS = timedelta(days=6 * 366)


def _refused(operation) -> bool:
    # A savepoint: on PostgreSQL a failed statement would abort the test's transaction.
    try:
        with transaction.atomic():
            operation()
    except DatabaseError:
        return True
    return False


def _raw(sql: str, pk: int | None = None):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [] if pk is None else [pk])

    return run


def test_it_refuses_an_update_through_the_orm(make_child, log_row):
    row = log_row(make_child())
    assert _refused(lambda: AccessLog.objects.filter(pk=row.pk).update(action=Action.UPDATE))
    row.action = Action.UPDATE
    assert _refused(row.save)
    assert AccessLog.objects.get(pk=row.pk).action == Action.VIEW


def test_it_refuses_an_update_in_raw_sql(make_child, log_row):
    row = log_row(make_child())
    assert _refused(_raw("UPDATE audit_accesslog SET client_ip = NULL WHERE id = %s", row.pk))
    assert AccessLog.objects.get(pk=row.pk).client_ip == "192.0.2.10"


def test_it_refuses_an_update_of_an_old_row(make_child, log_row):
    row = log_row(make_child(), age=SIX_YEARS)
    assert _refused(_raw("UPDATE audit_accesslog SET action = 'update' WHERE id = %s", row.pk))


def test_it_refuses_to_delete_a_recent_row(make_child, log_row):
    row = log_row(make_child(), age=timedelta(days=4 * 366))
    assert _refused(lambda: AccessLog.objects.filter(pk=row.pk).delete())
    assert _refused(row.delete)
    assert _refused(_raw("DELETE FROM audit_accesslog WHERE id = %s", row.pk))
    assert AccessLog.objects.filter(pk=row.pk).exists()


def test_it_allows_deleting_a_row_past_the_legal_minimum(make_child, log_row):
    row = log_row(make_child(), age=SIX_YEARS)
    assert not _refused(_raw("DELETE FROM audit_accesslog WHERE id = %s", row.pk))
    assert not AccessLog.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_the_app_offers_no_way_to_change_the_log(login, world, method):
    response = getattr(login(world.school_head), method)("/logg/")
    assert response.status_code == 405


def test_a_post_to_the_log_only_filters_it(login, world, make_child, log_row):
    """The filter posts (an identity number stays out of the URL); it changes no row."""
    row = log_row(make_child())
    before = {r.pk: (r.action, r.at) for r in AccessLog.objects.all()}
    response = login(world.school_head).post(
        "/logg/", {"child": "", "action": "delete", "pk": row.pk}
    )
    assert response.status_code == 200
    after = {r.pk: (r.action, r.at) for r in AccessLog.objects.filter(pk__in=before)}
    assert after == before


def test_it_refuses_to_replace_a_row_with_a_new_one(make_child, log_row):
    """SQLite's INSERT OR REPLACE deletes the row it replaces, PostgreSQL's ON CONFLICT
    updates it: both must meet the triggers (SQLite's only with recursive triggers on)."""
    row = log_row(make_child())
    replace = {
        "sqlite": "INSERT OR REPLACE INTO audit_accesslog"
        " (id, at, user_id, acting_unit_id, child_id, object_type, object_id, action, client_ip)"
        " SELECT id, at, user_id, acting_unit_id, child_id, object_type, object_id, 'update', NULL"
        " FROM audit_accesslog WHERE id = %s",
        "postgresql": "INSERT INTO audit_accesslog"
        " (id, at, user_id, acting_unit_id, child_id, object_type, object_id, action, client_ip)"
        " SELECT id, at, user_id, acting_unit_id, child_id, object_type, object_id, 'update', NULL"
        " FROM audit_accesslog WHERE id = %s"
        " ON CONFLICT (id) DO UPDATE SET action = EXCLUDED.action, client_ip = NULL",
    }[connection.vendor]
    assert _refused(_raw(replace, row.pk))
    kept = AccessLog.objects.get(pk=row.pk)
    assert (kept.action, kept.client_ip) == (Action.VIEW, "192.0.2.10")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
@pytest.mark.parametrize("table", list(triggers.TABLES))
def test_not_even_the_owner_empties_an_audit_table(make_child, log_row, table):
    log_row(make_child())
    assert _refused(_raw(f"TRUNCATE {table}"))
    assert AccessLog.objects.count() == 1


def test_security_events_are_append_only(world):
    event = SecurityEvent.objects.create(
        user=world.teacher, method="GET", path="/barn/1/", status=404, refused="people.child 1"
    )
    assert _refused(lambda: SecurityEvent.objects.filter(pk=event.pk).update(status=200))
    assert _refused(event.delete)
    columns = "id, at, user_id, acting_unit_id, client_ip, method, path, status, refused"
    replace = {
        "sqlite": f"INSERT OR REPLACE INTO audit_securityevent ({columns})"
        " SELECT id, at, NULL, NULL, '', 'GET', '/', 200, '' FROM audit_securityevent"
        " WHERE id = %s",
        "postgresql": f"INSERT INTO audit_securityevent ({columns})"
        " SELECT id, at, NULL, NULL, '', 'GET', '/', 200, '' FROM audit_securityevent"
        " WHERE id = %s ON CONFLICT (id) DO UPDATE SET user_id = NULL",
    }[connection.vendor]
    assert _refused(_raw(replace, event.pk))
    kept = SecurityEvent.objects.get(pk=event.pk)
    assert (kept.user, kept.status) == (world.teacher, 404)


def test_a_count_of_security_events_only_grows(world):
    count = SecurityEventCount.objects.create(
        at=timezone.now(), user=world.teacher, client_ip="192.0.2.10", count=3
    )
    counts = SecurityEventCount.objects.filter(pk=count.pk)
    assert not _refused(lambda: counts.update(count=F("count") + 1))
    assert _refused(lambda: counts.update(count=0))
    assert _refused(lambda: counts.update(count=9, client_ip="192.0.2.99"))
    assert _refused(lambda: counts.update(count=9, user=world.social_worker))
    assert _refused(count.delete)
    assert (counts.get().count, counts.get().user) == (4, world.teacher)
