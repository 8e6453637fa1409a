from datetime import date

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.consents import uploads
from samordna.consents.models import Consent
from samordna.organisations.models import Principal, Unit

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unit_label(unit) -> str:
    return f"{unit.name} ({unit.principal.name})"


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class ConsentForm(forms.ModelForm):
    """Who consented (the child and each guardian separately), to which units, how and when."""

    guardians = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Guardians who consented"),
    )
    child_consents = forms.BooleanField(label=_("The child consented"), required=False)

    class Meta:
        model = Consent
        fields = [
            "child_consents",
            "guardians",
            "units",
            "principals",
            "information",
            "form",
            "given_on",
            "valid_until",
            "document",
        ]
        widgets = {
            "units": forms.CheckboxSelectMultiple,
            "principals": forms.CheckboxSelectMultiple,
            "form": forms.RadioSelect,
            "given_on": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
            "document": forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["guardians"].queryset = plan.child.guardians.all()
        self.fields["units"].queryset = Unit.objects.select_related("principal").order_by("name")
        self.fields["units"].label_from_instance = unit_label
        self.fields["principals"].queryset = Principal.objects.all()
        self.fields["form"].choices = Consent.Form.choices  # radio buttons: no empty choice
        self.fields["document"].help_text = _(
            "Required for a signed paper form: a PDF, JPEG or PNG of at most %(megabytes)s MB."
        ) % {"megabytes": uploads.MAX_BYTES // (1024 * 1024)}
        if not self.is_bound:
            # The units the preparation chose to invite are the usual scope.
            preparation = getattr(plan, "preparation", None)
            if preparation is not None:
                self.initial.setdefault(
                    "units", list(preparation.invited_units.values_list("pk", flat=True))
                )
            self.initial.setdefault("given_on", timezone.localdate())
        if not self.fields["guardians"].queryset.exists():
            self.fields["guardians"].help_text = _(
                "No guardian is registered for the child: register the guardians first, or "
                "record the child's own consent."
            )
        self.child_age = age_on(plan.child.birth_date, timezone.localdate())
        if self.child_age >= settings.SIP_CHILD_CONSENT_AGE:
            self.fields["child_consents"].help_text = _(
                "The child is %(age)s: the child's own consent is required too."
            ) % {"age": self.child_age}
        else:
            self.fields["child_consents"].help_text = _(
                "From the age of %(age)s the child's own consent is required. A younger child "
                "consents as far as its age and maturity allow."
            ) % {"age": settings.SIP_CHILD_CONSENT_AGE}

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):
            kind = uploads.check_signed_form(document)
            document.name = uploads.random_name(kind)  # never the original name
        return document

    def clean(self):
        cleaned = super().clean()
        guardians = set(cleaned.get("guardians") or [])
        missing = [g for g in self.plan.child.guardians.all() if g not in guardians]
        if not guardians and not cleaned.get("child_consents"):
            self.add_error(
                "guardians" if missing else "child_consents",
                _("Record who consented: the child or a guardian."),
            )
        elif missing:
            self.add_error(
                "guardians",
                _("Every guardian must consent. Missing: %(names)s.")
                % {"names": ", ".join(str(g) for g in missing)},
            )
        if self.child_age >= settings.SIP_CHILD_CONSENT_AGE and not cleaned.get("child_consents"):
            self.add_error("child_consents", _("A child of this age must consent too."))
        if not cleaned.get("units") and not cleaned.get("principals"):
            self.add_error("units", _("Choose the units the consent covers."))
        form = cleaned.get("form")
        if form == Consent.Form.PAPER and not cleaned.get("document"):
            self.add_error("document", _("Upload the signed form."))
        given, until = cleaned.get("given_on"), cleaned.get("valid_until")
        if given and until and until < given:
            self.add_error("valid_until", _("The consent cannot end before it was given."))
        elif until and until < timezone.localdate():
            self.add_error("valid_until", _("The consent has already expired: check the date."))
        if given and given > timezone.localdate():
            self.add_error("given_on", _("The date cannot be in the future."))
        return cleaned


class WithdrawalForm(forms.Form):
    withdrawn_by = forms.CharField(
        label=_("Who withdrew the consent"),
        max_length=200,
        help_text=_("For example: the guardian Anna, by phone to the coordinator."),
    )
    units = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Only for these units"),
        help_text=_("Leave empty to withdraw the whole consent: the SIP then closes."),
    )
    principals = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Only for these principals"),
        help_text=_("Every unit of a principal chosen here leaves the consent."),
    )

    def __init__(self, *args, consent, **kwargs):
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.fields["units"].queryset = consent.units.select_related("principal")
        self.fields["units"].label_from_instance = unit_label
        self.fields["principals"].queryset = consent.principals.all()
        # With a single unit (or principal) in the scope, only the whole consent can go.
        scope = {name: self.fields[name].queryset.count() for name in ("units", "principals")}
        for name, count in scope.items():
            if count == 0 or sum(scope.values()) == 1:
                del self.fields[name]
        self.offers_partial = "units" in self.fields or "principals" in self.fields

    def clean(self):
        cleaned = super().clean()
        units = set(cleaned.get("units") or [])
        principals = set(cleaned.get("principals") or [])
        whole_scope = units == set(self.consent.units.all()) and principals == set(
            self.consent.principals.all()
        )
        if (units or principals) and whole_scope:
            self.add_error(
                None,
                _(
                    "You chose every unit the consent covers. To withdraw it for everyone, "
                    "leave the choices empty: the whole consent is then withdrawn and the SIP "
                    "closes."
                ),
            )
        return cleaned
