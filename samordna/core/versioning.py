"""No lost updates: every edit form carries the version it was read at, and a save over
someone else's newer change is refused with the other person's saved row to show."""

from django import forms
from django.utils.translation import gettext as _


class VersionedForm(forms.ModelForm):
    """Carries the version the user read; the model has a `version` field."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version


class StaleEdit(Exception):
    """Someone saved the row after this user read it; `current` is what they saved."""

    def __init__(self, current):
        super().__init__(_("Someone else has saved this since you opened it."))
        self.current = current


def next_version(model, pk, read_version: int) -> int:
    """Lock the row (inside the caller's transaction) and give the version to save, or raise
    StaleEdit when the row changed since the form was read."""
    current = model.objects.select_for_update().get(pk=pk)
    if current.version != read_version:
        raise StaleEdit(current)
    return current.version + 1
