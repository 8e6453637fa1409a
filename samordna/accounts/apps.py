from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff users, their memberships in units and roles, and the unit they act for."""

    name = "samordna.accounts"
    verbose_name = _("Accounts")
