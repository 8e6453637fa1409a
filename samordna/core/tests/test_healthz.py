from django.urls import reverse

from samordna.core import views


def test_it_reports_healthy(client, db):
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 200
    assert response.json() == {
        "database": True,
        "migrations": True,
        "worker_heartbeat_age": None,
        "healthy": True,
    }


def test_it_answers_503_when_unhealthy(client, db, monkeypatch):
    monkeypatch.setattr(
        views, "check_health", lambda: {"database": True, "migrations": False, "healthy": False}
    )
    response = client.get(reverse("core:healthz"))
    assert response.status_code == 503
    assert response.json()["migrations"] is False
