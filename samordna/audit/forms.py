from datetime import date, datetime, time, timedelta

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import User
from samordna.organisations.models import Unit
from samordna.people import identity


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self):
        super().__init__(format="%Y-%m-%d")


def _start_of(day) -> datetime:
    """Midnight starting the day in Stockholm (the current time zone)."""
    return timezone.make_aware(datetime.combine(day, time.min))


# Dates the period can be turned into times in Stockholm (year 1 would underflow UTC).
DATE_RANGE = [MinValueValidator(date(1900, 1, 1)), MaxValueValidator(date(9999, 12, 30))]


class PeriodForm(forms.Form):
    date_from = forms.DateField(
        label=_("From date"), required=False, widget=DateInput(), validators=DATE_RANGE
    )
    date_to = forms.DateField(
        label=_("To date"), required=False, widget=DateInput(), validators=DATE_RANGE
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return cleaned

    def filter(self, rows):
        # Ranges on `at` itself (not at__date) so that the indexes on it are used.
        if start := self.cleaned_data["date_from"]:
            rows = rows.filter(at__gte=_start_of(start))
        if end := self.cleaned_data["date_to"]:
            rows = rows.filter(at__lt=_start_of(end + timedelta(days=1)))
        return rows

    def query(self) -> dict[str, str]:
        """The period as GET parameters, for links that keep it."""
        return {
            name: self.cleaned_data[name].isoformat()
            for name in ("date_from", "date_to")
            if self.cleaned_data.get(name)
        }


class LogFilterForm(PeriodForm):
    """Narrows the log rows of the manager's principal; never widens them."""

    field_order = ["child", "user", "unit", "date_from", "date_to", "flagged"]

    child = forms.CharField(
        label=_("Child's identity number"),
        required=False,
        max_length=20,
        help_text=_("YYYYMMDD-NNNN. Only children your unit may see are found."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    user = forms.ModelChoiceField(
        label=_("User"), queryset=User.objects.none(), required=False, empty_label=_("All users")
    )
    unit = forms.ModelChoiceField(
        label=_("Acting unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("All units"),
    )
    flagged = forms.BooleanField(
        label=_("Only reads without participation at the time"), required=False
    )

    def __init__(self, data, *, principal, children):
        super().__init__(data)
        self.children = children
        self.fields["user"].queryset = User.objects.filter(
            pk__in=User.objects.filter(memberships__unit__principal=principal)
        )
        self.fields["unit"].queryset = Unit.objects.filter(principal=principal).order_by("name")

    def clean_child(self) -> str:
        """The number in its stored form, or "" when empty; a field error when invalid."""
        text = self.cleaned_data["child"].strip()
        return identity.normalise(text).value if text else ""

    def filter(self, rows):
        rows = super().filter(rows)
        data = self.cleaned_data
        if data["child"]:
            # A subquery, not a lookup shown to the manager: it only narrows the rows. It finds
            # only a child the reviewer's unit may see: another number answers as an unknown
            # one does, though the rows of that child stay in the unfiltered review.
            numbered = self.children.filter(identity_number=data["child"]).values("pk")
            rows = rows.filter(child_id__in=numbered)
        if data["user"]:
            rows = rows.filter(user=data["user"])
        if data["unit"]:
            rows = rows.filter(acting_unit=data["unit"])
        if data["flagged"]:
            rows = rows.flagged()
        return rows
