from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.consents import uploads
from samordna.consents.models import Consent, Withdrawal
from samordna.consents.who import Situation, who_consents
from samordna.core.once import OnceForm
from samordna.organisations.models import Principal, Unit
from samordna.people.models import Language

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def unit_label(unit) -> str:
    return f"{unit.name} ({unit.principal})"


class ConsentForm(OnceForm, forms.ModelForm):
    """That they were told first, who consented (as samordna.consents.who decides), to which
    units, how and when."""

    informed = forms.BooleanField(required=True)
    informed_how = forms.MultipleChoiceField(
        label=_("How were they told?"),
        choices=Consent.Informed.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick every way that applies."),
    )
    child_consents = forms.BooleanField(required=False)
    guardians = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    trustees = forms.ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Consent
        fields = [
            "informed",
            "informed_on",
            "informed_how",
            "informed_language",
            "child_consents",
            "guardians",
            "trustees",
            "maturity_assessment",
            "units",
            "principals",
            "information",
            "form",
            "given_on",
            "valid_until",
            "document",
        ]
        widgets = {
            "informed_on": DATE_WIDGET,
            "maturity_assessment": forms.Textarea(attrs={"rows": 3}),
            "units": forms.CheckboxSelectMultiple,
            "principals": forms.CheckboxSelectMultiple,
            "form": forms.RadioSelect,
            "given_on": DATE_WIDGET,
            "valid_until": DATE_WIDGET,
            "document": forms.ClearableFileInput(attrs={"accept": uploads.ACCEPT}),
        }
        labels = {
            "informed_on": _("When were they told?"),
            "informed_language": _("In which language?"),
        }
        help_texts = {
            "informed_on": _("At the latest on the day the consent was given."),
            "informed_language": _(
                "Required when they were told in their own language or with an interpreter."
            ),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.who = who_consents(plan.child)
        self.fields["informed"].label = self.who.informed_label
        self.fields["informed_on"].required = True
        self._set_up_parties()
        self.fields["units"].queryset = Unit.objects.select_related("principal").order_by("name")
        self.fields["units"].label_from_instance = unit_label
        self.fields["principals"].queryset = Principal.objects.all()
        self.fields["principals"].help_text = _(
            "Every unit of a chosen principal is covered. A municipality's school and social "
            "services are separate principals (boards): choose each board, never a whole "
            "municipality."
        )
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
            if plan.child.preferred_language != Language.SWEDISH:
                self.initial.setdefault("informed_language", plan.child.preferred_language)

    def _set_up_parties(self) -> None:
        """Offer exactly the people the rule lets consent: never guardians for a young person
        of 18, the god man only for a child with no guardian registered."""
        who, child = self.who, self.plan.child
        adult = who.situation == Situation.ADULT
        self.fields["child_consents"].label = (
            _("The young person, %(name)s, consented")
            if adult
            else _("The child, %(name)s, consented")
        ) % {"name": who.name}
        if who.child_required:
            self.fields["child_consents"].help_text = _("Required.")
        else:
            self.fields["child_consents"].help_text = _(
                "As far as the child's age and maturity allow. Then record your assessment below."
            )
        self.fields["guardians"].queryset = child.guardians.all()
        self.fields["trustees"].queryset = child.trustees.all()
        required = who.situation == Situation.REPRESENTED
        self.fields["guardians"].label = (
            _("Guardians who consented (every guardian)")
            if required
            else _("Guardians who consented too")
        )
        self.fields["trustees"].label = (
            _("God man who consented") if required else _("God man who consented too")
        )
        self.fields["trustees"].help_text = _(
            "The child has no guardian registered: the god man, appointed by the "
            "överförmyndare, consents in the guardians' place."
        )
        for name in ("guardians", "trustees"):
            if who.representative_field != name:
                del self.fields[name]
        if not who.asks_maturity:
            del self.fields["maturity_assessment"]
        if not who.can_consent:
            del self.fields["child_consents"]

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if isinstance(document, UploadedFile):
            kind = uploads.check_signed_form(document)
            document.name = uploads.random_name(kind)  # never the original name
        return document

    def clean_principals(self):
        principals = self.cleaned_data.get("principals")
        whole = [principal for principal in principals or () if principal.is_whole_municipality]
        if whole:
            raise forms.ValidationError(
                _(
                    "%(names)s names no board: a consent cannot cover a whole municipality. "
                    "School and social services are separate principals with secrecy between "
                    "them: choose their units, or each board, separately."
                ),
                params={"names": ", ".join(str(principal) for principal in whole)},
                code="whole_municipality",
            )
        return principals

    def clean(self):
        cleaned = super().clean()
        problems = self.who.problems(
            child=bool(cleaned.get("child_consents")),
            representatives=cleaned.get(self.who.representative_field or "", ()),
            maturity=cleaned.get("maturity_assessment", ""),
        )
        for field, message in problems.items():
            self.add_error(field, message)
        self._clean_informed(cleaned)
        chose_none = not cleaned.get("units") and not cleaned.get("principals")
        if chose_none and "principals" not in self.errors:
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

    def _clean_informed(self, cleaned) -> None:
        """Told first [004 §4.2]: not after the consent, and in which language if it matters."""
        told, given = cleaned.get("informed_on"), cleaned.get("given_on")
        if told and given and told > given:
            self.add_error(
                "informed_on",
                _("They must be told before they consent: the date cannot be after the consent."),
            )
        elif told and told > timezone.localdate():
            self.add_error("informed_on", _("The date cannot be in the future."))
        how = cleaned.get("informed_how") or []
        if any(way in Consent.IN_A_LANGUAGE for way in how):
            if not cleaned.get("informed_language"):
                self.add_error("informed_language", _("Choose the language they were told in."))
        elif "informed_how" in cleaned:
            cleaned["informed_language"] = ""  # a language only where it says something


class WithdrawalForm(forms.Form):
    """Which consenting person withdrew, how and when, and from which units. Withdrawing the
    whole consent, or taking out another unit than one's own, takes a second, explicit step
    (the page says what follows, the box must be ticked)."""

    CONFIRM_STEP = "confirm"

    party = forms.ModelChoiceField(
        queryset=None,
        empty_label=None,
        widget=forms.RadioSelect,
        label=_("Who withdrew the consent"),
        help_text=_("One of those who consented, as recorded on the consent."),
    )
    how = forms.ChoiceField(
        choices=Withdrawal.How.choices,
        widget=forms.RadioSelect,
        label=_("How was it withdrawn?"),
    )
    withdrawn_on = forms.DateField(label=_("Date of the withdrawal"), widget=DATE_WIDGET)
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
    confirmed = forms.BooleanField(required=False)

    def __init__(self, *args, consent, unit, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.consent = consent
        self.unit = unit  # the acting unit, which may take itself out without a second step
        self.fields["party"].queryset = consent.parties.select_related(
            "guardian", "trustee", "consent__plan__child"
        )
        self.fields["party"].label_from_instance = lambda party: party.label
        self.fields["units"].queryset = consent.units.select_related("principal")
        self.fields["units"].label_from_instance = unit_label
        self.fields["principals"].queryset = consent.principals.all()
        # With a single unit (or principal) in the scope, only the whole consent can go.
        scope = {name: self.fields[name].queryset.count() for name in ("units", "principals")}
        for name, count in scope.items():
            if count == 0 or sum(scope.values()) == 1:
                del self.fields[name]
        self.offers_partial = "units" in self.fields or "principals" in self.fields
        plan = consent.plan
        self.closes_plan = (
            not plan.is_closed and not plan.consents.valid().exclude(pk=consent.pk).exists()
        )
        self.asks_confirmation = False
        self.whole = True
        self.others = []  # the units and principals other than the acting unit taken out

    def clean_withdrawn_on(self):
        day = self.cleaned_data["withdrawn_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        if day < self.consent.given_on:
            raise forms.ValidationError(_("The date cannot be before the consent was given."))
        return day

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
        self.whole = not units and not principals
        self.others = [unit for unit in units if unit != self.unit] + list(principals)
        if self.errors or cleaned.get("confirmed") or (not self.whole and not self.others):
            return cleaned
        self.asks_confirmation = True
        if not self.whole:
            label = _("Yes, take them out of the consent")
        elif self.closes_plan:
            label = _("Yes, withdraw the whole consent and close the SIP")
        else:
            label = _("Yes, withdraw the whole consent")
        # The bound field was made before clean(): it keeps a label of its own.
        self.fields["confirmed"].label = self["confirmed"].label = label
        if self.data.get("step") == self.CONFIRM_STEP:
            self.add_error("confirmed", _("Tick the box to confirm the withdrawal."))
        return cleaned
