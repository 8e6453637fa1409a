"""The access rule as rows: one per unit and reason it may see a child (decision 34).

The rows are written by samordna/access/index.py from their sources (the registering unit,
consents) in the transaction that changes a source; nothing else writes them.
"""

from datetime import datetime

from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Reason(models.TextChoices):
    REGISTERED = "registered", _("Registered the child")
    CONSENT = "consent", _("Covered by a consent")


def _dated(day) -> Q:
    """Rows whose dates include the day (a date, or an expression giving one)."""
    return Q(Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & Q(
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


class ChildAccessQuerySet(models.QuerySet):
    def on(self, day=None) -> "ChildAccessQuerySet":
        """Rows that give access on the day (today if none): not ended, within their dates."""
        return self.filter(_dated(day or timezone.localdate()), ended_at__isnull=True)

    def at(self, moment) -> "ChildAccessQuerySet":
        """Rows that gave access at the moment (a time, or an expression such as a log row's
        OuterRef("at")): within their dates on its local day and not yet ended."""
        if isinstance(moment, datetime):
            day = timezone.localdate(moment)
        else:
            moment = ExpressionWrapper(moment, output_field=models.DateTimeField())
            day = TruncDate(moment, tzinfo=timezone.get_current_timezone())
        return self.filter(_dated(day), Q(ended_at__isnull=True) | Q(ended_at__gt=moment))


class ChildAccess(models.Model):
    """A reason `unit` may see `child`: it registered the child, or a consent of one of the
    child's plans covers it (directly or through its principal) from `valid_from` to
    `valid_until`. `ended_at` is set when the reason ended at a moment: a withdrawal, or the
    source no longer giving the row (a unit taken out of a consent, the child registered by
    another unit); such rows stay, so the log review knows the reason a read had then."""

    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="+", verbose_name=_("child")
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,  # the first column of the (unit, child) index
        verbose_name=_("unit"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    consent = models.ForeignKey(
        "consents.Consent",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent"),
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = ChildAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to a child")
        verbose_name_plural = _("access to children")
        indexes = [models.Index(fields=["unit", "child"], name="childaccess_unit_child")]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "unit", "consent"],
                condition=Q(consent__isnull=False),
                name="childaccess_one_per_consent",
            ),
            models.UniqueConstraint(
                fields=["child", "unit", "reason"],
                condition=Q(consent__isnull=True),
                name="childaccess_one_per_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.child_id} ({self.reason})"
