from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from samordna.core.demo import load_demo


class Command(BaseCommand):
    help = (
        "Load the fictional demo organisations and staff (once; re-running changes nothing). "
        "Only with DEBUG on: the demo accounts share a published password."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError(
                "load_demo refuses to run with DEBUG off: it creates accounts, a system "
                "administrator among them, whose password is published in the README. "
                "It is for a local demo only (make run sets DEBUG=true)."
            )
        # The demo stores texts in Swedish (an approved plan version keeps its snapshot):
        # the Swedish catalogue must be compiled before, also on a machine that never ran.
        call_command("compiletranslations", verbosity=0)
        if load_demo():
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        else:
            self.stdout.write("Demo data already present; nothing changed.")
