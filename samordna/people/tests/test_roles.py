"""Who works with children may read them; administrators manage accounts and may not."""

import pytest
from django.urls import reverse

from conftest import make_user
from samordna.accounts.models import Role
from samordna.audit.models import AccessLog
from samordna.people.models import Child, Relative, Trustee
from samordna.people.tests.helpers import make_child, make_guardian


@pytest.fixture
def child(world):
    """A child of social services with one of each kind of person around it."""
    child = make_child(world.social)
    make_guardian(child)
    Relative.objects.create(
        child=child, name="Ingrid", relation="Mormor", registered_by_unit=world.social
    )
    Trustee.objects.create(
        child=child, name="Göran", chief_guardian="ÖFN", registered_by_unit=world.social
    )
    return child


def people_urls(child) -> list[str]:
    guardian, relative, trustee = child.guardians.get(), child.relatives.get(), child.trustees.get()
    urls = [reverse("people:child_list"), reverse("people:child_register")]
    for name in ["child_detail", "child_edit", "child_history"]:
        urls.append(reverse(f"people:{name}", args=[child.pk]))
    for kind, item in [
        ("vardnadshavare", guardian),
        ("narstaende", relative),
        ("god-man", trustee),
    ]:
        urls.append(reverse("people:child_item_add", args=[child.pk, kind]))
        urls.append(reverse("people:child_item_edit", args=[child.pk, kind, item.pk]))
    return urls


@pytest.mark.parametrize("admin", ["local_admin", "system_admin"])
def test_it_answers_404_to_administrators_on_every_people_url(login, world, child, admin):
    client = login(getattr(world, admin))
    for url in people_urls(child):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"given_name": "X", "name": "X"}).status_code == 404, url
    assert Child.objects.get().given_name == child.given_name
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.COORDINATOR, Role.MANAGER])
def test_it_answers_200_to_those_who_work_with_children(login, world, child, role):
    client = login(make_user(f"{role}@testby.example", world.social, role))
    for url in people_urls(child):
        assert client.get(url).status_code == 200, url


def test_it_answers_404_to_a_user_without_a_unit(login, world, child):
    user = world.teacher
    user.memberships.all().delete()
    client = login(user)
    for url in people_urls(child):
        assert client.get(url).status_code == 404, url


def test_it_sends_anonymous_users_to_the_login_page(client, world, child):
    for url in people_urls(child):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))
    assert not AccessLog.objects.exists()
