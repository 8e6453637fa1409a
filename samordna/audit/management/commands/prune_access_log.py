from django.core.management.base import BaseCommand

from samordna.audit.services import prune_access_log


class Command(BaseCommand):
    help = "Delete access log rows older than AUDIT_RETENTION_YEARS (at least five) years."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=5000, help="Rows per transaction.")

    def handle(self, *args, batch_size: int, **options):
        run = prune_access_log(batch_size=max(1, batch_size))
        self.stdout.write(
            f"Deleted {run.deleted} access log rows older than {run.cutoff:%Y-%m-%d %H:%M} UTC."
        )
