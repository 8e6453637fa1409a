"""What /healthz reports: the database answers, every migration is applied, and how long ago
a background worker last said it was alive (which matters only when WORKER_REQUIRED is on)."""

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from samordna.notifications.models import STALE_AFTER, WorkerHeartbeat

logger = logging.getLogger(__name__)


def check_health() -> dict:
    checks: dict = {"database": False, "migrations": False, "worker_heartbeat_age": None}
    try:
        connection = connections[DEFAULT_DB_ALIAS]
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = True
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        checks["migrations"] = not plan
        if checks["migrations"]:
            checks["worker_heartbeat_age"] = WorkerHeartbeat.objects.age()
    except Exception:  # any failure means "unhealthy": reported, not raised
        logger.exception("Health check failed")
    checks["healthy"] = checks["database"] and checks["migrations"] and worker_ok(checks)
    return checks


def worker_ok(checks: dict) -> bool:
    if not settings.WORKER_REQUIRED:
        return True
    age = checks["worker_heartbeat_age"]
    return age is not None and age <= STALE_AFTER.total_seconds()
