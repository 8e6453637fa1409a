from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The read log of every access to a child's data, its review and extracts."""

    name = "samordna.audit"
    verbose_name = _("Audit")

    def ready(self):
        from samordna.audit.app_role import grant_after_migrate

        # Sent once per migrate for this app, after every migration has run.
        post_migrate.connect(grant_after_migrate, sender=self)
