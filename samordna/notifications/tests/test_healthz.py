from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from samordna.notifications.models import WorkerHeartbeat


@pytest.fixture
def heartbeat(db):
    def _heartbeat(seconds_ago: int) -> None:
        WorkerHeartbeat.objects.create(
            name="host-1", last_seen=timezone.now() - timedelta(seconds=seconds_ago)
        )

    return _heartbeat


def test_it_reports_no_heartbeat_as_null(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json()["worker_heartbeat_age"] is None


def test_it_reports_the_heartbeat_age(client, heartbeat):
    heartbeat(seconds_ago=30)
    age = client.get(reverse("core:healthz")).json()["worker_heartbeat_age"]
    assert 30 <= age < 35


def test_it_stays_healthy_with_a_stale_heartbeat_when_no_worker_is_required(client, heartbeat):
    heartbeat(seconds_ago=600)
    assert client.get(reverse("core:healthz")).status_code == 200


def test_it_answers_503_without_a_heartbeat_when_a_worker_is_required(client, db, settings):
    settings.WORKER_REQUIRED = True
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["healthy"] is False


def test_it_answers_503_with_a_stale_heartbeat_when_a_worker_is_required(
    client, heartbeat, settings
):
    settings.WORKER_REQUIRED = True
    heartbeat(seconds_ago=61)
    assert client.get(reverse("core:healthz")).status_code == 503


def test_it_is_healthy_with_a_fresh_heartbeat_when_a_worker_is_required(
    client, heartbeat, settings
):
    settings.WORKER_REQUIRED = True
    heartbeat(seconds_ago=5)
    assert client.get(reverse("core:healthz")).json()["healthy"] is True
