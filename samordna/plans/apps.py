from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The SIP: initiation, content by law, coordinator, versions, follow-up and closure."""

    name = "samordna.plans"
    verbose_name = _("Plans")
