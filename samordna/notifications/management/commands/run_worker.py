"""Run the background worker: django-tasks-db's worker plus a heartbeat /healthz can see.

The library's loop runs in batches (every ready task, then back here). Between batches and
after each task the worker records that it is alive, so the heartbeat does not depend on
tasks being queued, and it stops when the loop itself stops turning. Between batches it
also sends due reminders, at most every 15 minutes (a second worker's sweep sends nothing
twice).
"""

import logging
import os
import socket
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands import db_worker

from samordna.notifications import reminders
from samordna.notifications.models import HEARTBEAT_EVERY, WorkerHeartbeat

logger = logging.getLogger(__name__)

SWEEP_EVERY = timedelta(minutes=15)


class BeatingWorker(db_worker.Worker):
    def __init__(self, **options):
        super().__init__(batch=True, startup_delay=False, max_tasks=None, **options)
        self.last_beat = -HEARTBEAT_EVERY.total_seconds()
        self.last_sweep = -SWEEP_EVERY.total_seconds()

    def beat(self, force: bool = False) -> None:
        if force or time.monotonic() - self.last_beat >= HEARTBEAT_EVERY.total_seconds():
            WorkerHeartbeat.beat(self.worker_id)
            self.last_beat = time.monotonic()

    def sweep(self) -> None:
        """Send due reminders, at most every SWEEP_EVERY; a failure waits for the next turn."""
        if time.monotonic() - self.last_sweep < SWEEP_EVERY.total_seconds():
            return
        self.last_sweep = time.monotonic()
        try:
            reminders.sweep()
        except Exception:
            logger.exception("The reminder sweep failed; it runs again in 15 minutes")

    def run_until_stopped(self) -> None:
        WorkerHeartbeat.objects.forget_old()
        while self.running:
            close_old_connections()
            self.beat()
            self.sweep()
            self.run()
            if self.running:
                time.sleep(self.interval)

    def run_task(self, db_task_result) -> None:
        super().run_task(db_task_result)
        self.beat()


def default_worker_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"[-64:]


class Command(BaseCommand):
    help = "Run the background worker (django-tasks-db) and record its heartbeat."

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue-name",
            default=DEFAULT_TASK_QUEUE_NAME,
            help="Queues to process, comma-separated; '*' for all (default: %(default)s).",
        )
        parser.add_argument(
            "--interval",
            type=db_worker.valid_interval,
            default=1,
            help="Seconds to wait when no task is ready (default: %(default)s).",
        )
        parser.add_argument(
            "--backend",
            dest="backend_name",
            type=db_worker.valid_backend_name,
            default=DEFAULT_TASK_BACKEND_ALIAS,
            help="The task backend to work for; must be a database backend.",
        )
        parser.add_argument(
            "--worker-id",
            type=db_worker.validate_worker_id,
            default=default_worker_id(),
            help="Unique name of this worker, also of its heartbeat (default: host-pid).",
        )
        parser.add_argument(
            "--batch", action="store_true", help="Run every ready task once, then exit."
        )

    def handle(self, *, queue_name, interval, backend_name, worker_id, batch, **options):
        # The library announces every batch at INFO; this command announces itself once.
        db_worker.logger.setLevel(logging.WARNING)
        worker = BeatingWorker(
            queue_names=queue_name.split(","),
            excluded_queue_names=[],
            interval=interval,
            backend_name=backend_name,
            worker_id=worker_id,
        )
        if batch:
            worker.beat(force=True)
            worker.run()
            return
        logger.info("Worker %s started (queues: %s)", worker_id, queue_name)
        # SIGINT/SIGTERM: finish the running task, then exit (a second signal aborts it).
        worker.configure_signals()
        worker.run_until_stopped()
