from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult


class TaskRetry(models.Model):
    """A failed task that a system administrator queued again: at most once (one-to-one).

    The new result is named by id only: pruning old results (prune_db_task_results) must not
    be held up by it. Deleting the failed result deletes this row.
    """

    failed_result = models.OneToOneField(
        DBTaskResult,
        on_delete=models.CASCADE,
        related_name="retry",
        verbose_name=_("failed task"),
    )
    # None while queueing, or when the task went to a backend without stored results.
    new_result_id = models.UUIDField(_("new task"), null=True, db_index=True)
    # The attempt number of the new result: the first run is 1.
    attempt = models.PositiveIntegerField(_("attempt"))
    retried_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("retried by"),
    )
    retried_at = models.DateTimeField(_("retried at"), auto_now_add=True)

    class Meta:
        verbose_name = _("task retry")
        verbose_name_plural = _("task retries")

    def __str__(self) -> str:
        return f"{self.failed_result_id} → {self.new_result_id}"


class FormSubmission(models.Model):
    """The one-time token of a form that was saved (core/once.py)."""

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return str(self.token)
