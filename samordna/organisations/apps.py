from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    """Principals (huvudmän), their units and functions: the actor directory."""

    name = "samordna.organisations"
    verbose_name = _("Organisations")
