import pytest
from django.urls import reverse

from samordna.notifications.models import Kind, Notification, NotificationPreference


def make(user, text="En SIP har avslutats", url="/sip/", **fields):
    return Notification.objects.create(
        user=user, kind=Kind.PLAN_CLOSED, text=text, url=url, **fields
    )


def test_it_lists_only_the_users_own_newest_first(login, world):
    first = make(world.teacher, text="Första")
    second = make(world.teacher, text="Andra")
    make(world.social_worker, text="Någon annans")

    response = login(world.teacher).get(reverse("notifications:inbox"))

    assert list(response.context["page"]) == [second, first]
    assert "Någon annans" not in response.content.decode()


def test_it_pages_by_fifty(login, world):
    Notification.objects.bulk_create(
        Notification(user=world.teacher, kind=Kind.REMINDER, text=str(i)) for i in range(51)
    )
    response = login(world.teacher).get(reverse("notifications:inbox"))
    assert len(response.context["page"].object_list) == 50
    assert response.context["page"].has_next()


def test_it_requires_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302


def test_it_marks_read_and_follows_the_link(login, world):
    notification = make(world.teacher, url="/sip/")

    response = login(world.teacher).post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == "/sip/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_it_never_redirects_off_site(login, world):
    notification = make(world.teacher, url="https://evil.example/")
    response = login(world.teacher).post(reverse("notifications:read", args=[notification.pk]))
    assert response.url == reverse("notifications:inbox")


def test_it_answers_404_for_another_users_notification(login, world):
    notification = make(world.social_worker)

    response = login(world.teacher).post(reverse("notifications:read", args=[notification.pk]))

    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize("name", ["read", "read_all"])
def test_it_refuses_get_for_marking_read(login, world, name):
    notification = make(world.teacher)
    args = [notification.pk] if name == "read" else []
    assert login(world.teacher).get(reverse(f"notifications:{name}", args=args)).status_code == 405


def test_it_marks_all_read_for_the_user_only(login, world):
    make(world.teacher)
    make(world.teacher)
    others = make(world.social_worker)

    response = login(world.teacher).post(reverse("notifications:read_all"))

    assert response.status_code == 302
    assert not Notification.objects.filter(user=world.teacher, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_the_header_shows_the_unread_count(login, world):
    make(world.teacher)
    make(world.teacher)
    make(world.teacher, read_at="2026-01-01T00:00:00Z")
    make(world.social_worker)

    body = login(world.teacher).get(reverse("core:start")).content.decode()

    assert '<span class="badge" aria-hidden="true">2</span>' in body
    # "2 unread" (Swedish "2 olästa" once translated) for screen readers.
    assert '<span class="visually-hidden">2 ' in body
    assert 'hx-trigger="every 60s"' in body


def test_the_count_partial_answers_204_when_logged_out(client):
    assert client.get(reverse("notifications:unread_count")).status_code == 204


def test_the_count_partial_shows_the_count(login, world):
    make(world.teacher)
    response = login(world.teacher).get(reverse("notifications:unread_count"))
    assert '<span class="badge" aria-hidden="true">1</span>' in response.content.decode()


def test_it_saves_the_email_preference(login, world):
    client = login(world.teacher)
    assert client.get(reverse("notifications:preferences")).status_code == 200

    response = client.post(reverse("notifications:preferences"), {"email": "daily_digest"})

    assert response.status_code == 302
    assert NotificationPreference.email_for(world.teacher) == "daily_digest"
    client.post(reverse("notifications:preferences"), {"email": "never"})
    assert NotificationPreference.objects.get(user=world.teacher).email == "never"


def test_it_refuses_an_unknown_preference(login, world):
    response = login(world.teacher).post(reverse("notifications:preferences"), {"email": "hourly"})
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
