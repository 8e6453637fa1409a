from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# A running worker records that it is alive this often; /healthz calls a heartbeat older
# than STALE_AFTER stale.
HEARTBEAT_EVERY = timedelta(seconds=10)
STALE_AFTER = timedelta(seconds=60)
FORGET_AFTER = timedelta(days=1)


class WorkerHeartbeatQuerySet(models.QuerySet):
    def age(self) -> float | None:
        """Seconds since any worker last said it was alive, or None if none ever did."""
        last_seen = self.aggregate(last_seen=Max("last_seen"))["last_seen"]
        if last_seen is None:
            return None
        return round(max(0.0, (timezone.now() - last_seen).total_seconds()), 1)

    def forget_old(self) -> None:
        """Drop the rows of workers gone for a day (every start adds one, named by host and pid)."""
        self.filter(last_seen__lt=timezone.now() - FORGET_AFTER).delete()


class WorkerHeartbeat(models.Model):
    name = models.CharField(_("name"), max_length=64, unique=True)
    last_seen = models.DateTimeField(_("last seen"))

    objects = WorkerHeartbeatQuerySet.as_manager()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def beat(cls, name: str) -> None:
        cls.objects.update_or_create(name=name, defaults={"last_seen": timezone.now()})


class SentMessage(models.Model):
    """The key of every notification handed to the mail server: a retry never sends twice."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("sent message")
        verbose_name_plural = _("sent messages")

    def __str__(self) -> str:
        return self.key


class Kind(models.TextChoices):
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    PLAN_CLOSED = "plan_closed", _("SIP closed")
    COORDINATOR_CHANGED = "coordinator_changed", _("New coordinator")
    JOIN_REQUEST = "join_request", _("Request to take part")
    JOIN_ANSWER = "join_answer", _("Answer to a request")
    REMINDER = "reminder", _("Reminder")
    INVITATION = "invitation", _("Invitation")
    PROTOCOL = "protocol", _("Protocol available")
    ROLE_GIVEN = "role_given", _("New role at a unit")
    NUMBER_LOOKUP = "number_lookup", _("A child's number looked up")


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Word to one user in their inbox. Its text never names the child (OSL): it says what
    happened, and its url points to samordna, where the target view checks access."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text"))
    url = models.CharField(_("link"), max_length=200, blank=True)
    # Deduplicates: one notification per user and key (reminders, retried actions).
    key = models.CharField(_("key"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_read"),
            # The reminder sweep asks which of its keys were sent, to anyone (reminders.py).
            models.Index(fields=["key"], condition=~Q(key=""), name="notification_key"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_unique_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.user}"


class NotificationPreference(models.Model):
    class Email(models.TextChoices):
        IMMEDIATELY = "immediately", _("Immediately, one e-mail per notification")
        DAILY_DIGEST = "daily_digest", _("Once a day, a summary")
        NEVER = "never", _("Never, I read them in samordna")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("user"),
    )
    email = models.CharField(
        _("e-mail about notifications"),
        max_length=20,
        choices=Email.choices,
        default=Email.IMMEDIATELY,
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_email_display()}"

    @classmethod
    def email_for(cls, user) -> str:
        choice = cls.objects.filter(user=user).values_list("email", flat=True).first()
        return choice or cls.Email.IMMEDIATELY
