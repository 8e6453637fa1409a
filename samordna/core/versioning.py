"""No lost updates: every edit form carries the version it was read at, and a save over
someone else's newer change is refused with the other person's saved row to show, the
user's own text kept in the form (`edit`, includes/conflict.html)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from samordna.core.once import AlreadySaved, save_once, saved_already


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


def conflict_rows(form, current) -> list[tuple[str, str]]:
    """(label, value) of the form's fields as `current` (someone else's save) holds them."""
    rows = []
    for field in form.visible_fields():
        try:
            model_field = current._meta.get_field(field.name)
        except FieldDoesNotExist:
            continue
        if model_field.many_to_many:
            value = ", ".join(str(item) for item in getattr(current, field.name).all())
        elif model_field.choices:
            value = getattr(current, f"get_{field.name}_display")()
        else:
            value = getattr(current, field.name)
        if isinstance(value, bool):
            value = _("Yes") if value else _("No")
        rows.append((field.label, "" if value is None else str(value)))
    return rows


def stale(form, current) -> dict:
    """The form goes on from `current`'s version, the user's text kept; the context that
    shows what the other person saved (includes/conflict.html)."""
    form.data = form.data.copy()
    form.data["version"] = str(current.version)
    return {"conflict": current, "conflict_rows": conflict_rows(form, current)}


def edit(request, form, save, *, template: str, context: dict, done: str, saved) -> HttpResponse:
    """The one versioned edit: on a valid POST, `save()` (once: core/once.py) and go to
    `done`; over someone else's newer save, 409 with their text shown and the user's kept."""
    extra = {}
    if request.method == "POST" and form.is_valid():
        try:
            if "once" in form.fields:
                save_once(request, form, save, done=done)
            else:
                save()
        except StaleEdit as current:
            extra = stale(form, current.current)
        except AlreadySaved as already:
            return saved_already(request, already)
        else:
            messages.success(request, saved)
            return redirect(done)
    context = {**context, "form": form, **extra}
    return render(request, template, context, status=409 if extra else 200)
