from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation

from samordna.notifications.service import send_digests


class Command(BaseCommand):
    help = "E-mail the daily digest to the users who chose it; run once a day."

    def handle(self, **options):
        with translation.override(settings.LANGUAGE_CODE):
            count = send_digests()
        self.stdout.write(f"{count} digest(s) queued.")
