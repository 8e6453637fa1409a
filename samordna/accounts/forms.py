from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from samordna.accounts.models import Membership, Role, User, normalise_login
from samordna.documents import mail


def grantable_roles(admin: User) -> list[tuple[str, str]]:
    """Only a system administrator can make another system administrator."""
    if admin.is_system_admin:
        return list(Role.choices)
    return [choice for choice in Role.choices if choice[0] != Role.SYSTEM_ADMIN]


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    error_messages = {
        "invalid_login": _("Wrong e-mail address or password. Check both and try again."),
        "inactive": _("This account is not active. Contact your local administrator."),
    }


class TwoFactorCodeForm(forms.Form):
    """The second step of a login, and the confirmation of a new authenticator app."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text


class StaffUserForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["email", "given_name", "family_name", "phone"]

    def clean_email(self):
        email = normalise_login(self.cleaned_data["email"])
        if User.objects.filter(email=email).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("A user with this e-mail address already exists."))
        return email


class MembershipForm(forms.ModelForm):
    """A role at a unit, chosen among the units the administrator may manage."""

    class Meta:
        model = Membership
        fields = ["unit", "role", "title"]

    def __init__(self, *args, admin: User, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["role"].choices = grantable_roles(admin)


class NewStaffUserForm(StaffUserForm):
    """A new user and the first role, in one form."""

    unit = forms.ModelChoiceField(queryset=None, label=_("Unit"))
    role = forms.ChoiceField(label=_("Role"))
    title = forms.CharField(label=_("Job title"), max_length=100, required=False)

    def __init__(self, *args, admin: User, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["role"].choices = grantable_roles(admin)


class PasswordLinkForm(PasswordResetForm):
    """Django's password reset, its mail built as samordna builds every mail (documents.mail):
    the reset itself, or the welcome mail with which a new user chooses a password."""

    mail_kind = "mail_password_reset"

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        mail.message(self.mail_kind, subject, body, [to_email]).send()
