from datetime import date

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from samordna.core.demo import region


class Command(BaseCommand):
    help = (
        "Fill an empty database with a fictional region of N children, their families and "
        "SIPs, the same for the same seed and day (for benchmarks; never a real database)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True, help="how many children")
        parser.add_argument("--seed", type=int, default=1, help="the same seed, the same data")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="the day the dates count from (YYYY-MM-DD; default today)",
        )

    def handle(self, *args, children, seed, today, **options):
        if not 1 <= children <= region.MAX_CHILDREN:
            raise CommandError(f"--children must be between 1 and {region.MAX_CHILDREN:,}.")
        # Approved versions store their texts in Swedish: the catalogue must be compiled.
        call_command("compiletranslations", verbosity=0)
        try:
            counts = region.generate(
                children,
                seed,
                today=today or timezone.localdate(),
                progress=region.print_progress(self.stderr._out),
            )
        except region.EmptyDatabaseRequired as refused:
            raise CommandError(str(refused)) from None
        summary = ", ".join(f"{value:,} {name.replace('_', ' ')}" for name, value in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Region generated: {summary}."))
        self.stdout.write(f"Every generated user's password: {region.PASSWORD}")
