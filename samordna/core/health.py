"""What /healthz reports: the database answers and every migration is applied."""

import logging

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)


def check_health() -> dict:
    checks: dict = {"database": False, "migrations": False}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = not plan
    except Exception:  # any failure means "unhealthy": reported, not raised
        logger.exception("Health check failed")
    checks["healthy"] = all(checks.values())
    return checks
