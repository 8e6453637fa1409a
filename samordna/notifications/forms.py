from django import forms

from samordna.notifications.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email"]
        widgets = {"email": forms.RadioSelect}
