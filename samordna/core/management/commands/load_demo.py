from django.core.management.base import BaseCommand

from samordna.core.demo import load_demo


class Command(BaseCommand):
    help = "Load the fictional demo organisations and staff (once; re-running changes nothing)."

    def handle(self, *args, **options):
        if load_demo():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
