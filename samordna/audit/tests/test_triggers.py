"""The database keeps the log append-only, whatever the code above it does."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction

from samordna.audit.models import AccessLog, Action

SIX_YEARS = timedelta(days=6 * 366)


def _refused(operation) -> bool:
    # A savepoint: on PostgreSQL a failed statement would abort the test's transaction.
    try:
        with transaction.atomic():
            operation()
    except DatabaseError:
        return True
    return False


def _raw(sql: str, pk: int):
    def run():
        with connection.cursor() as cursor:
            cursor.execute(sql, [pk])

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
