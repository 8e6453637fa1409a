"""Database triggers that keep the audit tables append-only, on PostgreSQL and SQLite.

The read log and the security events: UPDATE always fails; DELETE fails unless the row is
older than the legal minimum retention (five years), which the prune command relies on;
TRUNCATE fails (PostgreSQL; SQLite has none). The per-minute counts of security events may
only grow. On SQLite the settings turn on `recursive_triggers` for every connection:
without it INSERT OR REPLACE deletes the row it replaces without firing the DELETE trigger.

The triggers hold for every role, the tables' owner included, but an owner may drop or
disable them: on PostgreSQL the application runs as a role that owns nothing (app_role.py).
The SQL lives here once: the migrations install it and the tests' flush uses `suspended()`.
"""

from contextlib import contextmanager

MINIMUM_RETENTION_YEARS = 5

# The two rules, worded as the refusal says them.
APPEND_ONLY = "is append-only"
ONLY_GROWS = "only grows"
# Each protected table and the rule for its rows.
TABLES = {
    "audit_accesslog": APPEND_ONLY,
    "audit_securityevent": APPEND_ONLY,
    "audit_securityeventcount": ONLY_GROWS,
}
# The columns of a count that never change: only `count` may, and only upwards.
COUNT_KEY = ["id", "at", "user_id", "client_ip"]

PG_EXPIRED = f"OLD.at < now() - interval '{MINIMUM_RETENTION_YEARS} years'"
PG_KEY_KEPT = (
    f"({', '.join(f'NEW.{c}' for c in COUNT_KEY)})"
    f" IS NOT DISTINCT FROM ({', '.join(f'OLD.{c}' for c in COUNT_KEY)})"
)
POSTGRESQL_FUNCTIONS = {
    "audit_append_only": f"""
    CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' AND {PG_EXPIRED} THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '% {APPEND_ONLY}', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql
    """,
    "audit_only_grows": f"""
    CREATE OR REPLACE FUNCTION audit_only_grows() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'UPDATE' AND NEW.count > OLD.count AND {PG_KEY_KEPT} THEN
            RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' AND {PG_EXPIRED} THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION '% {ONLY_GROWS}', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql
    """,
    "audit_no_truncate": """
    CREATE OR REPLACE FUNCTION audit_no_truncate() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '% cannot be emptied', TG_TABLE_NAME;
    END;
    $$ LANGUAGE plpgsql
    """,
}
# Before the security events, the read log's one trigger had a function of its own.
POSTGRESQL_OLD_FUNCTIONS = ["audit_accesslog_protect"]


def _postgresql_install(table: str) -> list[str]:
    function = {APPEND_ONLY: "audit_append_only", ONLY_GROWS: "audit_only_grows"}[TABLES[table]]
    return [
        *_postgresql_remove(table),
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
        FOR EACH ROW EXECUTE FUNCTION {function}()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_no_truncate()""",
    ]


def _postgresql_remove(table: str) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
        f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
    ]


SQLITE_KEY_KEPT = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in COUNT_KEY)


def _sqlite_install(table: str) -> list[str]:
    refuse = f"BEGIN SELECT RAISE(ABORT, '{table} {TABLES[table]}'); END"
    update_allowed = {
        APPEND_ONLY: "",
        ONLY_GROWS: f"WHEN NOT (NEW.count > OLD.count AND {SQLITE_KEY_KEPT})",
    }[TABLES[table]]
    return [
        *_sqlite_remove(table),
        f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} {update_allowed} {refuse}",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
        WHEN OLD.at >= datetime('now', '-{MINIMUM_RETENTION_YEARS} years') {refuse}""",
    ]


def _sqlite_remove(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_{name}" for name in ("no_update", "no_delete")]


def _postgresql(install: bool, tables) -> list[str]:
    per_table = _postgresql_install if install else _postgresql_remove
    dropped = POSTGRESQL_OLD_FUNCTIONS + ([] if install else list(POSTGRESQL_FUNCTIONS))
    return [
        *(POSTGRESQL_FUNCTIONS.values() if install else []),
        *(sql for table in tables for sql in per_table(table)),
        *(f"DROP FUNCTION IF EXISTS {name}()" for name in dropped),
    ]


def _sqlite(install: bool, tables) -> list[str]:
    per_table = _sqlite_install if install else _sqlite_remove
    return [sql for table in tables for sql in per_table(table)]


STATEMENTS = {"postgresql": _postgresql, "sqlite": _sqlite}


def install(connection, tables=tuple(TABLES)) -> None:
    """Protect these tables (all by default); installing again replaces the triggers."""
    with connection.cursor() as cursor:
        for sql in STATEMENTS[connection.vendor](True, tables):
            cursor.execute(sql)


def remove(connection) -> None:
    """Lift the protection of every table (a missing table is no error)."""
    with connection.cursor() as cursor:
        for sql in STATEMENTS[connection.vendor](False, TABLES):
            cursor.execute(sql)


@contextmanager
def suspended(connection):
    """For tests that empty the database: lift the protection, then restore it."""
    remove(connection)
    try:
        yield
    finally:
        install(connection)
