import pytest
from django.test import Client


@pytest.fixture(autouse=True)
def _commit_after_each_request(monkeypatch, django_capture_on_commit_callbacks):
    """Tests run in one transaction; run what a request defers to its commit (queued
    e-mails) when the request ends, as a real commit would."""
    request = Client.request

    def committing(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return request(self, **kwargs)

    monkeypatch.setattr(Client, "request", committing)
