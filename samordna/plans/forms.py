"""Forms for the plan's content, versions, follow-up and closure."""

from django import forms
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import CHILD_DATA_ROLES, Membership, User
from samordna.core.versioning import VersionedForm
from samordna.organisations.models import Principal
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
        fields = ["child_wishes", "purpose", "needs", "overall_responsibility", "family_contact"]
        widgets = {
            "child_wishes": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "needs": forms.Textarea(attrs={"rows": 4}),
            "family_contact": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "overall_responsibility": _("One of the principals of the units taking part."),
            "family_contact": _(
                "A name and a way to reach them, for example the coordinator's phone."
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["overall_responsibility"].queryset = Principal.objects.filter(
            units__in=self.instance.participating_units()
        ).distinct()


class GoalForm(VersionedForm):
    class Meta:
        model = Goal
        fields = ["term", "text", "in_childs_words"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class MeasureForm(VersionedForm):
    """A measure of the acting unit: the person among its staff, the goal among the plan's."""

    class Meta:
        model = Measure
        fields = [
            "goal",
            "description",
            "responsible_person",
            "starts_on",
            "ends_on",
            "timing",
            "status",
            "other_provider",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "starts_on": DateInput,
            "ends_on": DateInput,
        }

    def __init__(self, *args, plan, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = plan.goals.all()
        self.fields["responsible_person"].queryset = User.objects.filter(
            is_active=True, memberships__unit=unit, memberships__role__in=CHILD_DATA_ROLES
        ).distinct()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot be before the start."))
        return cleaned


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, membership):
        title = membership.title or membership.get_role_display()
        return f"{membership.user.get_full_name()} ({title}), {membership.unit.name}"


class CoordinatorForm(forms.Form):
    membership = StaffChoiceField(
        label=_("Coordinator"),
        queryset=Membership.objects.none(),
        help_text=_(
            "A named person at one of the units taking part, chosen from the child's wishes, "
            "the measures and who meets the child regularly."
        ),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = (
            Membership.objects.filter(
                unit__in=plan.participating_units(),
                role__in=CHILD_DATA_ROLES,
                user__is_active=True,
            )
            .select_related("user", "unit")
            .order_by("unit__name", "user__family_name", "user__given_name")
        )


class ApproveForm(forms.Form):
    attendees = forms.CharField(
        label=_("Who attended the SIP meeting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Names and roles, including the child and the guardians if they took part."),
    )


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


class FollowUpForm(forms.ModelForm):
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
                    "unit": measure.responsible_unit.name,
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
