import pytest
from django.core import mail
from django.urls import reverse

from samordna.accounts.models import Membership, Role, User


def test_it_lists_only_the_users_of_the_own_principal(login, world):
    response = login(world.local_admin).get(reverse("accounts:user_list"))
    listed = set(response.context["users"])
    assert world.teacher in listed and world.social_worker in listed
    assert world.psychologist not in listed and world.region_admin not in listed
    assert world.psychologist.email not in response.content.decode()


def test_it_searches_users_by_name(login, world):
    response = login(world.local_admin).get(reverse("accounts:user_list"), {"q": "rektor"})
    assert list(response.context["users"]) == [world.school_head]


@pytest.mark.parametrize("name", ["user_list", "user_create"])
def test_it_answers_404_to_users_who_administer_nobody(login, world, name):
    assert login(world.teacher).get(reverse(f"accounts:{name}")).status_code == 404


def test_it_answers_404_for_another_principals_user(login, world):
    client = login(world.local_admin)
    other = world.psychologist
    assert client.get(reverse("accounts:user_detail", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("accounts:user_detail", args=[other.pk]),
        {"email": "x@y.example", "given_name": "X", "family_name": "Y"},
    )
    assert response.status_code == 404
    response = client.post(
        reverse("accounts:membership_add", args=[other.pk]),
        {"unit": world.school.pk, "role": Role.CASEWORKER},
    )
    assert response.status_code == 404
    membership = other.memberships.get()
    response = client.post(reverse("accounts:membership_remove", args=[other.pk, membership.pk]))
    assert response.status_code == 404
    assert other.memberships.count() == 1
    other.refresh_from_db()
    assert other.email == "psykolog@testland.example"


def test_it_creates_a_user_and_sends_a_welcome_link(
    login, world, django_capture_on_commit_callbacks
):
    data = {
        "email": "Ny.Kurator@testby.example",
        "given_name": "Nova",
        "family_name": "Kurator",
        "phone": "",
        "unit": world.school.pk,
        "role": Role.CASEWORKER,
        "title": "Kurator",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.local_admin).post(reverse("accounts:user_create"), data)
    user = User.objects.get(email="ny.kurator@testby.example")
    assert response.url == reverse("accounts:user_detail", args=[user.pk])
    assert user.memberships.get().unit == world.school
    assert mail.outbox[0].to == ["ny.kurator@testby.example"]
    assert mail.outbox[0].subject == "Ditt konto i samordna"


def test_it_refuses_a_unit_of_another_principal(login, world):
    response = login(world.local_admin).post(
        reverse("accounts:user_create"),
        {
            "email": "ny@testby.example",
            "given_name": "Ny",
            "family_name": "Person",
            "unit": world.bup.pk,
            "role": Role.CASEWORKER,
        },
    )
    assert response.status_code == 200
    assert "unit" in response.context["form"].errors
    assert not User.objects.filter(email="ny@testby.example").exists()


def test_it_refuses_a_duplicate_email_in_swedish(login, world):
    response = login(world.local_admin).post(
        reverse("accounts:user_create"),
        {
            "email": world.teacher.email.upper(),
            "given_name": "Dubbel",
            "family_name": "Person",
            "unit": world.school.pk,
            "role": Role.CASEWORKER,
        },
    )
    assert "Det finns redan en användare med den e-postadressen." in response.content.decode()


def test_a_local_admin_cannot_make_system_administrators(login, world):
    response = login(world.local_admin).post(
        reverse("accounts:membership_add", args=[world.teacher.pk]),
        {"unit": world.social.pk, "role": Role.SYSTEM_ADMIN},
    )
    assert response.status_code == 400
    assert not world.teacher.memberships.filter(role=Role.SYSTEM_ADMIN).exists()


def test_it_adds_and_removes_a_role_within_the_principal(login, world):
    client = login(world.local_admin)
    client.post(
        reverse("accounts:membership_add", args=[world.teacher.pk]),
        {"unit": world.social.pk, "role": Role.COORDINATOR, "title": "Samordnare"},
    )
    membership = Membership.objects.get(user=world.teacher, unit=world.social)
    assert membership.role == Role.COORDINATOR
    client.post(reverse("accounts:membership_remove", args=[world.teacher.pk, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_it_refuses_get_on_mutating_urls(login, world):
    client = login(world.local_admin)
    membership = world.teacher.memberships.get()
    assert (
        client.get(reverse("accounts:membership_add", args=[world.teacher.pk])).status_code == 405
    )
    url = reverse("accounts:membership_remove", args=[world.teacher.pk, membership.pk])
    assert client.get(url).status_code == 405
