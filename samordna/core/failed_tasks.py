"""Failed background tasks, for system administrators: what failed, and trying it again.

The rows are django-tasks-db's own task results. A retry queues the same task with the same
arguments and records that the failed result was retried, so that it leaves the list and is
never queued twice.
"""

import uuid
from contextlib import suppress

from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, PositiveIntegerField, Subquery, Value
from django.db.models.functions import Coalesce
from django_tasks.exceptions import InvalidTaskError
from django_tasks_db.models import DBTaskResult

from samordna.core.models import TaskRetry


class NotRetried(Exception):
    """The task was retried already, or its code is gone."""


def failed_results():
    """Failed results not yet retried, newest first, annotated with their attempt number."""
    attempt = TaskRetry.objects.filter(new_result_id=OuterRef("id")).values("attempt")[:1]
    return (
        DBTaskResult.objects.failed()
        .filter(retry__isnull=True)
        .annotate(
            attempt=Coalesce(Subquery(attempt), Value(1), output_field=PositiveIntegerField())
        )
        .order_by("-finished_at")
    )


def task_name(result: DBTaskResult) -> str:
    """The task function's name, from the stored path (the code need not import)."""
    return result.task_path.rsplit(".", 1)[-1]


def failure_message(result: DBTaskResult) -> str:
    """The traceback's last line: the exception's class and message."""
    lines = [line for line in result.traceback.splitlines() if line.strip()]
    return lines[-1] if lines else result.exception_class_path


def retry(result: DBTaskResult, user) -> TaskRetry:
    """Queue the task again with the same arguments, once; raises NotRetried otherwise."""
    try:
        task = result.task
    except (ImportError, SuspiciousOperation, InvalidTaskError) as error:
        raise NotRetried from error
    try:
        with transaction.atomic():
            attempt = _attempt(result)
            # The row first: a second retry of the same result fails here, before queueing.
            retry = TaskRetry.objects.create(
                failed_result=result, attempt=attempt + 1, retried_by=user
            )
            new = task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
            with suppress(ValueError):  # the immediate backend's ids are no UUIDs
                retry.new_result_id = uuid.UUID(str(new.id))
                retry.save(update_fields=["new_result_id"])
    except IntegrityError as error:
        raise NotRetried from error
    return retry


def _attempt(result: DBTaskResult) -> int:
    earlier = TaskRetry.objects.filter(new_result_id=result.id).first()
    return earlier.attempt if earlier else 1
