import sys

from django.core.management.base import BaseCommand

from samordna.access import index


class Command(BaseCommand):
    help = (
        "Rebuild the access index's rows from their sources and report every difference "
        "(exit code 1); with --fix, correct them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--fix", action="store_true", help="Rewrite the rows of the children that differ."
        )

    def handle(self, *args, fix: bool, **options):
        found = index.check(fix=fix)
        if not found:
            self.stdout.write("The access index matches its sources.")
            return
        self.stdout.write(str(found))
        if fix and not index.differences():
            self.stdout.write("Corrected: the access index matches its sources now.")
            return
        sys.exit(1)
