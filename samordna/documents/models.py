"""A document made in the background for one user: its progress and, when done, the file.

The result lives under MEDIA_ROOT, which is never served directly: only the download view
hands it out, to the user who asked for it, and a result is deleted after RESULT_DAYS
(manage.py prune_document_jobs).
"""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

RESULT_DAYS = 7


def result_path(job: "DocumentJob", filename: str) -> str:
    """A random stored name: the name shown to the user is kept apart, in result_name."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


# The largest batches take about a minute (benchmarks/README.md); half an hour is stuck.
STALLED_AFTER = timedelta(minutes=30)


class DocumentJobQuerySet(models.QuerySet):
    def expired(self, now=None) -> "DocumentJobQuerySet":
        return self.filter(created_at__lt=(now or timezone.now()) - timedelta(days=RESULT_DAYS))


class DocumentJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=64)
    # Shown to the user on the job page: never personal data.
    title = models.CharField(_("title"), max_length=200)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="document_jobs",
        verbose_name=_("requested by"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("acting unit"),
    )
    # Set when the result holds one child's data: its download is logged as a read.
    child = models.ForeignKey(
        "people.Child",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("child"),
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    done = models.PositiveIntegerField(_("done"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    # A generic message (an English msgid, translated when shown); the details are in the
    # task's traceback, which only system administrators see.
    error = models.CharField(_("error"), max_length=300, blank=True)
    result = models.FileField(_("result"), upload_to=result_path, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    content_type = models.CharField(_("content type"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = DocumentJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("document job")
        verbose_name_plural = _("document jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("documents:job", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_stalled(self) -> bool:
        """Not finished long after it was asked for: its worker has probably stopped (a
        restart mid-job), so the page stops waiting and says to start it again."""
        return not self.is_finished and timezone.now() - self.created_at > STALLED_AFTER

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)


@receiver(post_delete, sender=DocumentJob)
def _delete_result_file(sender, instance: DocumentJob, **kwargs) -> None:
    """A deleted job (pruned, or its child or user deleted) takes its file with it."""
    if instance.result:
        instance.result.delete(save=False)
