from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    """SIP meetings: booking, and (to come) invitations, attendance and protocol."""

    name = "samordna.meetings"
    verbose_name = _("Meetings")
