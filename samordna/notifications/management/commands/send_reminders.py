from django.core.management.base import BaseCommand

from samordna.notifications import reminders


class Command(BaseCommand):
    help = "Send the reminders that are due (each only once); for cron or a systemd timer."

    def handle(self, **options):
        count = reminders.sweep()
        self.stdout.write(f"{count} notification(s) created.")
