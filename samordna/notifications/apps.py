from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Work that happens by itself: the background worker, its heartbeat and the e-mail it sends."""

    name = "samordna.notifications"
    verbose_name = _("Notifications")
