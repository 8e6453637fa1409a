"""Long document jobs: a registry of builders, starting a job and running it in the worker.

A builder makes one kind of document. It is registered under a key and receives the job
and a progress callback; it returns the file to download::

    @document_job("invitation_letters")
    def build(job: DocumentJob, progress: Progress) -> tuple[str, bytes, str]:
        meetings = Meeting.objects.filter(pk__in=job.params["meeting_ids"])
        pages = []
        for done, meeting in enumerate(meetings, start=1):
            pages.append(render_letter(meeting))
            progress(done, len(meetings))
        return "kallelser.pdf", merge(pages), "application/pdf"

Builders live in `<app>/document_jobs.py` (imported by DocumentsConfig.ready, so every
worker knows them). A view starts a job and sends the user to its page::

    job = start_job(request, "invitation_letters", title=_("Invitation letters"),
                    params={"meeting_ids": ids})
    return redirect(job)

The job's params are stored in the database until the worker runs it: ids and keys, never
names or identity numbers. The title and the file name are shown to the user and written in
the log: no personal data either. A builder may raise DocumentJobError with a message the
user may read (an English msgid, marked with gettext_noop; it is translated when shown);
any other exception gives the generic message.
"""

import logging
import time
from collections.abc import Callable
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_noop
from django_tasks import TaskContext, task
from django_tasks_db import DatabaseBackend

from samordna.documents.models import DocumentJob
from samordna.notifications.models import HEARTBEAT_EVERY, WorkerHeartbeat

logger = logging.getLogger(__name__)

GENERIC_ERROR = gettext_noop(
    "The document could not be made. Try again, and tell your system administrator if it "
    "fails again."
)
# The counters are written at most this often (and once more at the end).
PROGRESS_EVERY = 0.5

Builder = Callable[[DocumentJob, "Progress"], tuple[str, bytes, str]]
_builders: dict[str, Builder] = {}


class DocumentJobError(Exception):
    """A failure the user may be told about: the message must hold no personal data."""


def document_job(kind: str) -> Callable[[Builder], Builder]:
    """Register `builder` as the maker of documents of `kind`."""

    def register(builder: Builder) -> Builder:
        registered = _builders.get(kind)
        if registered is not None and registered.__qualname__ != builder.__qualname__:
            raise ValueError(f"Document job kind {kind!r} is already registered")
        _builders[kind] = builder
        return builder

    return register


def builder_for(kind: str) -> Builder:
    try:
        return _builders[kind]
    except KeyError:
        raise LookupError(f"No document job builder is registered for {kind!r}") from None


class Progress:
    """progress(done, total): records how far the job has come, at most every 0.5 s.

    Given the id of the worker running the job, it also renews that worker's heartbeat, so
    that a job longer than a minute does not make /healthz report the worker as gone.
    """

    def __init__(self, job: DocumentJob, worker_id: str | None = None):
        self.job = job
        self.worker_id = worker_id
        self.last_write = self.last_beat = float("-inf")

    def __call__(self, done: int, total: int) -> None:
        self.job.done, self.job.total = done, total
        now = time.monotonic()
        if done >= total or now - self.last_write >= PROGRESS_EVERY:
            DocumentJob.objects.filter(pk=self.job.pk).update(done=done, total=total)
            self.last_write = now
        if self.worker_id and now - self.last_beat >= HEARTBEAT_EVERY.total_seconds():
            WorkerHeartbeat.beat(self.worker_id)
            self.last_beat = now


def start_job(request, kind: str, *, title, params: dict, child=None) -> DocumentJob:
    """Create the job for the request's user and acting unit; the worker runs it after commit."""
    builder_for(kind)  # an unknown kind fails here, in the request, not later in the worker
    job = DocumentJob.objects.create(
        kind=kind,
        title=str(title),
        requested_by=request.user,
        unit=request.acting_unit,
        child=child,
        params=params,
    )
    transaction.on_commit(partial(run_document_job.enqueue, job.pk))
    return job


def _runs_in_a_worker() -> bool:
    return isinstance(run_document_job.get_backend(), DatabaseBackend)


@task(takes_context=True)
def run_document_job(context: TaskContext, job_pk: int) -> None:
    """Run the job's builder and store its file. A failure is recorded on the job and raised
    again, so that the task result (and the system administrator's list) shows it."""
    # A database worker's id names its heartbeat (the immediate backend has none).
    worker_ids = context.task_result.worker_ids
    worker_id = worker_ids[-1] if worker_ids and _runs_in_a_worker() else None
    job = DocumentJob.objects.get(pk=job_pk)
    if job.status == DocumentJob.Status.DONE:
        return
    job.status, job.started_at, job.error = DocumentJob.Status.RUNNING, timezone.now(), ""
    job.save(update_fields=["status", "started_at", "error"])
    try:
        filename, content, content_type = builder_for(job.kind)(job, Progress(job, worker_id))
    except Exception as error:
        job.error = GENERIC_ERROR
        if isinstance(error, DocumentJobError):
            with translation.override(None):  # the msgid: translated when it is shown
                job.error = str(error)[:300]
        job.status, job.finished_at = DocumentJob.Status.FAILED, timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        raise
    job.result.save(filename, ContentFile(content), save=False)
    job.result_name, job.content_type = filename, content_type
    job.status, job.finished_at = DocumentJob.Status.DONE, timezone.now()
    job.save(update_fields=["result", "result_name", "content_type", "status", "finished_at"])


def prune_document_jobs(now=None) -> int:
    """Delete jobs started more than RESULT_DAYS ago, and their files; returns how many."""
    deleted = 0
    for job in DocumentJob.objects.expired(now).iterator():
        job.delete()  # one by one: post_delete removes each file
        deleted += 1
    return deleted
