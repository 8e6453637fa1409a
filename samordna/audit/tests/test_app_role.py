"""On PostgreSQL samordna runs as a role that owns nothing and may only add to the audit tables:
even code that has taken over the application cannot change, empty or unprotect the log."""

import os
from contextlib import contextmanager

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from samordna.audit import triggers
from samordna.audit.models import AccessLog, SecurityEvent, SecurityEventCount

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="database roles are PostgreSQL's"
)

INSUFFICIENT_PRIVILEGE = "42501"


@pytest.fixture
def app_role(db, settings):
    """A role like the app's, granted by migrate as in production. It is made in the test's
    transaction, so the rollback drops it; roles belong to the whole cluster, which every
    pytest-xdist worker shares, so its name is the worker's own."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if not cursor.fetchone()[0]:
            pytest.skip("making and becoming a role needs a superuser")
        role = f"samordna_test_app_{os.getpid()}"
        cursor.execute(f"CREATE ROLE {role}")
    settings.DATABASE_APP_ROLE = role
    call_command("migrate", verbosity=0)
    return role


@contextmanager
def acting_as(role: str):
    with connection.cursor() as cursor:
        cursor.execute(f"SET ROLE {role}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _sqlstate(sql: str) -> str | None:
    """The error code the statement meets, in a savepoint, or None when it succeeds."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError as error:
        return error.__cause__.sqlstate
    return None


def _tampering(table: str) -> list[str]:
    # The counts may be updated, but only upwards: test_a_count_only_grows_for_the_app_role.
    update = [f"UPDATE {table} SET client_ip = NULL"] if table != "audit_securityeventcount" else []
    return [
        *update,
        f"DELETE FROM {table}",
        f"TRUNCATE {table}",
        f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only",
        f"ALTER TABLE {table} DISABLE TRIGGER ALL",
        f"DROP TRIGGER {table}_append_only ON {table}",
        f"DROP TRIGGER {table}_no_truncate ON {table}",
        f"ALTER TABLE {table} RENAME TO {table}_old",
        f"DROP TABLE {table}",
        "DROP FUNCTION audit_append_only() CASCADE",
        "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$"
        " BEGIN RETURN NEW; END; $$ LANGUAGE plpgsql",
    ]


@pytest.mark.parametrize("table", list(triggers.TABLES))
def test_the_app_role_cannot_change_empty_or_unprotect_the_audit_tables(
    app_role, make_child, log_row, table
):
    log_row(make_child())
    with acting_as(app_role):
        refused = {sql: _sqlstate(sql) for sql in _tampering(table)}
    assert refused == dict.fromkeys(_tampering(table), INSUFFICIENT_PRIVILEGE)
    assert AccessLog.objects.count() == 1


def test_the_app_role_adds_to_the_log_and_reads_it(app_role, world, make_child, login):
    child = make_child()
    client = login(world.teacher)
    with acting_as(app_role):
        response = client.get(f"/barn/{child.pk}/")
        assert response.status_code == 200
        assert AccessLog.objects.filter(child_id=child.pk, user=world.teacher).exists()


def test_a_count_only_grows_for_the_app_role(app_role, world):
    count = SecurityEventCount.objects.create(at=timezone.now(), user=world.teacher, count=3)
    with acting_as(app_role):
        assert _sqlstate(f"UPDATE audit_securityeventcount SET count = 0 WHERE id = {count.pk}")
        assert not _sqlstate(f"UPDATE audit_securityeventcount SET count = 4 WHERE id = {count.pk}")
    count.refresh_from_db()
    assert count.count == 4


def test_migrate_refuses_to_grant_the_owner_as_the_app_role(db, settings):
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        settings.DATABASE_APP_ROLE = cursor.fetchone()[0]
    with pytest.raises(ImproperlyConfigured, match="owns nothing"):
        call_command("migrate", verbosity=0)


def test_the_app_role_logs_a_refusal(app_role, world, make_child, login):
    hidden = make_child(unit=world.social)
    client = login(world.teacher)
    with acting_as(app_role):
        for _ in range(2):
            assert client.get(f"/barn/{hidden.pk}/").status_code == 404
        assert SecurityEvent.objects.filter(user=world.teacher).count() == 2
        assert SecurityEventCount.objects.get(user=world.teacher).count == 2
