from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The read log of every access to a child's data, its review and extracts."""

    name = "samordna.audit"
    verbose_name = _("Audit")
