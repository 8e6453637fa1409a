from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.core.once import OnceForm
from samordna.core.versioning import VersionedForm
from samordna.organisations.models import Unit
from samordna.people import identity
from samordna.people.models import Child, Guardian, Guardianship, Relative, Trustee

CONTACT_FIELDS = ["street_address", "postal_code", "city", "phone", "email", "protected_identity"]


class IdentityNumberField(forms.CharField):
    """Any accepted way of writing a number in; the normalised 12 characters out."""

    def __init__(self, *, allow_coordination: bool = True, allow_reserve: bool = False, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "help_text", _("10 or 12 digits, for example 20121203-1234 or 121203-1234.")
        )
        super().__init__(**kwargs)
        self.allow_coordination = allow_coordination
        self.allow_reserve = allow_reserve
        self.widget.attrs.update(
            {"autocomplete": "off", "inputmode": "text", "spellcheck": "false"}
        )

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return value
        number = identity.normalise(value, allow_coordination=self.allow_coordination)
        if number.kind == "reservnummer" and not self.allow_reserve:
            raise ValidationError(
                _("Reserve numbers are issued by samordna; tick that the child has no number."),
                code="reserve",
            )
        return number.value


class TakePartForm(forms.Form):
    """The second step of registering a number, the same whether samordna knows the child or
    not: why the unit needs to work with the child. If samordna knows the child, the reason
    goes with the unit's request to take part (decision 29)."""

    reason = forms.CharField(
        label=_("Why your unit needs to work with the child"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_(
            "If the child is already in samordna, the unit responsible for the child reads "
            "this. Do not write more about the child than needed."
        ),
    )


class ChildForm(OnceForm, VersionedForm):
    identity_number = IdentityNumberField(
        label=_("Personal or coordination number"), required=False
    )
    has_no_number = forms.BooleanField(
        label=_("The child has neither personal nor coordination number"),
        required=False,
        help_text=_("samordna then issues a reserve number from the birth date."),
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Only needed when the child has no number."),
    )

    class Meta:
        model = Child
        fields = [
            "given_name",
            "family_name",
            "identity_number",
            "has_no_number",
            "birth_date",
            "preferred_language",
            "interpreter_needed",
            *CONTACT_FIELDS,
            "units",
        ]
        widgets = {"units": forms.CheckboxSelectMultiple}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = Unit.objects.select_related("principal").order_by("name")
        if self.instance.pk:
            # The number is the person's identity: it is not edited here.
            for name in ["identity_number", "has_no_number", "birth_date"]:
                del self.fields[name]

    def validate_unique(self):
        # A known number is not a form error: the view leads to the existing record, or says
        # only "already registered" when the unit may not see it.
        exclude = self._get_validation_exclusions() | {"identity_number"}
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            return cleaned
        if cleaned.get("has_no_number"):
            if cleaned.get("identity_number"):
                self.add_error(
                    "identity_number",
                    _("Leave the number empty when the child has no number."),
                )
            if not cleaned.get("birth_date"):
                self.add_error("birth_date", _("Enter the birth date to issue a reserve number."))
            elif cleaned["birth_date"] > timezone.localdate():
                self.add_error(
                    "birth_date",
                    ValidationError(_("The birth date is in the future."), code="future"),
                )
        elif not cleaned.get("identity_number") and "identity_number" not in self.errors:
            self.add_error(
                "identity_number",
                _("Enter the child's number, or tick that the child has no number."),
            )
        return cleaned


class GuardianForm(forms.ModelForm):
    identity_number = IdentityNumberField(
        label=_("Personal or coordination number"), required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind of guardian"),
        choices=Guardianship.Kind.choices,
        initial=Guardianship.Kind.GUARDIAN,
    )

    class Meta:
        model = Guardian
        fields = [
            "given_name",
            "family_name",
            "identity_number",
            "kind",
            "preferred_language",
            "interpreter_needed",
            *CONTACT_FIELDS,
        ]

    def clean_identity_number(self):
        # A new guardian with a known number is reused (services.add_guardian); a changed
        # number must not be one the unit already has for another guardian.
        number = self.cleaned_data["identity_number"]
        others = Guardian.objects.filter(
            registered_by_unit=self.instance.registered_by_unit_id, identity_number=number
        ).exclude(pk=self.instance.pk)
        if number and self.instance.pk and others.exists():
            raise ValidationError(
                _("Your unit has already registered another guardian with this number."),
                code="unique",
            )
        return number


class RelativeForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Relative
        fields = ["name", "relation", *CONTACT_FIELDS]


class TrusteeForm(OnceForm, forms.ModelForm):
    class Meta:
        model = Trustee
        fields = [
            "name",
            "appointed_on",
            "chief_guardian",
            "chief_guardian_contact",
            *CONTACT_FIELDS,
        ]
        widgets = {"appointed_on": forms.DateInput(attrs={"type": "date"})}


GuardianFormSet = forms.formset_factory(GuardianForm, extra=2, max_num=4)


class GuardianItemForm(OnceForm, GuardianForm):
    """A guardian added on their own page: saved once however often it is sent."""


class ChildSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search by identity number or name"), required=False, max_length=100
    )
