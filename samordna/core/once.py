"""A form sent twice saves once: the back button and "save" again, a second click, a
second tab holding the same page.

A form that creates something carries a one-time token (`OnceForm`); `save_once` records
the token in the same transaction as the save, and a second request with it is refused
(`AlreadySaved`) instead of saving again. The database's unique constraint decides, so
two requests at the same moment save once too. Tokens older than a week are dropped as new
ones arrive: a page kept open longer simply saves.
"""

import uuid
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.core.models import FormSubmission

KEEP = timedelta(days=7)


class OnceForm(forms.Form):
    """Mix into a form whose save creates something (or makes one change)."""

    once = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["once"].initial = uuid.uuid4()


class AlreadySaved(Exception):
    """The form was sent before and saved then; `redirect_to` shows what was saved."""

    def __init__(self, redirect_to: str):
        super().__init__(redirect_to)
        self.redirect_to = redirect_to


def save_once(request, form, save, *, done: str):
    """`save()` unless the form's token was used before; then AlreadySaved(done)."""
    token = form.cleaned_data.get("once")
    if token is None:
        return save()
    with transaction.atomic():
        try:
            with transaction.atomic():
                FormSubmission.objects.create(token=token, user=request.user)
        except IntegrityError:
            raise AlreadySaved(done) from None
        FormSubmission.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
        return save()


def saved_already(request, saved: AlreadySaved):
    """The answer to a form sent a second time: what the first one saved, and why."""
    messages.info(request, _("This was saved already; it was not saved twice."))
    return redirect(saved.redirect_to)
