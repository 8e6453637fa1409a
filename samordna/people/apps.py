from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    """Children, guardians, relatives and trustees; identity numbers; protected identity."""

    name = "samordna.people"
    verbose_name = _("People")
