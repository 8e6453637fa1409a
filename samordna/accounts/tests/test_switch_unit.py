from django.urls import reverse

from samordna.accounts.models import Membership, Role


def test_it_acts_for_the_first_unit_by_default(login, world):
    response = login(world.teacher).get(reverse("core:start"))
    assert response.wsgi_request.acting_unit == world.school
    assert "Testskolan" in response.content.decode()


def test_it_switches_to_another_of_the_users_units(login, world):
    Membership.objects.create(user=world.teacher, unit=world.social, role=Role.COORDINATOR)
    client = login(world.teacher)
    response = client.post(
        reverse("accounts:switch_unit"), {"unit": world.social.pk, "next": "/katalog/"}
    )
    assert response.url == "/katalog/"
    response = client.get(reverse("core:start"))
    assert response.wsgi_request.acting_unit == world.social
    assert response.wsgi_request.membership.role == Role.COORDINATOR


def test_it_refuses_a_unit_the_user_does_not_belong_to(login, world):
    client = login(world.teacher)
    response = client.post(reverse("accounts:switch_unit"), {"unit": world.bup.pk})
    assert response.status_code == 404
    assert client.get(reverse("core:start")).wsgi_request.acting_unit == world.school


def test_it_ignores_a_foreign_next_url(login, world):
    response = login(world.teacher).post(
        reverse("accounts:switch_unit"), {"unit": world.school.pk, "next": "https://evil.example/"}
    )
    assert response.url == reverse("core:start")
