"""Passwords found in a list of breached or first-guessed passwords are refused."""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Built by samordna/accounts/password_list.py; see there what it holds.
SHIPPED_LIST = Path(__file__).resolve().parent / "breached_passwords.txt.gz"


class BreachedPasswordValidator(CommonPasswordValidator):
    """Refuses a password in the list at BREACHED_PASSWORD_LIST (plain text or gzip, one
    password a line, any case), by default the one samordna ships. Read from disk once per
    process, at the first password checked: nothing goes over the network."""

    def __init__(self):
        super().__init__(settings.BREACHED_PASSWORD_LIST or SHIPPED_LIST)
        self.passwords = {password.lower() for password in self.passwords if password}

    def validate(self, password, user=None):
        if password.lower().strip() in self.passwords:
            raise ValidationError(self.get_error_message(), code="password_breached")

    def get_error_message(self):
        return _("This password is in a list of leaked or easily guessed passwords.")

    def get_help_text(self):
        return _("Your password can’t be in the list of leaked or easily guessed passwords.")
