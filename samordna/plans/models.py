"""The SIP: one shared plan per child, its content as the law requires it, and its history.

The lifecycle (draft → consent obtained → meeting booked → active → closed) lives in
samordna/plans/lifecycle.py; every write goes through samordna/plans/services.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONSENT = "consent", _("Consent obtained")
    BOOKED = "booked", _("Meeting booked")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class ClosureReason(models.TextChoices):
    GOAL_CHANGED = "goal_changed", _("The long-term goal has changed and the process restarts")
    ONE_PRINCIPAL = "one_principal", _("Measures are no longer needed from both principals")
    NO_JOINT_NEEDS = "no_joint_needs", _("No new joint needs are expected soon")
    CONSENT_WITHDRAWN = "consent_withdrawn", _("Consent withdrawn")
    OTHER = "other", _("Other")


def led_by_q(unit) -> Q:
    """Plans the unit leads: it coordinates, or it initiated and nobody coordinates yet
    (plans.access.leading_unit for one plan)."""
    return Q(coordinator_unit=unit) | Q(coordinator_unit__isnull=True, initiating_unit=unit)


class PlanQuerySet(models.QuerySet):
    def open(self) -> "PlanQuerySet":
        return self.exclude(status=Status.CLOSED)

    def led_by(self, unit) -> "PlanQuerySet":
        """Plans the unit leads (led_by_q)."""
        return self.filter(led_by_q(unit))

    def visible_to(self, user, unit) -> "PlanQuerySet":
        """Plans of children the unit may see, where the unit initiated or takes part. Both
        asked of the access index, row by row of the plans (its (unit, child) index)."""
        from samordna.access.models import ChildAccess
        from samordna.people.access import child_rule, may_read_children

        if not may_read_children(user, unit):
            return self.none()
        # A valid consent of this plan covers the unit: the index has a row of it today.
        covering = ChildAccess.objects.on().filter(
            unit=unit, child=OuterRef("child_id"), consent__plan=OuterRef("pk")
        )
        return self.filter(child_rule(unit, child="child_id")).filter(
            Q(initiating_unit=unit) | Q(Exists(covering))
        )


class Plan(models.Model):
    class Kind(models.TextChoices):
        SIP = "sip", _("SIP")
        INTERNAL = "internal", _("Internal SIP between units of one principal (I-SIP)")
        DISCHARGE = "discharge", _("SIP at discharge from inpatient care (LUS)")

    child = models.ForeignKey(
        "people.Child", on_delete=models.PROTECT, related_name="plans", verbose_name=_("child")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SIP)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    initiating_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("initiating unit"),
    )
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("convener"),
    )
    child_wishes = models.TextField(
        _("What is important to you?"),
        help_text=_("In the child's own words."),
    )
    reason = models.TextField(_("why coordination is needed"))
    purpose = models.TextField(
        _("question and purpose"),
        help_text=_("Formulated with the child and the guardians."),
    )
    needs = models.TextField(_("needs"), blank=True)
    overall_responsibility = models.ForeignKey(
        "organisations.Principal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("principal with overall responsibility"),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator"),
    )
    coordinator_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("coordinator's unit"),
    )
    family_contact = models.TextField(
        _("whom the child and guardians contact"),
        blank=True,
    )
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closure_reason = models.CharField(
        _("reason for closure"), max_length=20, choices=ClosureReason.choices, blank=True
    )
    closure_note = models.TextField(_("about the closure"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = PlanQuerySet.as_manager()

    child_path = "child"

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-created_at"]
        constraints = [
            # There is always exactly one valid SIP per child.
            models.UniqueConstraint(
                fields=["child"],
                condition=~Q(status="closed"),
                name="plan_one_open_per_child",
                violation_error_message=_("The child already has an active SIP."),
            )
        ]

    def __str__(self) -> str:
        return str(_("SIP for %(child)s") % {"child": self.child})

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def participating_units(self):
        """The initiating unit and every unit a valid consent covers."""
        from samordna.organisations.models import Unit

        consents = self.consents.valid()
        return Unit.objects.filter(
            Q(pk=self.initiating_unit_id)
            | Q(pk__in=consents.values("units"))
            | Q(principal__in=consents.values("principals"))
        ).distinct()


class Goal(models.Model):
    class Term(models.TextChoices):
        LONG = "long", _("Long-term goal")
        SHORT = "short", _("Short-term goal")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    term = models.CharField(_("kind of goal"), max_length=5, choices=Term.choices)
    text = models.TextField(_("goal"))
    in_childs_words = models.BooleanField(_("in the child's own words"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["term", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Measure(models.Model):
    """An insats: goal, measure, responsible, time (seed 001), in one of three kinds:

    - a unit's own measure (`responsible_unit`: a municipal or regional unit, or a provider
      contracted by one, or an actor from the unit directory outside them);
    - a need that no principal has taken on yet (no one responsible): the law's point 1
      lists it, and a unit taking part can take it on;
    - a measure by another actor outside the directory (`other_actor`: Försäkringskassan,
      the god man, an association, the family …), written down by a unit taking part.

    The unit that wrote it down keeps it (`kept_by_unit`): no organisation decides on
    measures another one provides, so only the keeper changes it.
    """

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        CANCELLED = "cancelled", _("Cancelled")

    class OtherActor(models.TextChoices):
        SOCIAL_INSURANCE = "social_insurance", _("Försäkringskassan")
        MIGRATION = "migration", _("Migrationsverket")
        TRUSTEE = "trustee", _("The trustee (god man)")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        FAMILY = "family", _("The family or a relative")
        OTHER = "other", _("Other")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("goal it serves"),
    )
    description = models.TextField(_("what is done"))
    responsible_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible unit"),
    )
    other_actor = models.CharField(
        _("other actor"),
        max_length=200,
        blank=True,
        help_text=_("Who carries it out, for example Försäkringskassan or the football club."),
    )
    other_actor_kind = models.CharField(
        _("kind of actor"), max_length=20, choices=OtherActor.choices, blank=True
    )
    kept_by_unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written down by"),
    )
    responsible_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible person"),
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    timing = models.CharField(
        _("time"), max_length=200, blank=True, help_text=_("For example: every week.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PLANNED
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["id"]  # in the order written down
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=models.F("starts_on")),
                name="measure_ends_after_start",
            ),
            # Carried out by a unit or by another actor, never both.
            models.CheckConstraint(
                condition=Q(responsible_unit__isnull=True) | Q(other_actor=""),
                name="measure_unit_or_other_actor",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:60]

    @property
    def is_unassigned(self) -> bool:
        """A need that no principal has taken on yet."""
        return self.responsible_unit_id is None and not self.other_actor

    @property
    def answerable_principal(self):
        """The principal responsible (point 2): a contracted provider's contracting one."""
        if self.responsible_unit_id is None:
            return None
        return self.responsible_unit.principal.answerable

    @property
    def is_outside(self) -> bool:
        """Taken by someone other than the municipality or the region (point 3)."""
        if self.other_actor:
            return True
        return self.responsible_unit_id is not None and self.responsible_unit.principal.is_outside

    @property
    def has_time(self) -> bool:
        return bool(self.starts_on or self.ends_on or self.timing)


