from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared plumbing: the base layout, start page, health check and the serve command."""

    name = "samordna.core"
    verbose_name = _("Core")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from samordna.core import lookups  # noqa: F401  (registers the integer `in` lookup)
        from samordna.core.middleware import start_session_clock

        user_logged_in.connect(start_session_clock, dispatch_uid="samordna-session-clock")
