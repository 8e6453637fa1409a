"""Forms for the plan's content, versions, follow-up and closure."""

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Membership, child_staff
from samordna.core.once import OnceForm
from samordna.core.versioning import VersionedForm
from samordna.organisations.models import Principal, Unit
from samordna.plans import lifecycle
from samordna.plans.models import ClosureReason, FollowUp, Goal, Measure, Plan

DRAFT = "utkast"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanForm(VersionedForm):
    """The shared parts, written by the leading unit with the child and the guardians."""

    class Meta:
        model = Plan
        fields = ["child_wishes", "purpose", "needs", "family_contact"]
        widgets = {
            "child_wishes": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "needs": forms.Textarea(attrs={"rows": 4}),
            "family_contact": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "family_contact": _(
                "A name and a way to reach them, for example the coordinator's phone."
            ),
        }


class GoalForm(OnceForm, VersionedForm):
    class Meta:
        model = Goal
        fields = ["term", "text", "in_childs_words"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MeasureForm(OnceForm, VersionedForm):
    """A measure the acting unit writes down: its own, a need no principal has taken on yet,
    or one by another actor. The person is among its staff, the goal among the plan's."""

    OWN, NEED, OTHER = "own", "need", "other"
    carried_out_by = forms.ChoiceField(
        label=_("Who carries it out"),
        widget=forms.RadioSelect,
        choices=[
            (OWN, _("Our unit")),
            (NEED, _("Nobody yet: a need that no organisation has taken on")),
            (OTHER, _("Another actor, outside the municipality and the region")),
        ],
        help_text=_("No organisation decides on measures that another one provides."),
    )
    actor_unit = forms.ModelChoiceField(
        label=_("The actor, from the unit directory"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Or write the actor's name below."),
    )

    class Meta:
        model = Measure
        fields = [
            "carried_out_by",
            "description",
            "goal",
            "responsible_person",
            "actor_unit",
            "other_actor",
            "other_actor_kind",
            "starts_on",
            "ends_on",
            "timing",
            "status",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput,
            "ends_on": DateInput,
        }

    def __init__(self, *args, plan, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["responsible_person"].queryset = child_staff([unit])
        self.fields["responsible_person"].help_text = _("Only for your unit's own measures.")
        self.fields["actor_unit"].queryset = (
            Unit.objects.filter(
                principal__kind__in=Principal.OUTSIDE_KINDS, principal__contracted_by=None
            )
            .select_related("principal")
            .order_by("name")
        )
        self.fields["actor_unit"].label_from_instance = lambda u: f"{u.name} ({u.principal})"
        if not self.fields["actor_unit"].queryset.exists():
            del self.fields["actor_unit"]  # no such actor in the directory: a name it is
        measure = self.instance
        if measure.pk is not None:
            if measure.is_unassigned:
                self.initial["carried_out_by"] = self.NEED
            elif measure.is_outside and measure.responsible_unit_id != unit.pk:
                self.initial["carried_out_by"] = self.OTHER
                self.initial["actor_unit"] = measure.responsible_unit_id
            else:
                self.initial["carried_out_by"] = self.OWN
        else:
            self.initial.setdefault("carried_out_by", self.OWN)

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot be before the start."))
        who = cleaned.get("carried_out_by")
        if who == self.OTHER:
            if cleaned.get("actor_unit") and cleaned.get("other_actor"):
                self.add_error(
                    "other_actor",
                    _("Choose the actor from the directory or write a name, not both."),
                )
            elif not cleaned.get("actor_unit") and not cleaned.get("other_actor"):
                self.add_error(
                    "other_actor", _("Name the actor, or choose it from the unit directory.")
                )
            elif cleaned.get("other_actor") and not cleaned.get("other_actor_kind"):
                self.add_error("other_actor_kind", _("Choose what kind of actor it is."))
            if cleaned.get("responsible_person"):
                self.add_error(
                    "responsible_person",
                    _("A person is named only for your own unit's measures."),
                )
        elif who == self.NEED and cleaned.get("responsible_person"):
            self.add_error(
                "responsible_person", _("A need nobody has taken on has no responsible person.")
            )
        return cleaned

    def _post_clean(self):
        # Who carries it out decides the unit and the actor; nothing else may set them.
        who = self.cleaned_data.get("carried_out_by")
        if who == self.OWN:
            self.cleaned_data.update(other_actor="", other_actor_kind="")
            self.instance.responsible_unit = self.unit
        elif who == self.NEED:
            self.cleaned_data.update(other_actor="", other_actor_kind="", responsible_person=None)
            self.instance.responsible_unit = None
        elif who == self.OTHER:
            actor_unit = self.cleaned_data.get("actor_unit")
            self.instance.responsible_unit = actor_unit
            if actor_unit is not None:
                self.cleaned_data.update(other_actor="", other_actor_kind="")
        super()._post_clean()


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        title = membership.title or membership.get_role_display()
        return f"{membership.user.get_full_name()} ({title}), {membership.unit.name}"


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return str(meeting)


class CoordinatorForm(forms.Form):
    """A named person at a unit taking part, appointed at a SIP meeting with the reason.

    The first coordinator, and a move of the role to another unit, are decided at a meeting
    (seed 000); a unit may name another of its own staff in between, with a reason. Handing
    the role to another unit is confirmed: the acting unit then no longer leads the plan.
    """

    membership = StaffChoiceField(
        label=_("Coordinator"),
        queryset=Membership.objects.none(),
        help_text=_(
            "A named person at one of the units taking part, chosen from the child's wishes, "
            "the measures and who meets the child regularly."
        ),
    )
    meeting = MeetingChoiceField(
        label=_("Decided at the meeting"),
        queryset=None,
        required=False,
        help_text=_("Required for the first coordinator and when the role moves to another unit."),
    )
    reason = forms.CharField(
        label=_("Why this coordinator"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("For example: the child's wish, who meets the child regularly."),
    )
    confirm_handover = forms.BooleanField(
        label=_("I understand that our unit will no longer lead the SIP"),
        required=False,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["membership"].queryset = (
            Membership.objects.child_staff(plan.participating_units())
            .select_related("user", "unit")
            .order_by("unit__name", "user__family_name", "user__given_name")
        )
        self.fields["meeting"].queryset = lifecycle.meetings_begun(plan)
        self.asks_to_confirm = False

    def clean(self):
        cleaned = super().clean()
        membership = cleaned.get("membership")
        if membership is None:
            return cleaned
        plan = self.plan
        same_unit = plan.coordinator_unit_id == membership.unit_id
        if not same_unit and cleaned.get("meeting") is None:
            self.add_error(
                "meeting",
                _(
                    "The coordinator is appointed at a SIP meeting: choose the meeting. A "
                    "meeting that has not begun cannot be chosen."
                ),
            )
        leading = plan.coordinator_unit_id or plan.initiating_unit_id
        if membership.unit_id != leading and not cleaned.get("confirm_handover"):
            self.asks_to_confirm = True
            self.add_error(
                "confirm_handover",
                _(
                    "The coordinator works at %(unit)s: that unit will lead the SIP, and yours "
                    "will no longer approve, follow up or close it. Tick to confirm."
                )
                % {"unit": membership.unit.name},
            )
        return cleaned


class ResponsibilityForm(forms.Form):
    """The principal with the overall responsibility (point 4 of the law), which can move
    between organisations during the process (seed 004 §2). On the page beside the
    coordinator's form: its fields carry a prefix."""

    prefix = "responsibility"

    principal = forms.ModelChoiceField(
        label=_("Principal with overall responsibility"),
        queryset=None,
        help_text=_("One of the principals of the units taking part."),
    )
    meeting = MeetingChoiceField(label=_("Decided at the meeting"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Why this principal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].queryset = Principal.objects.filter(
            units__in=plan.participating_units()
        ).distinct()
        self.fields["meeting"].queryset = lifecycle.meetings_begun(plan)


class ApproveForm(forms.Form):
    """Approval at a SIP meeting of the plan that has begun (or was held), with who attended."""

    meeting = MeetingChoiceField(
        label=_("Approved at the meeting"),
        queryset=None,
        required=False,  # the service says why, when there is no meeting to choose
        empty_label=None,
        help_text=_("The version is dated with the meeting's day."),
    )
    attendees = forms.CharField(
        label=_("Who attended the SIP meeting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Names and roles, including the child and the guardians if they took part."),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = lifecycle.meetings_begun(plan)


class CompareForm(forms.Form):
    """Two of the plan's versions, or a version and the draft (`utkast`)."""

    a = forms.ChoiceField(label=_("Compare"))
    b = forms.ChoiceField(label=_("with"))

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = {str(version.number): version for version in versions}
        choices = [
            (number, _("Version %(number)s") % {"number": number}) for number in self.versions
        ]
        choices.append((DRAFT, _("The draft")))
        self.fields["a"].choices = self.fields["b"].choices = choices

    @staticmethod
    def defaults(versions) -> dict | None:
        """The latest version with the one before it, or with the draft when it is the only one."""
        if not versions:
            return None
        older = str(versions[1].number) if len(versions) > 1 else str(versions[0].number)
        newer = str(versions[0].number) if len(versions) > 1 else DRAFT
        return {"a": older, "b": newer}

    def side(self, name: str):
        """The chosen PlanVersion, or None for the draft."""
        return self.versions.get(self.cleaned_data[name])

    def side_label(self, name: str) -> str:
        return dict(self.fields[name].choices)[self.cleaned_data[name]]


class FollowUpForm(OnceForm, forms.ModelForm):
    """The questions of the routine (seed 004 §4.5) and an outcome per current measure."""

    closing = forms.BooleanField(
        label=_("The SIP is to be closed after this follow-up"),
        required=False,
        help_text=_("Then no next follow-up is booked: close the SIP on the next page."),
    )

    class Meta:
        model = FollowUp
        fields = [
            "held_on",
            "wishes_met",
            "measures_delivered",
            "how_measures_work",
            "results",
            "changed_needs",
            "assessments",
            "new_information",
            "further_measures",
            "next_follow_up",
        ]
        widgets = {
            "held_on": DateInput,
            "next_follow_up": DateInput,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in [
                    "wishes_met",
                    "measures_delivered",
                    "how_measures_work",
                    "results",
                    "changed_needs",
                    "assessments",
                    "new_information",
                    "further_measures",
                ]
            },
        }
        help_texts = {
            "next_follow_up": _(
                "Book it at the meeting. Required unless the SIP is to be closed: then tick "
                "the box below."
            )
        }

    def __init__(self, *args, measures, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = list(measures)
        for measure in self.measures:
            self.fields[self.outcome_name(measure)] = forms.CharField(
                label=_("Outcome: %(measure)s (%(unit)s)")
                % {
                    "measure": Truncator(measure.description).chars(80),
                    "unit": measure.responsible_unit or measure.other_actor or measure.kept_by_unit,
                },
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def outcome_name(measure) -> str:
        return f"outcome_{measure.pk}"

    def outcome_fields(self):
        return [self[self.outcome_name(measure)] for measure in self.measures]

    def question_fields(self):
        return [self[name] for name in self._meta.fields if name != "next_follow_up"]

    def clean(self):
        cleaned = super().clean()
        held_on, next_date = cleaned.get("held_on"), cleaned.get("next_follow_up")
        if held_on and held_on > timezone.localdate():
            self.add_error("held_on", _("A follow-up is recorded once it has been held."))
        if cleaned.get("closing"):
            if next_date:
                self.add_error(
                    "next_follow_up", _("Leave the date empty when the SIP is to be closed.")
                )
        elif not next_date and "next_follow_up" not in self.errors:
            self.add_error(
                "next_follow_up",
                _("Book the next follow-up, or tick that the SIP is to be closed."),
            )
        elif held_on and next_date and next_date <= held_on:
            self.add_error("next_follow_up", _("The next follow-up comes after this one."))
        return cleaned

    def outcomes(self) -> dict:
        """{measure: outcome} for the outcomes written down."""
        texts = {m: self.cleaned_data[self.outcome_name(m)].strip() for m in self.measures}
        return {measure: text for measure, text in texts.items() if text}


class CloseForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for closing"), choices=ClosureReason.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("About the closure"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Required for 'Other'. The letter to the child and the guardians quotes this text."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that the SIP will no longer apply and can then only be read"),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == ClosureReason.OTHER and not cleaned.get("note", "").strip():
            self.add_error("note", _("Describe the reason when you choose 'Other'."))
        return cleaned
