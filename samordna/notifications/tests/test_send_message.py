import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from samordna.notifications.models import SentMessage
from samordna.notifications.tasks import send_message

ARGS = ("key-1", "A SIP was started", "Log in to samordna to read it.", ["unit@example.org"])


@pytest.fixture
def failing_mail(monkeypatch):
    """The mail server refuses the first `failures` attempts; returns the attempt count."""
    attempts = {"count": 0, "failures": 1}
    send = EmailBackend.send_messages

    def send_messages(self, messages):
        attempts["count"] += 1
        if attempts["count"] <= attempts["failures"]:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)
    return attempts


def test_it_sends_the_message(db):
    result = send_message.enqueue(*ARGS)
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "A SIP was started"
    assert mail.outbox[0].to == ["unit@example.org"]
    assert SentMessage.objects.filter(key="key-1").exists()


def test_it_never_sends_a_key_twice(db):
    send_message.enqueue(*ARGS)
    result = send_message.enqueue(*ARGS)
    assert result.return_value is False
    assert len(mail.outbox) == 1


def test_it_retries_when_the_mail_server_fails(db, failing_mail):
    send_message.enqueue(*ARGS)
    assert failing_mail["count"] == 2
    assert len(mail.outbox) == 1
    assert SentMessage.objects.count() == 1


def test_it_gives_up_after_three_retries(db, failing_mail):
    failing_mail["failures"] = 10
    send_message.enqueue(*ARGS)
    assert failing_mail["count"] == 4
    assert mail.outbox == []
    assert not SentMessage.objects.exists()


def test_it_waits_before_retrying_with_a_worker(transactional_db, database_tasks, failing_mail):
    send_message.enqueue(*ARGS)

    call_command("run_worker", "--batch")

    assert mail.outbox == []
    retry = DBTaskResult.objects.get(status=TaskResultStatus.READY)
    assert retry.args_kwargs["kwargs"] == {"attempt": 1}
    assert retry.run_after > timezone.now()
    assert not DBTaskResult.objects.ready().exists()
