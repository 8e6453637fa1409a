from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.consents.who import ADULT_AGE, age_on
from samordna.people.models import Language


def valid_q(on=None, prefix: str = "") -> Q:
    """A consent valid on the day (today if none): given, not withdrawn, not expired. The one
    rule; `prefix` reaches consents through a relation ("plans__consents__")."""
    day = on or timezone.localdate()
    return Q(
        Q(**{f"{prefix}valid_until__isnull": True}) | Q(**{f"{prefix}valid_until__gte": day}),
        **{f"{prefix}withdrawn_at__isnull": True, f"{prefix}given_on__lte": day},
    )


class ConsentQuerySet(models.QuerySet):
    def valid(self, on=None) -> "ConsentQuerySet":
        """Given, not withdrawn and not expired on the day."""
        return self.filter(valid_q(on))

    def covering(self, unit) -> "ConsentQuerySet":
        return self.filter(Q(units=unit) | Q(principals__units=unit)).distinct()

    def update(self, **fields) -> int:
        """Bulk changes bypass the signals: the access rows of the consents follow here."""
        from samordna.access.index import refresh
        from samordna.consents.access import children_of

        with transaction.atomic():
            ids = list(self.values_list("pk", flat=True))
            count = super().update(**fields)
            refresh(children_of(ids))
        return count

    def with_scope(self) -> "ConsentQuerySet":
        """Everything the consent list shows, in a fixed number of queries."""
        return self.select_related(
            "documented_by", "documented_by_unit", "plan__child"
        ).prefetch_related(
            "parties__guardian",
            "parties__trustee",
            "units__principal",
            "principals",
            "withdrawals__party__guardian",
            "withdrawals__party__trustee",
            "withdrawals__units",
            "withdrawals__principals",
            "withdrawals__recorded_by",
            "withdrawals__recorded_by_unit",
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

    class Informed(models.TextChoices):
        """How the child and the guardians (or the god man) were told what it all means."""

        ORALLY = "orally", _("Orally")
        IN_WRITING = "in_writing", _("In writing")
        EASY_READ = "easy_read", _("With easy-read material")
        OWN_LANGUAGE = "own_language", _("In the person's own language")
        INTERPRETER = "interpreter", _("With an interpreter")

    # Ways of informing that name a language.
    IN_A_LANGUAGE = (Informed.OWN_LANGUAGE, Informed.INTERPRETER)

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
        _("what the units may also exchange in meetings and conversations"),
        help_text=_(
            "For example: school attendance, health, the family's situation. The whole SIP in "
            "samordna is shared anyway, as described above."
        ),
    )
    maturity_assessment = models.TextField(
        _("assessment of the child's age and maturity"),
        blank=True,
        help_text=_(
            "When a child under the consent age consents too: how the child understood what "
            "the SIP and the consent mean, and why the child can take a position on it."
        ),
    )
    # Informed first [004 §4.2]. Empty only on consents recorded before this was asked.
    informed_on = models.DateField(_("told on"), null=True, blank=True)
    informed_how = models.JSONField(_("told how"), default=list, blank=True)
    informed_language = models.CharField(
        _("told in language"), max_length=10, choices=Language.choices, blank=True
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
    # Who withdrew, as free text, on withdrawals recorded before samordna asked for the
    # consenting person (Withdrawal); kept as it was written.
    withdrawn_by_legacy = models.CharField(_("withdrawn by"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(informed_on__isnull=True) | Q(informed_on__lte=F("given_on")),
                name="consent_informed_before_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.given_on}"

    @property
    def informed_how_labels(self) -> list[str]:
        labels = dict(self.Informed.choices)
        return [labels[value] for value in self.informed_how if value in labels]

    @property
    def child_was_adult(self) -> bool:
        """Whether the child was 18 or over when consenting (how the list names the child)."""
        return age_on(self.plan.child.birth_date, self.given_on) >= ADULT_AGE

    def is_valid_on(self, day) -> bool:
        return self.state_on(day) == self.State.VALID

    def state_on(self, day) -> "Consent.State":
        """valid_q's rule for one consent in memory, with the reason it is not valid."""
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
    """One person who consented, each recorded separately: the child, one guardian or one
    god man (for a child with no guardian registered) — exactly one of them."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="parties")
    guardian = models.ForeignKey(
        "people.Guardian", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    trustee = models.ForeignKey(
        "people.Trustee", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_child = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("consenting person")
        verbose_name_plural = _("consenting persons")
        constraints = [
            models.CheckConstraint(
                condition=Q(is_child=True, guardian__isnull=True, trustee__isnull=True)
                | Q(is_child=False, guardian__isnull=False, trustee__isnull=True)
                | Q(is_child=False, guardian__isnull=True, trustee__isnull=False),
                name="consentparty_exactly_one_person",
            )
        ]

    def __str__(self) -> str:
        if self.guardian_id:
            return str(self.guardian)
        if self.trustee_id:
            return str(self.trustee)
        return str(_("the child"))

    @property
    def label(self) -> str:
        """The person and how they stand to the child, for staff who see the plan."""
        if self.guardian_id:
            return _("%(name)s (guardian)") % {"name": self.guardian.full_name}
        if self.trustee_id:
            return _("%(name)s (god man)") % {"name": self.trustee.name}
        name = self.consent.plan.child.full_name
        if self.consent.child_was_adult:
            return _("%(name)s (the young person)") % {"name": name}
        return _("%(name)s (the child)") % {"name": name}

    @property
    def relation(self) -> str:
        """Who the person is to the child, without a name: for notifications (OSL)."""
        if self.guardian_id:
            return _("a guardian")
        if self.trustee_id:
            return _("the god man")
        return _("the young person") if self.consent.child_was_adult else _("the child")


class Withdrawal(models.Model):
    """One consenting person's withdrawal, as staff recorded it: of the whole consent (no units
    or principals named) or for the units and principals named, which then left it."""

    class How(models.TextChoices):
        IN_WRITING = "in_writing", _("In writing")
        IN_PERSON = "in_person", _("Orally, in person")
        PHONE = "phone", _("By phone")
        DIGITAL = "digital", _("By e-mail or another digital channel")

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="withdrawals")
    party = models.ForeignKey(
        ConsentParty, on_delete=models.PROTECT, related_name="+", verbose_name=_("withdrawn by")
    )
    how = models.CharField(_("how"), max_length=10, choices=How.choices)
    withdrawn_on = models.DateField(_("withdrawn on"))
    units = models.ManyToManyField(
        "organisations.Unit", blank=True, related_name="+", verbose_name=_("units")
    )
    principals = models.ManyToManyField(
        "organisations.Principal", blank=True, related_name="+", verbose_name=_("principals")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_by_unit = models.ForeignKey(
        "organisations.Unit", on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("withdrawal of consent")
        verbose_name_plural = _("withdrawals of consent")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_how_display()} {self.withdrawn_on}"

    @property
    def scope(self) -> list[str]:
        """The units and principals that left the consent; none for the whole consent."""
        return [unit.name for unit in self.units.all()] + [str(p) for p in self.principals.all()]
