from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    """The access rule as an index: which unit may see which child, why and when."""

    name = "samordna.access"
    verbose_name = _("Access to children")

    def ready(self):
        from samordna.access import index

        index.connect()
