"""Forms of the meeting pages. Who may be chosen comes from the plan: staff and functions of
the participating units, the child's own relatives."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User
from samordna.core.versioning import VersionedForm
from samordna.meetings.models import Meeting, Participant
from samordna.organisations.models import Function
from samordna.plans.forms_start import BookMeetingForm

DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class ParticipantForm(forms.ModelForm):
    """Add one invitee: a named person, a function (its unit decides who), a relative, or an
    interpreter."""

    KINDS = [
        (Participant.Kind.STAFF, _("A named person")),
        (Participant.Kind.FUNCTION, _("A function at a unit")),
        (Participant.Kind.RELATIVE, _("A relative")),
        (Participant.Kind.INTERPRETER, _("An interpreter")),
    ]
    kind = forms.ChoiceField(label=_("Who"), choices=KINDS)

    class Meta:
        model = Participant
        fields = ["kind", "user", "function", "relative", "language", "name", "email"]
        labels = {"name": _("Interpreter's name or agency"), "email": _("Interpreter's e-mail")}

    def __init__(self, *args, meeting: Meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        plan = meeting.plan
        units = plan.participating_units()
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, memberships__unit__in=units)
            .distinct()
            .order_by("given_name", "family_name")
        )
        self.fields["function"].queryset = Function.objects.filter(unit__in=units).select_related(
            "unit"
        )
        self.fields["function"].label_from_instance = lambda f: (
            f"{f.title or f.get_kind_display()}, {f.unit}"
        )
        self.fields["relative"].queryset = plan.child.relatives.all()

    REQUIRED = {
        Participant.Kind.STAFF: "user",
        Participant.Kind.FUNCTION: "function",
        Participant.Kind.RELATIVE: "relative",
        Participant.Kind.INTERPRETER: "language",
    }

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        needed = self.REQUIRED.get(kind)
        if needed and not cleaned.get(needed):
            self.add_error(needed, _("Choose who, for the kind of invitee you picked."))
        # Keep only the field that belongs to the kind: a stray choice must not slip in.
        for field in ("user", "function", "relative"):
            if field != needed:
                cleaned[field] = None
        if kind != Participant.Kind.INTERPRETER:
            cleaned.update(language="", name="", email="")
        lookup = (
            {needed: cleaned.get(needed)} if needed in ("user", "function", "relative") else None
        )
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


class PhoneAnswerForm(forms.Form):
    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Participant.Response.ACCEPTED, Participant.Response.ACCEPTED.label),
            (Participant.Response.DECLINED, Participant.Response.DECLINED.label),
        ],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label=_("Who comes (for a function)"), required=False, max_length=200)


class ConfirmForm(forms.Form):
    """The page behind the link in an invitation: no login, one answer."""

    response = PhoneAnswerForm.base_fields["response"]
    name = forms.CharField(label=_("Who from your unit will come?"), required=False, max_length=200)

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        if participant.kind != Participant.Kind.FUNCTION:
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
