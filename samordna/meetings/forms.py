"""Forms of the meeting pages. Who may be chosen comes from the plan: staff and functions of
the participating units, the child's own relatives."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User, child_staff
from samordna.core.versioning import VersionedForm
from samordna.meetings.models import Meeting, Participant
from samordna.organisations.models import Function
from samordna.plans.forms_start import BookMeetingForm

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ParticipantForm(forms.ModelForm):
    """Add one invitee: a named person, a function (its unit decides who), a unit's
    representative, a relative, or an interpreter (by e-mail, or by letter to a postal
    address)."""

    KINDS = [
        (Participant.Kind.STAFF, _("A named person")),
        (Participant.Kind.FUNCTION, _("A function at a unit")),
        (Participant.Kind.UNIT, _("A unit: its representative")),
        (Participant.Kind.RELATIVE, _("A relative")),
        (Participant.Kind.INTERPRETER, _("An interpreter")),
    ]
    kind = forms.ChoiceField(label=_("Who"), choices=KINDS)
    INTERPRETER = ("language", "name", "email", "street_address", "postal_code", "city")

    class Meta:
        model = Participant
        fields = [
            "kind",
            "user",
            "function",
            "unit",
            "relative",
            "language",
            "name",
            "email",
            "street_address",
            "postal_code",
            "city",
        ]
        labels = {
            "unit": _("Unit that sends a representative"),
            "name": _("Interpreter's name or agency"),
            "email": _("Interpreter's e-mail"),
            "street_address": _("Interpreter's postal address"),
            "postal_code": _("Interpreter's postal code"),
            "city": _("Interpreter's town"),
        }
        help_texts = {
            "unit": _("The invitation goes to the unit's functional mailbox; it says who comes."),
            "email": _(
                "Without an e-mail address the invitation is a letter to the address below."
            ),
        }

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        plan = meeting.plan
        units = plan.participating_units()
        self.fields["user"].queryset = child_staff(units).order_by("given_name", "family_name")
        self.fields["function"].queryset = Function.objects.filter(unit__in=units).select_related(
            "unit"
        )
        self.fields["function"].label_from_instance = lambda f: (
            f"{f.title or f.get_kind_display()}, {f.unit}"
        )
        self.fields["unit"].queryset = units.select_related("principal")
        self.fields["relative"].queryset = plan.child.relatives.all()

    REQUIRED = {
        Participant.Kind.STAFF: "user",
        Participant.Kind.FUNCTION: "function",
        Participant.Kind.UNIT: "unit",
        Participant.Kind.RELATIVE: "relative",
        Participant.Kind.INTERPRETER: "language",
    }
    CHOICES = ("user", "function", "unit", "relative")

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = self.REQUIRED.get(kind)
        if needed and not cleaned.get(needed):
            self.add_error(needed, _("Choose who, for the kind of invitee you picked."))
        # Keep only the field that belongs to the kind: a stray choice must not slip in.
        for field in self.CHOICES:
            if field != needed:
                cleaned[field] = None
        if kind != Participant.Kind.INTERPRETER:
            cleaned.update(dict.fromkeys(self.INTERPRETER, ""))
        lookup = {needed: cleaned.get(needed)} if needed in self.CHOICES else None
        if lookup and self.meeting.participants.filter(kind=kind, **lookup).exists():
            self.add_error(needed, _("Already invited to this meeting."))
        return cleaned


class RolesForm(VersionedForm):
    """The roles agreed beforehand, and the meeting's own questions."""

    class Meta:
        model = Meeting
        fields = ["convener", "leader", "note_taker", "questions"]
        widgets = {"questions": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        staff = User.objects.filter(
            pk__in=self.instance.participants.filter(user__isnull=False).values("user")
        ).order_by("given_name", "family_name")
        for field in ("convener", "leader", "note_taker"):
            self.fields[field].queryset = staff
            self.fields[field].help_text = _("Chosen among the invited staff.")


class MinutesForm(VersionedForm):
    """The agenda of seed 004 §4.4 and Mötescirkeln, in its order."""

    class Meta:
        model = Meeting
        fields = [
            "presentation_done",
            "previous_plan_read",
            "purpose_read",
            "situation",
            "actors_views",
            "plan_read_aloud",
            "other_notes",
        ]
        widgets = {
            "situation": forms.Textarea(attrs={"rows": 5}),
            "actors_views": forms.Textarea(attrs={"rows": 5}),
            "other_notes": forms.Textarea(attrs={"rows": 3}),
        }


class MoveForm(BookMeetingForm):
    """A new time or place. Everyone gets a new invitation and the calendars update."""

    class Meta(BookMeetingForm.Meta):
        fields = ["starts_at", "duration_minutes", "place", "link", "short_notice_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, plan=kwargs["instance"].plan, **kwargs)


class NoShowForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["no_show_offer", "no_show_note"]
        widgets = {
            "no_show_offer": forms.RadioSelect,
            "no_show_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_show_offer"].required = True
        self.fields["no_show_offer"].choices = Meeting.NoShowOffer.choices


class CloseForm(forms.Form):
    """Closing needs the next follow-up booked at the meeting, or a reason why not."""

    next_starts_at = forms.DateTimeField(
        label=_("Next follow-up meeting"),
        required=False,
        widget=DATETIME_INPUT,
        input_formats=DATETIME_FORMATS,
    )
    no_next_reason = forms.CharField(
        label=_("Or: why no follow-up is booked"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: the SIP is to be closed."),
    )

    def clean(self):
        cleaned = super().clean()
        starts = cleaned.get("next_starts_at")
        if starts and starts <= timezone.now():
            self.add_error("next_starts_at", _("The next meeting must be in the future."))
        elif not starts and not cleaned.get("no_next_reason", "").strip() and not self.errors:
            raise forms.ValidationError(
                _("Book the next follow-up meeting, or say why none is booked, before closing.")
            )
        return cleaned


class AnswerForm(forms.Form):
    """An answer to an invitation: coming or not, and if not, briefly why (the convener
    reads it on the meeting's page)."""

    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Participant.Response.ACCEPTED, Participant.Response.ACCEPTED.label),
            (Participant.Response.DECLINED, Participant.Response.DECLINED.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("If you are not coming: why?"),
        required=False,
        max_length=Participant.REASON_LENGTH,
        help_text=_("A few words, for the one who invited you."),
    )
    reason_required = _("Say briefly why you are not coming.")

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("response") == Participant.Response.DECLINED
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", self.reason_required)
        return cleaned


class PhoneAnswerForm(AnswerForm):
    """An answer given by phone or in person, recorded by the convener."""

    name = forms.CharField(
        label=_("Who comes (for a function or a unit)"), required=False, max_length=200
    )
    reason_required = _("Write briefly why they are not coming.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = _("If not coming: why?")
        self.fields["reason"].help_text = _("A few words, as they said it.")


class ConfirmForm(AnswerForm):
    """The page behind the link in an invitation: no login, one answer."""

    name = forms.CharField(label=_("Who from your unit will come?"), required=False, max_length=200)
    field_order = ["response", "name", "reason"]

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        if not participant.answers_for_unit:
            del self.fields["name"]

    def clean(self):
        cleaned = super().clean()
        if (
            "name" in self.fields
            and cleaned.get("response") == Participant.Response.ACCEPTED
            and not cleaned.get("name", "").strip()
        ):
            self.add_error("name", _("Give the name of the person who will come."))
        return cleaned


def attendance_from(data) -> dict[int, str]:
    """The attendance marked on the hold page: `attendance-<participant pk>` radio groups."""
    allowed = set(Participant.Attendance.values)
    marked = {}
    for key, value in data.items():
        if key.startswith("attendance-") and value in allowed:
            try:
                marked[int(key.removeprefix("attendance-"))] = value
            except ValueError:
                continue
    return marked
