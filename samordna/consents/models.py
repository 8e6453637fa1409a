from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ConsentQuerySet(models.QuerySet):
    def valid(self, on=None) -> "ConsentQuerySet":
        """Given, not withdrawn and not expired on the day."""
        day = on or timezone.localdate()
        return self.filter(withdrawn_at__isnull=True, given_on__lte=day).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def covering(self, unit) -> "ConsentQuerySet":
        return self.filter(Q(units=unit) | Q(principals__units=unit)).distinct()

    def with_scope(self) -> "ConsentQuerySet":
        """Everything the consent list shows, in a fixed number of queries."""
        return self.select_related("documented_by", "documented_by_unit").prefetch_related(
            "parties__guardian", "units__principal", "principals"
        )


class Consent(models.Model):
    """The child's and guardians' consent to coordination between the units in its scope."""

    class State(models.TextChoices):
        """Where a consent stands on a day (derived, not stored)."""

        VALID = "valid", _("Valid")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")
        NOT_YET_VALID = "not_yet_valid", _("Not yet valid")

    class Form(models.TextChoices):
        PAPER = "paper", _("Signed paper form")
        ORAL = "oral", _("Oral")
        DIGITAL = "digital", _("Digital")

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="consents", verbose_name=_("plan")
    )
    units = models.ManyToManyField(
        "organisations.Unit", blank=True, related_name="+", verbose_name=_("units")
    )
    principals = models.ManyToManyField(
        "organisations.Principal",
        blank=True,
        related_name="+",
        verbose_name=_("principals"),
        help_text=_("Every unit of a chosen principal is covered."),
    )
    information = models.TextField(
        _("information that may be exchanged"),
        help_text=_("For example: school attendance, health, the family's situation."),
    )
    form = models.CharField(_("form of consent"), max_length=10, choices=Form.choices)
    given_on = models.DateField(_("given on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.FileField(_("signed form"), upload_to="consents/%Y/", blank=True)
    documented_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documented by"),
    )
    documented_by_unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.given_on}"

    def is_valid_on(self, day) -> bool:
        return (
            self.withdrawn_at is None
            and self.given_on <= day
            and (self.valid_until is None or self.valid_until >= day)
        )

    def state_on(self, day) -> "Consent.State":
        if self.withdrawn_at is not None:
            return self.State.WITHDRAWN
        if self.given_on > day:
            return self.State.NOT_YET_VALID
        if self.valid_until is not None and self.valid_until < day:
            return self.State.EXPIRED
        return self.State.VALID

    @property
    def state(self) -> "Consent.State":
        return self.state_on(timezone.localdate())

    def covers(self, unit) -> bool:
        return (
            self.units.filter(pk=unit.pk).exists()
            or self.principals.filter(pk=unit.principal_id).exists()
        )


class ConsentParty(models.Model):
    """One person who consented: the child or one guardian, each recorded separately."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="parties")
    guardian = models.ForeignKey(
        "people.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_child = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("consenting person")
        verbose_name_plural = _("consenting persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_child=True, guardian__isnull=True)
                | Q(is_child=False, guardian__isnull=False),
                name="consentparty_child_or_guardian",
            )
        ]

    def __str__(self) -> str:
        return str(self.guardian) if self.guardian_id else str(_("the child"))
