"""Database triggers that keep the access log append-only, on PostgreSQL and SQLite.

UPDATE always fails. DELETE fails unless the row is older than the legal minimum retention
(five years), which the prune command relies on. The SQL lives here once: the migration
installs it and tests that must empty the database use `suspended()`.
"""

from contextlib import contextmanager

MINIMUM_RETENTION_YEARS = 5
MESSAGE = "audit_accesslog is append-only"

POSTGRESQL_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION audit_accesslog_protect() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND OLD.at < now() - interval '{MINIMUM_RETENTION_YEARS} years' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '{MESSAGE}';
    END;
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER audit_accesslog_append_only BEFORE UPDATE OR DELETE ON audit_accesslog
    FOR EACH ROW EXECUTE FUNCTION audit_accesslog_protect()
    """,
]
POSTGRESQL_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_append_only ON audit_accesslog",
    "DROP FUNCTION IF EXISTS audit_accesslog_protect()",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER audit_accesslog_no_update BEFORE UPDATE ON audit_accesslog
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
    f"""
    CREATE TRIGGER audit_accesslog_no_delete BEFORE DELETE ON audit_accesslog
    WHEN OLD.at >= datetime('now', '-{MINIMUM_RETENTION_YEARS} years')
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_accesslog_no_update",
    "DROP TRIGGER IF EXISTS audit_accesslog_no_delete",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def install(connection) -> None:
    with connection.cursor() as cursor:
        for sql in STATEMENTS[connection.vendor][0]:
            cursor.execute(sql)


def remove(connection) -> None:
    with connection.cursor() as cursor:
        for sql in STATEMENTS[connection.vendor][1]:
            cursor.execute(sql)


@contextmanager
def suspended(connection):
    """For tests that empty the database between runs: lift the protection, then restore it."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)
