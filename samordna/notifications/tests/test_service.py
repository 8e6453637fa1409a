from django.core import mail
from django.db import transaction

from samordna.notifications.models import Kind, Notification, NotificationPreference
from samordna.notifications.service import notify, save_preference, send_digests


def tell(users, key=None):
    return notify(users, kind=Kind.PLAN_CLOSED, text="En SIP har avslutats", url="/sip/", key=key)


def test_it_creates_an_inbox_row_and_mails_at_once_by_default(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        tell([world.teacher, world.social_worker])

    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.teacher.email, world.social_worker.email]
    )
    assert "En SIP har avslutats" in mail.outbox[0].body


def test_it_mails_nothing_after_a_rollback(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                tell([world.teacher])
                raise RuntimeError
        except RuntimeError:
            pass
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_it_never_mails_who_chose_never(world, django_capture_on_commit_callbacks):
    save_preference(world.teacher, NotificationPreference.Email.NEVER)

    with django_capture_on_commit_callbacks(execute=True):
        tell([world.teacher])
        send_digests()

    assert Notification.objects.filter(user=world.teacher).count() == 1
    assert mail.outbox == []


def test_it_collects_the_daily_digest_into_one_mail(world, django_capture_on_commit_callbacks):
    save_preference(world.teacher, NotificationPreference.Email.DAILY_DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        tell([world.teacher])
        notify([world.teacher], kind=Kind.REMINDER, text="Påminnelse om uppföljning", url="")
    assert mail.outbox == []

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
        assert send_digests() == 0  # a second run sends nothing again

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [world.teacher.email]
    assert "En SIP har avslutats" in mail.outbox[0].body
    assert "Påminnelse om uppföljning" in mail.outbox[0].body


def test_the_digest_leaves_out_what_was_read(world, django_capture_on_commit_callbacks):
    save_preference(world.teacher, NotificationPreference.Email.DAILY_DIGEST)
    tell([world.teacher])
    Notification.objects.update(read_at="2026-01-01T00:00:00Z")

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 0
    assert mail.outbox == []


def test_a_key_creates_one_notification_per_user(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert len(tell([world.teacher], key="reminder:x:1")) == 1
        assert tell([world.teacher], key="reminder:x:1") == []
        assert len(tell([world.social_worker], key="reminder:x:1")) == 1
        assert len(tell([world.teacher])) == 1  # no key: no deduplication

    assert Notification.objects.filter(user=world.teacher).count() == 2
    assert len(mail.outbox) == 3
