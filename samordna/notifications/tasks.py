"""Background tasks that send e-mail.

Their arguments are stored in the task table until a worker runs them, so they must never
hold personal data about a child: notify.py only ever passes what happened and a pointer
to samordna.
"""

import logging
from datetime import timedelta

from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks import task

from samordna.documents import mail
from samordna.notifications.models import SentMessage

logger = logging.getLogger(__name__)

# Waits before the first, second and third retry of a message the mail server refused.
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15))


def send_once(key: str, message: EmailMessage, *, retry, args: tuple, attempt: int) -> bool:
    """Send `message` unless `key` was sent before; if the server fails, enqueue
    `retry(*args, attempt=attempt + 1)` after a delay. Returns whether this run sent it."""
    if SentMessage.objects.filter(key=key).exists():
        return False
    try:
        message.send(fail_silently=False)
    except OSError:  # smtplib.SMTPException and connection errors alike
        if attempt >= len(RETRY_DELAYS):
            raise
        logger.warning("Sending message %s failed; retry %d follows", key, attempt + 1)
        if retry.get_backend().supports_defer:
            retry = retry.using(run_after=timezone.now() + RETRY_DELAYS[attempt])
        retry.enqueue(*args, attempt=attempt + 1)
        return False
    SentMessage.objects.create(key=key)
    return True


@task()
def send_message(
    key: str, subject: str, body: str, recipients: list[str], attempt: int = 0
) -> bool:
    """Send one plain message once; retried later if the server fails."""
    message = mail.message("mail_notification", subject, body, recipients)
    return send_once(
        key, message, retry=send_message, args=(key, subject, body, recipients), attempt=attempt
    )
