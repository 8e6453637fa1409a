from datetime import timedelta
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from samordna.documents import jobs
from samordna.documents.jobs import GENERIC_ERROR, Progress, start_job
from samordna.documents.models import DocumentJob
from samordna.documents.tests.builders import SECRET
from samordna.notifications.models import WorkerHeartbeat


def request_of(user):
    return SimpleNamespace(user=user, acting_unit=user.memberships.first().unit)


def start(user, kind, django_capture_on_commit_callbacks, **params) -> DocumentJob:
    with django_capture_on_commit_callbacks(execute=True):
        job = start_job(request_of(user), kind, title="Kallelser", params=params)
    job.refresh_from_db()
    return job


def test_it_runs_the_builder_and_keeps_the_file(world, django_capture_on_commit_callbacks):
    job = start(world.teacher, "test_letters", django_capture_on_commit_callbacks, count=5)

    assert job.status == DocumentJob.Status.DONE
    assert (job.done, job.total, job.percent) == (5, 5, 100)
    assert job.result_name == "kallelser.txt"
    assert job.content_type == "text/plain"
    assert job.result.read() == b"brev\n" * 5
    assert "kallelser" not in job.result.name  # stored under a random name
    assert job.requested_by == world.teacher
    assert job.unit == world.school
    assert job.started_at <= job.finished_at


def test_it_queues_the_task_only_after_the_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = start_job(request_of(world.teacher), "test_letters", title="x", params={"count": 1})
    assert len(callbacks) == 1
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.QUEUED


def test_it_refuses_an_unknown_kind(world):
    with pytest.raises(LookupError):
        start_job(request_of(world.teacher), "no_such_kind", title="x", params={})
    assert not DocumentJob.objects.exists()


def test_a_failing_builder_marks_the_job_failed_with_the_generic_message(
    world, django_capture_on_commit_callbacks
):
    job = start(world.teacher, "test_failing", django_capture_on_commit_callbacks)

    assert job.status == DocumentJob.Status.FAILED
    assert job.error == GENERIC_ERROR
    assert SECRET not in job.error
    assert (job.done, job.total) == (1, 2)
    assert not job.result
    assert job.finished_at is not None


def test_a_document_job_error_is_shown_as_its_message(world, django_capture_on_commit_callbacks):
    job = start(world.teacher, "test_refused", django_capture_on_commit_callbacks)
    assert job.status == DocumentJob.Status.FAILED
    assert job.error == "Waiting for its turn."  # the msgid, translated when shown


def test_the_task_result_records_the_failure(transactional_db, world, database_tasks):
    start_job(request_of(world.teacher), "test_failing", title="x", params={})
    call_command("run_worker", "--batch", "--worker-id", "documents-test")

    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert result.exception_class_path == "builtins.RuntimeError"
    assert result.args_kwargs == {"args": [DocumentJob.objects.get().pk], "kwargs": {}}
    assert DocumentJob.objects.get().status == DocumentJob.Status.FAILED


def test_a_done_job_is_not_run_twice(world, make_job):
    job = make_job(status=DocumentJob.Status.DONE)
    context = SimpleNamespace(task_result=SimpleNamespace(worker_ids=["w"]))
    jobs.run_document_job.call(context, job.pk)
    job.refresh_from_db()
    assert job.status == DocumentJob.Status.DONE and job.started_at is None


def test_progress_is_written_at_most_every_half_second(world, make_job, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("samordna.documents.jobs.time.monotonic", lambda: clock[0])
    job = make_job()
    progress = Progress(job)

    def stored():
        return DocumentJob.objects.values_list("done", "total").get(pk=job.pk)

    progress(1, 10)
    assert stored() == (1, 10)
    clock[0] += 0.3
    progress(2, 10)
    assert stored() == (1, 10)
    clock[0] += 0.3
    progress(3, 10)
    assert stored() == (3, 10)
    progress(10, 10)  # the last count is always written
    assert stored() == (10, 10)


def test_progress_renews_the_workers_heartbeat(world, make_job, monkeypatch):
    clock = [100.0]
    monkeypatch.setattr("samordna.documents.jobs.time.monotonic", lambda: clock[0])
    progress = Progress(make_job(), worker_id="long-job-worker")
    progress(1, 100)
    first = WorkerHeartbeat.objects.get(name="long-job-worker").last_seen
    clock[0] += 5
    progress(2, 100)
    assert WorkerHeartbeat.objects.get(name="long-job-worker").last_seen == first
    clock[0] += 6
    progress(3, 100)
    assert WorkerHeartbeat.objects.get(name="long-job-worker").last_seen > first


def test_it_prunes_jobs_older_than_seven_days(world, make_job, django_capture_on_commit_callbacks):
    old = start(world.teacher, "test_letters", django_capture_on_commit_callbacks, count=1)
    recent = make_job()
    DocumentJob.objects.filter(pk=old.pk).update(created_at=old.created_at - timedelta(days=8))
    storage, name = old.result.storage, old.result.name
    assert storage.exists(name)

    call_command("prune_document_jobs", stdout=StringIO())

    assert list(DocumentJob.objects.all()) == [recent]
    assert not storage.exists(name)
