"""Forms for starting a SIP: initiation, join requests, preparation, booking the meeting."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import child_staff
from samordna.core.once import OnceForm
from samordna.core.versioning import VersionedForm
from samordna.meetings.models import Meeting
from samordna.organisations.models import Function, Unit
from samordna.plans.models import Plan, Preparation

SHORT_NOTICE = timedelta(weeks=3)


class InitiateForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["child_wishes", "purpose", "reason", "kind"]
        widgets = {
            "child_wishes": forms.Textarea(attrs={"rows": 4}),
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }


class JoinRequestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why your unit needs to take part"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("The coordinator reads this. Do not write more about the child than needed."),
    )


class PreparationForm(VersionedForm):
    class Meta:
        model = Preparation
        fields = [
            "invited_units",
            "invited_functions",
            "invited_people",
            "relatives",
            "child_participation",
            "trusted_person",
            "views_gathering",
            "childs_views",
        ]
        widgets = {
            "invited_units": forms.CheckboxSelectMultiple,
            "invited_functions": forms.CheckboxSelectMultiple,
            "invited_people": forms.CheckboxSelectMultiple,
            "relatives": forms.CheckboxSelectMultiple,
            "child_participation": forms.RadioSelect,
            "views_gathering": forms.Textarea(attrs={"rows": 3}),
            "childs_views": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance.plan
        self.fields["invited_units"].queryset = Unit.objects.select_related("principal")
        self.fields["invited_functions"].queryset = Function.objects.select_related("unit")
        self.fields["invited_people"].queryset = child_staff(plan.participating_units())
        self.fields["relatives"].queryset = plan.child.relatives.all()
        self.fields["child_participation"].choices = Preparation.ChildParticipation.choices

    def clean(self):
        cleaned = super().clean()
        participation = cleaned.get("child_participation")
        not_fully = participation in (
            Preparation.ChildParticipation.PART,
            Preparation.ChildParticipation.NONE,
        )
        if not_fully and not cleaned.get("views_gathering"):
            self.add_error(
                "views_gathering",
                _("Describe how the child is informed and gives its views before the meeting."),
            )
        return cleaned


class BookMeetingForm(OnceForm, forms.ModelForm):
    starts_at = forms.DateTimeField(
        label=_("Date and time"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    link = forms.URLField(
        label=_("Link for digital participation"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Meeting
        fields = ["kind", "starts_at", "duration_minutes", "place", "link", "short_notice_reason"]
        widgets = {"short_notice_reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def short_notice(self) -> bool:
        starts = self.cleaned_data.get("starts_at") if hasattr(self, "cleaned_data") else None
        return bool(starts) and starts - timezone.now() < SHORT_NOTICE

    def clean(self):
        cleaned = super().clean()
        starts = cleaned.get("starts_at")
        if starts and starts < timezone.now():
            self.add_error("starts_at", _("The meeting cannot be in the past."))
        if not cleaned.get("place") and not cleaned.get("link"):
            self.add_error("place", _("Give a room, a link for digital participation, or both."))
        # Three weeks' notice is the routine, not a law: a shorter notice needs a reason,
        # except at discharge from inpatient care (LUS), where time is short by nature.
        if (
            self.short_notice()
            and self.plan.kind != Plan.Kind.DISCHARGE
            and not cleaned.get("short_notice_reason", "").strip()
        ):
            self.add_error(
                "short_notice_reason",
                _("The meeting is less than three weeks away. Say why, or choose a later date."),
            )
        return cleaned
