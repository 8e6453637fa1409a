from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samordna.notifications.management.commands.run_worker import BeatingWorker
from samordna.notifications.models import Kind, SentMessage, WorkerHeartbeat
from samordna.notifications.tasks import send_message
from samordna.plans.notify import tell_units


def test_it_runs_a_queued_task_end_to_end(transactional_db, database_tasks):
    result = send_message.enqueue("key-1", "Subject", "Body", ["unit@example.org"])
    assert result.status == TaskResultStatus.READY
    assert mail.outbox == []

    call_command("run_worker", "--batch", "--worker-id", "test-worker")

    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value is True
    assert [message.to for message in mail.outbox] == [["unit@example.org"]]
    assert SentMessage.objects.filter(key="key-1").exists()


def test_it_sends_what_tell_units_queued_after_the_commit(transactional_db, world, database_tasks):
    with transaction.atomic():
        tell_units([world.school], "Subject", "Body", kind=Kind.PLAN_CLOSED)
        assert not DBTaskResult.objects.exists()
    assert DBTaskResult.objects.ready().count() == 2

    call_command("run_worker", "--batch")

    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["larare@testby.example", "rektor@testby.example"]
    assert DBTaskResult.objects.successful().count() == 2


def test_it_records_its_heartbeat_without_tasks(transactional_db, database_tasks):
    call_command("run_worker", "--batch", "--worker-id", "idle-worker")

    heartbeat = WorkerHeartbeat.objects.get(name="idle-worker")
    assert timezone.now() - heartbeat.last_seen < timedelta(seconds=5)


def test_it_beats_at_most_every_ten_seconds(db, database_tasks, monkeypatch):
    clock = [1000.0]
    monkeypatch.setattr("time.monotonic", lambda: clock[0])
    worker = BeatingWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        backend_name="default",
        worker_id="w",
    )
    worker.beat()
    first = WorkerHeartbeat.objects.get(name="w").last_seen
    clock[0] += 5
    worker.beat()
    assert WorkerHeartbeat.objects.get(name="w").last_seen == first
    clock[0] += 5
    worker.beat()
    assert WorkerHeartbeat.objects.get(name="w").last_seen > first


def test_it_forgets_workers_gone_for_a_day(db):
    WorkerHeartbeat.objects.create(name="old", last_seen=timezone.now() - timedelta(days=2))
    WorkerHeartbeat.objects.create(name="recent", last_seen=timezone.now())
    WorkerHeartbeat.objects.forget_old()
    assert list(WorkerHeartbeat.objects.values_list("name", flat=True)) == ["recent"]


def test_it_sweeps_reminders_at_most_every_fifteen_minutes(db, database_tasks, monkeypatch):
    clock = [1000.0]
    sweeps = []
    monkeypatch.setattr("time.monotonic", lambda: clock[0])
    monkeypatch.setattr("samordna.notifications.reminders.sweep", lambda: sweeps.append(1))

    def new_worker():
        return BeatingWorker(
            queue_names=["default"],
            excluded_queue_names=[],
            interval=0,
            backend_name="default",
            worker_id="w",
        )

    worker = new_worker()
    worker.sweep()
    clock[0] += 14 * 60
    worker.sweep()
    assert len(sweeps) == 1
    clock[0] += 60
    worker.sweep()
    assert len(sweeps) == 2
    new_worker().sweep()  # a restarted worker sweeps at once; the keys stop repeats
    assert len(sweeps) == 3


def test_a_failing_sweep_does_not_stop_the_worker(db, database_tasks, monkeypatch):
    def fail():
        raise RuntimeError("database gone")

    monkeypatch.setattr("samordna.notifications.reminders.sweep", fail)
    worker = BeatingWorker(
        queue_names=["default"],
        excluded_queue_names=[],
        interval=0,
        backend_name="default",
        worker_id="w",
    )
    worker.sweep()
    assert worker.last_sweep is not None
