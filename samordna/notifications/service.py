"""The one way samordna tells a user something: a row in their inbox, and e-mail by choice.

A notification's text never names the child (OSL): it says what happened and links to
samordna, where the target view checks the reader's access. Immediate e-mails go through
the idempotent send_message task after the change commits; a daily digest collects the
rest (send_digests).
"""

from functools import partial

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.notifications.models import Notification, NotificationPreference
from samordna.notifications.tasks import send_message


def notify(users, *, kind, text, url, key=None, subject=None, mail=True) -> list[Notification]:
    """Create a notification for each user (once per key) and e-mail those who want it now.

    `mail=False` when the event sends its own e-mail (an invitation with its calendar file):
    the notification then only goes to the inbox.

    Returns the notifications created; a user who already has one with the key gets none.
    """
    users = list(users)
    if key:
        # A sweep mostly meets keys it already sent: one query, not one per user.
        done = set(
            Notification.objects.filter(key=key, user__in=users).values_list("user_id", flat=True)
        )
        users = [user for user in users if user.pk not in done]
    choices = dict(
        NotificationPreference.objects.filter(user__in=users).values_list("user_id", "email")
    )
    now = timezone.now()
    created = []
    for user in users:
        choice = choices.get(user.pk, NotificationPreference.Email.IMMEDIATELY)
        immediately = (
            mail and choice == NotificationPreference.Email.IMMEDIATELY and bool(user.email)
        )
        notification = _create_once(
            user,
            kind=kind,
            text=str(text),
            url=url,
            key=key or "",
            mailed_at=now if immediately or not mail else None,
        )
        if notification is None:
            continue
        created.append(notification)
        if immediately:
            transaction.on_commit(
                partial(
                    send_message.enqueue,
                    f"notification:{notification.pk}",
                    str(subject or notification.get_kind_display()),
                    mail_body([notification]),
                    [user.email],
                )
            )
    return created


def _create_once(user, *, key, **fields) -> Notification | None:
    try:
        # Another worker's sweep may create the same key at the same moment: the constraint
        # decides, and the savepoint keeps the caller's transaction usable.
        with transaction.atomic():
            return Notification.objects.create(user=user, key=key, **fields)
    except IntegrityError:
        if not key:
            raise
        return None


def mail_body(notifications) -> str:
    lines = [f"- {n.text}" if len(notifications) > 1 else n.text for n in notifications]
    return "\n".join([*lines, "", _("Read more in your inbox in samordna.")])


def mark_read(user, notification=None) -> None:
    """Mark one of the user's notifications read, or all of them."""
    unread = Notification.objects.filter(user=user).unread()
    if notification is not None:
        unread = unread.filter(pk=notification.pk)
    unread.update(read_at=timezone.now())


def send_digests() -> int:
    """One e-mail per user who chose the daily digest, with what they have not read or been
    mailed yet. Returns how many e-mails were queued."""
    digest_users = NotificationPreference.objects.filter(
        email=NotificationPreference.Email.DAILY_DIGEST
    ).values("user_id")
    pending = (
        Notification.objects.unread()
        .filter(mailed_at__isnull=True, user__in=digest_users, user__is_active=True)
        .select_related("user")
        .order_by("user_id", "created_at", "id")
    )
    by_user: dict = {}
    for notification in pending:
        by_user.setdefault(notification.user, []).append(notification)
    for user, notifications in by_user.items():
        with transaction.atomic():
            Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(
                mailed_at=timezone.now()
            )
            transaction.on_commit(
                partial(
                    send_message.enqueue,
                    # The newest notification in it names the digest: a rerun never resends.
                    f"digest:{user.pk}:{notifications[-1].pk}",
                    _("Your notifications from samordna"),
                    mail_body(notifications),
                    [user.email],
                )
            )
    return len(by_user)


def save_preference(user, email: str) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email": email}
    )
    return preference
