from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """Documents made in the background: long jobs with a progress bar and a download."""

    name = "samordna.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        # Builders register themselves with @document_job in <app>/document_jobs.py: import
        # them all, so that a worker knows every kind a web process may queue.
        autodiscover_modules("document_jobs")
