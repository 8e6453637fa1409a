import pytest

from samordna.documents.models import DocumentJob


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database for a worker, as in production (other tests run them at once).

    A worker closes its connection between batches, so its tests need transactional_db.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def make_job(world):
    """A job row as start_job makes it, without running it."""

    def _make(user=None, **fields):
        user = user or world.teacher
        fields.setdefault("kind", "test_letters")
        fields.setdefault("title", "Kallelser")
        fields.setdefault("params", {"count": 3})
        return DocumentJob.objects.create(
            requested_by=user, unit=user.memberships.first().unit, **fields
        )

    return _make
