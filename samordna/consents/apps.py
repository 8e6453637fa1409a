from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsentsConfig(AppConfig):
    """Consent records, their scope and withdrawal: what lets a unit take part in a plan."""

    name = "samordna.consents"
    verbose_name = _("Consents")

    def ready(self):
        from samordna.consents import access

        access.connect()
