from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Staff users, their memberships in units and roles, and the unit they act for."""

    name = "samordna.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from samordna.accounts.sessions import record_login

        # After core's start_session_clock: samordna.core comes first in INSTALLED_APPS.
        user_logged_in.connect(record_login, dispatch_uid="samordna-session-record")
