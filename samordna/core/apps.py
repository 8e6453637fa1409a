from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Shared plumbing: the base layout, start page, health check and the serve command."""

    name = "samordna.core"
    verbose_name = _("Core")
