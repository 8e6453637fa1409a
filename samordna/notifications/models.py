from datetime import timedelta

from django.db import models
from django.db.models import Max
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
