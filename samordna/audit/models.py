from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from samordna.access.models import ChildAccess
from samordna.people.models import Child


class Action(models.TextChoices):
    VIEW = "view", _("Viewed")
    SEARCH = "search", _("Search result")
    PRINT = "print", _("Printed")
    EXPORT = "export", _("Exported")
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")


class AccessLogQuerySet(models.QuerySet):
    def for_principal(self, principal) -> "AccessLogQuerySet":
        return self.filter(acting_unit__principal=principal)

    def reviewed_by(self, principal) -> "AccessLogQuerySet":
        """What the principal's managers review: its own staff's reads and changes, and other
        units' reads of the children its units registered (who looked them up, and when)."""
        registered = Child.objects.filter(registered_by_unit__principal=principal).values("pk")
        return self.filter(Q(acting_unit__principal=principal) | Q(child_id__in=registered))

    def with_participation_flag(self) -> "AccessLogQuerySet":
        """Annotate `no_participation`: the acting unit had no reason to see the child at the
        time of the row (it never had, had not yet, no longer had one, or the child's record
        is gone). Rows record it when written (`had_reason`); rows written before that ask
        the access index about their time, one indexed lookup each."""
        had_reason = ChildAccess.objects.at(OuterRef("at")).filter(
            child=OuterRef("child_id"), unit=OuterRef("acting_unit_id")
        )
        return self.annotate(
            no_participation=Case(
                When(had_reason=True, then=Value(False)),
                When(had_reason=False, then=Value(True)),
                default=~Exists(had_reason),
                output_field=models.BooleanField(),
            )
        )

    def flagged(self) -> "AccessLogQuerySet":
        """Rows without participation at their time (with_participation_flag first). The
        first condition is the partial index's: the flagged review walks only its rows."""
        return self.filter(Q(had_reason=False) | Q(had_reason__isnull=True)).filter(
            no_participation=True
        )


class AccessLog(models.Model):
    """One read or change of a child's data. Append-only: database triggers refuse UPDATE and
    DELETE (but DELETE of rows past the legal minimum retention; see audit/triggers.py).

    The child is referenced without a foreign-key constraint so that the log outlives the
    child record it describes.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    acting_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acting unit"),
    )
    child = models.ForeignKey(
        "people.Child",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        verbose_name=_("child"),
    )
    object_type = models.CharField(_("object type"), max_length=50)
    object_id = models.CharField(_("object id"), max_length=40)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    client_ip = models.GenericIPAddressField(_("client IP address"), null=True, blank=True)
    # Whether the acting unit had a reason to see the child (the access index) when the row
    # was written; empty on rows written before this was recorded (decision 36).
    had_reason = models.BooleanField(_("had a reason"), null=True, editable=False)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child", "-at"], name="accesslog_child_at"),
            # The flagged review: only the rows without (or without a recorded) reason.
            models.Index(
                fields=["-at", "-id"],
                condition=Q(had_reason=False) | Q(had_reason__isnull=True),
                name="accesslog_without_reason",
            ),
            models.Index(fields=["user", "-at"], name="accesslog_user_at"),
            models.Index(fields=["acting_unit", "-at"], name="accesslog_unit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"


class RetentionRun(models.Model):
    """A record that old log rows were pruned: when, up to which date, how many."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    cutoff = models.DateTimeField(_("rows older than"))
    deleted = models.PositiveIntegerField(_("rows deleted"))

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at"]

    def __str__(self) -> str:
        return f"{self.ran_at:%Y-%m-%d}: {self.deleted} < {self.cutoff:%Y-%m-%d}"


class SecurityEvent(models.Model):
    """A refused request: every 403, and every 404 by which the access rule refused an object
    (people.access.get_visible_or_404). Append-only like the access log (audit/triggers.py).

    At most SECURITY_EVENTS_PER_MINUTE rows per user, address and minute; SecurityEventCount
    counts them all, so that a scanner cannot fill the table.
    """

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    acting_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acting unit"),
    )
    client_ip = models.CharField(_("client IP address"), max_length=45, blank=True)
    method = models.CharField(_("method"), max_length=10)
    # The path only: a query string may hold an identity number.
    path = models.CharField(_("path"), max_length=300)
    status = models.PositiveSmallIntegerField(_("status"))
    # The URL's name, or the object the access rule refused ("people.child 12").
    refused = models.CharField(_("refused"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("security event")
        verbose_name_plural = _("security events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.status} {self.method} {self.path}"


class SecurityEventCount(models.Model):
    """How many requests one user from one address had refused in one minute. The database
    lets a count only grow (audit/triggers.py)."""

    at = models.DateTimeField(_("minute"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    client_ip = models.CharField(_("client IP address"), max_length=45, blank=True)
    count = models.PositiveIntegerField(_("refused requests"), default=0)

    class Meta:
        verbose_name = _("refused requests per minute")
        verbose_name_plural = _("refused requests per minute")
        ordering = ["-at", "-count"]
        constraints = [
            models.UniqueConstraint(
                models.F("at"),
                Coalesce("user", models.Value(0)),
                models.F("client_ip"),
                name="securityeventcount_one_per_minute",
            )
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.client_ip}: {self.count}"
