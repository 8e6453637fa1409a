"""SIP meetings (seed 004 §4.3.4–4.4): who is invited and how, who answered, who came, what
was said, and how the meeting ended.

A meeting is moved, not replaced: its `uid` stays and its `sequence` grows, so a calendar
updates the entry it already has and every invitee gets a new invitation.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.documents import postal


class MeetingQuerySet(models.QuerySet):
    def upcoming(self) -> "MeetingQuerySet":
        return self.filter(starts_at__gte=timezone.now(), status=Meeting.Status.BOOKED)

    def started(self) -> "MeetingQuerySet":
        """Meetings whose start time has come: only these can be held, minuted and closed."""
        return self.filter(starts_at__lte=timezone.now())


class Meeting(models.Model):
    """A SIP meeting or follow-up meeting, booked for a plan."""

    class Kind(models.TextChoices):
        FIRST = "first", _("SIP meeting")
        FOLLOW_UP = "follow_up", _("Follow-up meeting")

    class Status(models.TextChoices):
        BOOKED = "booked", _("Booked")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    class NoShowOffer(models.TextChoices):
        NEW_TIME = "new_time", _("A new time")
        PHONE = "phone", _("Taking part by phone")
        DIGITAL = "digital", _("Taking part digitally")
        PROXY = "proxy", _("Represented by someone else")
        MAIL = "mail", _("Views by e-mail")
        LETTER = "letter", _("Views by letter")

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.FIRST)
    starts_at = models.DateTimeField(_("date and time"))
    duration_minutes = models.PositiveIntegerField(_("length in minutes"), default=90)
    place = models.CharField(_("place"), max_length=200, blank=True)
    link = models.URLField(_("link for digital participation"), blank=True)
    questions = models.TextField(
        _("questions for this meeting"),
        blank=True,
        help_text=_("What the meeting should answer, besides the plan's purpose."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.BOOKED
    )
    short_notice_reason = models.TextField(_("why less than three weeks' notice"), blank=True)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    booked_at = models.DateTimeField(auto_now_add=True)
    # The unit that convenes: its name, phone and address are the letters' contact.
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("convening unit"),
    )

    # The roles agreed beforehand.
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("convener"),
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("meeting leader"),
    )
    note_taker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("note-taker"),
    )

    # The calendar entry: one UID for the meeting's life, a sequence bumped at every move.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0, editable=False)

    # The minutes, following the agenda (Mötescirkeln).
    presentation_done = models.BooleanField(_("presentation round held"), default=False)
    previous_plan_read = models.BooleanField(_("the previous plan read"), default=False)
    purpose_read = models.BooleanField(_("questions and purpose read"), default=False)
    situation = models.TextField(
        _("the child's and the guardians' description of the situation and needs"), blank=True
    )
    actors_views = models.TextField(_("each participant's view"), blank=True)
    plan_read_aloud = models.BooleanField(_("the plan read aloud"), default=False)
    other_notes = models.TextField(_("other notes"), blank=True)

    # When the individual did not come (seed 004 §4.4).
    no_show = models.BooleanField(_("the individual did not come"), default=False)
    no_show_offer = models.CharField(
        _("what was offered instead"), max_length=10, choices=NoShowOffer.choices, blank=True
    )
    no_show_note = models.TextField(_("about the absence"), blank=True)

    # How the meeting ended: the next follow-up is booked at the meeting, or a reason given.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    next_meeting = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="previous_meeting",
        verbose_name=_("next follow-up meeting"),
    )
    no_next_reason = models.TextField(_("why no follow-up is booked"), blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def ends_at(self):
        return self.starts_at + timezone.timedelta(minutes=self.duration_minutes)

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.BOOKED

    @property
    def has_started(self) -> bool:
        """Whether the start time has come: minutes, attendance and closing wait for it."""
        return self.starts_at <= timezone.now()


class Participant(models.Model):
    """One invitee: a named member of staff, a function at a unit, a unit asked to send its
    representative, an interpreter, or someone of the family.

    Staff, functions and units are invited by e-mail with a calendar file (a function or a
    unit through the unit's functional mailbox; the unit says who comes when it answers);
    the child, guardians, relatives and trustee by letter. A function, unit or interpreter
    without an e-mail address gets a letter too, and an invitee with no address at all is
    not invited: `channel` says how the invitation can go, `unreachable_reason` why not.
    """

    class Kind(models.TextChoices):
        STAFF = "staff", _("Staff")
        FUNCTION = "function", _("Function")
        UNIT = "unit", _("Unit (representative)")
        CHILD = "child", _("The child")
        GUARDIAN = "guardian", _("Guardian")
        RELATIVE = "relative", _("Relative")
        TRUSTEE = "trustee", _("Trustee (god man)")
        INTERPRETER = "interpreter", _("Interpreter")

    class Response(models.TextChoices):
        PENDING = "pending", _("Not answered")
        ACCEPTED = "accepted", _("Coming")
        DECLINED = "declined", _("Not coming")

    class Via(models.TextChoices):
        LINK = "link", _("by the link in the invitation")
        PHONE = "phone", _("by phone")
        SAMORDNA = "samordna", _("in samordna")

    class Attendance(models.TextChoices):
        PRESENT = "present", _("Present")
        DIGITAL = "digital", _("Took part digitally")
        ABSENT = "absent", _("Absent")

    EMAIL, POST = "email", "post"
    FAMILY = (Kind.CHILD, Kind.GUARDIAN, Kind.RELATIVE, Kind.TRUSTEE)
    # Invitees that stand for a unit: the unit says who comes when it answers.
    FOR_A_UNIT = (Kind.FUNCTION, Kind.UNIT)
    # Invitees of a unit: a unit no consent covers any more is taken off the meetings.
    OF_A_UNIT = (Kind.STAFF, Kind.FUNCTION, Kind.UNIT)
    REASON_LENGTH = 200

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    function = models.ForeignKey(
        "organisations.Function",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("function"),
    )
    guardian = models.ForeignKey(
        "people.Guardian",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian"),
    )
    relative = models.ForeignKey(
        "people.Relative",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("relative"),
    )
    trustee = models.ForeignKey(
        "people.Trustee",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("trustee"),
    )
    # Who comes for a function or unit once it has answered; the interpreter's name or agency.
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language to interpret"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    # The interpreter's own postal address, for a letter when there is no e-mail address.
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    response = models.CharField(
        _("answer"), max_length=10, choices=Response.choices, default=Response.PENDING
    )
    response_via = models.CharField(_("answered"), max_length=10, choices=Via.choices, blank=True)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decline_reason = models.CharField(_("why not coming"), max_length=REASON_LENGTH, blank=True)
    attendance = models.CharField(
        _("attendance"), max_length=10, choices=Attendance.choices, blank=True
    )

    # The invitation: the sequence it was last sent for, and the nonce that makes its
    # confirmation link single-use (cleared when used, replaced when the meeting moves).
    invited_at = models.DateTimeField(_("invited"), null=True, blank=True)
    invited_sequence = models.PositiveIntegerField(null=True, blank=True)
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=models.Q(kind="staff"),
                name="meetings_staff_once",
            ),
            models.UniqueConstraint(fields=["meeting", "function"], name="meetings_function_once"),
            models.UniqueConstraint(
                fields=["meeting", "unit"],
                condition=models.Q(kind="unit"),
                name="meetings_unit_once",
            ),
            models.UniqueConstraint(fields=["meeting", "guardian"], name="meetings_guardian_once"),
            models.UniqueConstraint(fields=["meeting", "relative"], name="meetings_relative_once"),
            models.UniqueConstraint(fields=["meeting", "trustee"], name="meetings_trustee_once"),
            models.UniqueConstraint(
                fields=["meeting"], condition=models.Q(kind="child"), name="meetings_child_once"
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def person(self):
        """The person record of the family member, with contact details, or None."""
        if self.kind == self.Kind.CHILD:
            return self.meeting.plan.child
        return self.guardian or self.relative or self.trustee

    @property
    def display_name(self) -> str:
        if self.kind == self.Kind.STAFF and self.user_id:
            return self.user.get_full_name() or self.user.email
        if self.kind == self.Kind.FUNCTION:
            title = self.function.title or self.function.get_kind_display()
            return f"{title} ({self.name})" if self.name else str(title)
        if self.kind == self.Kind.UNIT:
            title = _("Representative")
            return f"{title} ({self.name})" if self.name else str(title)
        if self.kind == self.Kind.INTERPRETER:
            return self.name or str(_("Interpreter"))
        person = self.person
        if person is None:
            return self.name
        return person.full_name if hasattr(person, "full_name") else person.name

    @property
    def answers_for_unit(self) -> bool:
        """A function or a unit: whoever answers says who will come."""
        return self.kind in self.FOR_A_UNIT

    @property
    def email_address(self) -> str:
        """Where an e-mailed invitation goes. The family is never e-mailed: a letter carries
        what concerns them, and e-mail must not (OSL)."""
        if self.kind == self.Kind.STAFF and self.user_id:
            return self.user.email
        if self.kind == self.Kind.FUNCTION:
            return self.function.unit.functional_mailbox
        if self.kind == self.Kind.UNIT:
            return self.unit.functional_mailbox
        if self.kind == self.Kind.INTERPRETER:
            return self.email
        return ""

    @property
    def envelope(self) -> list[str]:
        """The lines in the window of a letter to this invitee (documents.postal): a family
        member's own address or "c/o" the unit that registered them, a function's or a unit's
        postal address, an interpreter's own. Just the name when there is no address."""
        if self.kind in self.FAMILY:
            person = self.person
            return postal.envelope(person, self.display_name) if person else [self.display_name]
        if self.kind == self.Kind.FUNCTION:
            title = self.function.title or str(self.function.get_kind_display())
            return postal.unit_envelope(title, self.function.unit)
        if self.kind == self.Kind.UNIT:
            return postal.unit_envelope("", self.unit)
        if self.kind == self.Kind.INTERPRETER:
            return postal.envelope(self, self.name or str(_("Interpreter")))
        return [self.display_name]

    @property
    def has_postal_address(self) -> bool:
        """Whether the envelope has somewhere to go: an address of the person, of the unit
        that registered a protected one, of the unit a function or representative is reached
        at, or of the interpreter."""
        if self.kind in self.FAMILY:
            person = self.person
            if person is None:
                return False
            if postal.is_protected(person):
                return _postable_unit(person.registered_by_unit)
            return _postable(person.street_address, person.postal_code, person.city)
        if self.kind == self.Kind.FUNCTION:
            return _postable_unit(self.function.unit)
        if self.kind == self.Kind.UNIT:
            return _postable_unit(self.unit)
        if self.kind == self.Kind.INTERPRETER:
            return _postable(self.street_address, self.postal_code, self.city)
        return False

    @property
    def channel(self) -> str:
        """How the invitation goes: EMAIL, POST, or "" when it cannot go at all."""
        if self.kind in self.FAMILY:
            return self.POST if self.has_postal_address else ""
        if self.email_address:
            return self.EMAIL
        if self.kind != self.Kind.STAFF and self.has_postal_address:
            return self.POST
        return ""

    @property
    def by_post(self) -> bool:
        return self.channel == self.POST

    @property
    def unreachable_reason(self) -> str:
        """Why no invitation can go to this invitee (empty when one can)."""
        if self.channel:
            return ""
        if self.kind in self.FAMILY:
            person = self.person
            if person is not None and postal.is_protected(person):
                return str(_("The unit that registered the person has no postal address."))
            return str(_("No postal address is registered."))
        if self.kind in self.FOR_A_UNIT:
            return str(_("The unit has neither a functional mailbox nor a postal address."))
        if self.kind == self.Kind.INTERPRETER:
            return str(_("Neither an e-mail address nor a postal address is given."))
        return str(_("No e-mail address."))

    def new_link_nonce(self) -> str:
        self.link_nonce = secrets.token_hex(16)
        return self.link_nonce


def _postable(street: str, code: str, city: str) -> bool:
    """Any address at all: samordna does not judge whether the postal service will find it."""
    return any(part.strip() for part in (street, code, city))


def _postable_unit(unit) -> bool:
    return _postable(unit.postal_address, unit.postal_code, unit.postal_city)