class CoordinatorAssignment(models.Model):
    """The history of who coordinated the plan, and why.

    A coordinator is appointed at a SIP meeting (seed 000): the first one, and whenever the
    role moves to another unit. A unit may name another of its own staff in between, with a
    reason. When consent no longer covers the coordinator's unit, samordna releases it.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="coordinator_history")
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why this coordinator"), blank=True)
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided at the meeting"),
    )

    class Meta:
        ordering = ["-assigned_at", "-id"]

    def __str__(self) -> str:
        return f"{self.coordinator} ({self.unit})"


class ResponsibilityAssignment(models.Model):
    """The history of which principal had the overall responsibility (huvudansvar), which
    can move between organisations during the process (seed 004 §2)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="responsibility_history")
    principal = models.ForeignKey(
        "organisations.Principal", on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why this principal"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided at the meeting"),
    )

    class Meta:
        ordering = ["-assigned_at", "-id"]

    def __str__(self) -> str:
        return str(self.principal)


class PlanVersion(models.Model):
    """The plan as approved at a SIP meeting: immutable, compared with the draft.

    It records the meeting it was approved at and that meeting's day: the plan is approved
    when the meeting is held, whenever the approval is entered.
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    approved_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    approved_on = models.DateField(_("approved"))
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        null=True,
        related_name="approved_versions",
        verbose_name=_("approved at the meeting"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    attendees = models.TextField(_("who attended"))
    content = models.JSONField(_("content"))

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class FollowUp(models.Model):
    """A follow-up with the questions of the routine (seed 004 §4.5)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="follow_ups")
    held_on = models.DateField(_("held on"))
    wishes_met = models.TextField(_("Are the child's wishes and goals met?"))
    measures_delivered = models.TextField(_("Did the child get the planned measures?"))
    how_measures_work = models.TextField(
        _("How do the measures work – in the right way and order?")
    )
    results = models.TextField(_("What are the results?"))
    changed_needs = models.TextField(_("Have needs or wishes changed?"), blank=True)
    assessments = models.TextField(_("Each organisation's assessment of the outcome"))
    new_information = models.TextField(
        _("New information (for example a new school or address)"), blank=True
    )
    further_measures = models.TextField(_("Is another measure or a new plan needed?"), blank=True)
    next_follow_up = models.DateField(_("next follow-up"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.plan} {self.held_on}"


class MeasureOutcome(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="outcomes")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="outcomes")
    outcome = models.TextField(_("outcome"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follow_up", "measure"], name="measureoutcome_unique")
        ]

    def __str__(self) -> str:
        return self.outcome[:60]


class JoinRequest(models.Model):
    """A unit that may not see the child asks to take part: in the child's open SIP, where its
    coordinator answers, or, while the child has none, with the unit that registered the
    child; such a request goes to the next SIP started for the child (decision 29)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, null=True, blank=True, related_name="join_requests"
    )
    child = models.ForeignKey(
        "people.Child", on_delete=models.CASCADE, related_name="join_requests"
    )
    unit = models.ForeignKey("organisations.Unit", on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("why your unit needs to take part"))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit"],
                condition=Q(status="pending"),
                name="joinrequest_one_pending_per_unit",
            ),
            models.UniqueConstraint(
                fields=["child", "unit"],
                condition=Q(status="pending", plan__isnull=True),
                name="joinrequest_one_waiting_per_unit_and_child",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} → {self.plan_id or self.child_id}"


class Preparation(models.Model):
    """The convener's checklist before the SIP meeting (seed 004 §4.3)."""

    class ChildParticipation(models.TextChoices):
        WHOLE = "whole", _("The whole meeting")
        PART = "part", _("Part of the meeting")
        DIGITAL = "digital", _("Digitally")
        NONE = "none", _("Not at all")

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="preparation")
    invited_units = models.ManyToManyField(
        "organisations.Unit", blank=True, related_name="+", verbose_name=_("units to invite")
    )
    invited_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="+",
        verbose_name=_("named persons to invite"),
    )
    invited_functions = models.ManyToManyField(
        "organisations.Function",
        blank=True,
        related_name="+",
        verbose_name=_("functions to invite"),
        help_text=_("The unit decides who comes, for example its kurator."),
    )
    relatives = models.ManyToManyField(
        "people.Relative",
        blank=True,
        related_name="+",
        verbose_name=_("relatives the child wants to invite"),
    )
    child_participation = models.CharField(
        _("how the child takes part"),
        max_length=10,
        choices=ChildParticipation.choices,
        blank=True,
    )
    trusted_person = models.CharField(
        _("trusted person with the child"), max_length=200, blank=True
    )
    views_gathering = models.TextField(
        _("how the child's views are gathered before the meeting"),
        blank=True,
        help_text=_("When the child will not attend, or only part of the meeting."),
    )
    childs_views = models.TextField(_("the child's views, as recorded"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("preparation")
        verbose_name_plural = _("preparations")

    def __str__(self) -> str:
        return str(self.plan)

    def checklist(self) -> list[tuple[str, bool]]:
        """The routine's steps and whether each is done, in order."""
        attends_fully = self.child_participation in (
            self.ChildParticipation.WHOLE,
            self.ChildParticipation.DIGITAL,
        )
        return [
            (
                _("Question and purpose formulated with the child and guardians"),
                bool(self.plan.purpose),
            ),
            (
                _("Actors to invite chosen from the purpose"),
                self.invited_units.exists()
                or self.invited_people.exists()
                or self.invited_functions.exists(),
            ),
            (_("The child's participation decided"), bool(self.child_participation)),
            (
                _("The child's views gathered before the meeting"),
                attends_fully or bool(self.childs_views),
            ),
        ]
