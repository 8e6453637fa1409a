import pytest

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    """Tasks wait in the database for a worker, as in production (other tests run them at once).

    A worker closes its connection between batches, so its tests need transactional_db.
    """
    settings.TASKS = DATABASE_BACKEND
