from django.core.management.base import BaseCommand

from samordna.documents.jobs import prune_document_jobs
from samordna.documents.models import RESULT_DAYS


class Command(BaseCommand):
    help = f"Delete document jobs and their files older than {RESULT_DAYS} days."

    def handle(self, *args, **options):
        deleted = prune_document_jobs()
        self.stdout.write(f"Deleted {deleted} document jobs older than {RESULT_DAYS} days.")
