from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        from django.utils import timezone

        return self.filter(starts_at__gte=timezone.now(), status=Meeting.Status.BOOKED)


class Meeting(models.Model):
    """A SIP meeting or follow-up meeting, booked for a plan."""

    class Kind(models.TextChoices):
        FIRST = "first", _("SIP meeting")
        FOLLOW_UP = "follow_up", _("Follow-up meeting")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveIntegerField(_("length in minutes"), default=90)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link for digital participation"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    short_notice_reason = models.TextField(_("why less than three weeks' notice"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}"
