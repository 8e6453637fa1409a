"""The role samordna runs as on PostgreSQL: it owns nothing and may only add to the audit log.

A table's owner may drop or disable its triggers and empty it, so the role that owns the
tables (and runs `migrate`) is not the one the web processes and workers use. After every
`migrate` run with DATABASE_APP_ROLE set, the app role is granted what it needs: read and
write the ordinary tables, use their sequences, and only SELECT and INSERT on the read log
and the security events (and UPDATE on the security event counts, which the triggers let
only grow). See docs/deployment.md.
"""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import connections

from samordna.audit import triggers

RIGHTS = {triggers.APPEND_ONLY: "SELECT, INSERT", triggers.ONLY_GROWS: "SELECT, INSERT, UPDATE"}


def grant(connection, role: str) -> None:
    """Give `role` the app's rights on every table of the current schema."""
    quote = connection.ops.quote_name
    role = quote(role)
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_schema(), current_user")
        schema, owner = cursor.fetchone()
        if quote(owner) == role:
            raise ImproperlyConfigured(
                "DATABASE_APP_ROLE names the role that runs migrate: the app role must be "
                "another, one that owns nothing."
            )
        schema = quote(schema)
        cursor.execute(f"GRANT USAGE ON SCHEMA {schema} TO {role}")
        cursor.execute(
            f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}"
        )
        cursor.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}")
        for table, rule in triggers.TABLES.items():
            cursor.execute(f"REVOKE ALL ON {quote(table)} FROM {role}")
            cursor.execute(f"GRANT {RIGHTS[rule]} ON {quote(table)} TO {role}")


def grant_after_migrate(using, **kwargs) -> None:
    """post_migrate: grant DATABASE_APP_ROLE its rights, the new tables' included."""
    connection = connections[using]
    if settings.DATABASE_APP_ROLE and connection.vendor == "postgresql":
        grant(connection, settings.DATABASE_APP_ROLE)
