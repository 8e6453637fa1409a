import pytest
from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.models import Child
from samordna.people.tests.helpers import (
    client_for,
    edit_post_data,
    grant_family_name,
    make_child,
)


@pytest.fixture
def bup_sees_granted(monkeypatch, world):
    grant_family_name(monkeypatch, world.bup)


def edit_url(child):
    return reverse("people:child_edit", args=[child.pk])


def test_it_shows_the_form_with_the_version_read(login, world):
    child = make_child(world.school)
    response = login(world.teacher).get(edit_url(child))
    assert response.status_code == 200
    assert response.context["form"]["version"].value() == 1
    assert "identity_number" not in response.context["form"].fields


def test_it_saves_a_change_and_logs_it(login, world):
    child = make_child(world.school)

    response = login(world.teacher).post(
        edit_url(child), edit_post_data(child, street_address="Nya vägen 1")
    )

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.street_address, child.version) == ("Nya vägen 1", 2)
    assert list(AccessLog.objects.order_by("id").values_list("action", flat=True)) == [
        Action.VIEW,
        Action.UPDATE,
    ]


def test_it_does_not_change_the_identity_number(login, world):
    child = make_child(world.school)
    number = child.identity_number
    data = edit_post_data(child, identity_number="20160805-9836", given_name="Ny")

    login(world.teacher).post(edit_url(child), data)

    child.refresh_from_db()
    assert (child.identity_number, child.given_name) == (number, "Ny")


def test_it_loses_no_update_when_two_users_save(world):
    child = make_child(world.school, street_address="Gamla vägen 1")
    first, second = client_for(world.teacher), client_for(world.school_head)
    for client in (first, second):
        assert client.get(edit_url(child)).context["form"]["version"].value() == 1

    first.post(edit_url(child), edit_post_data(child, street_address="Förstas väg 1"))
    response = second.post(edit_url(child), edit_post_data(child, phone="0999-22 22 22"))

    assert response.status_code == 409
    assert response.context["conflict"].street_address == "Förstas väg 1"
    assert response.context["form"]["phone"].value() == "0999-22 22 22"
    body = response.content.decode()
    assert 'role="alert"' in body
    assert 'value="0999-22 22 22"' in body
    assert 'name="version" value="2"' in body
    child.refresh_from_db()
    assert (child.street_address, child.phone, child.version) == (
        "Förstas väg 1",
        "0999-12 34 56",
        2,
    )

    # Having compared, the second user saves again with the version now shown.
    data = edit_post_data(child, phone="0999-22 22 22")
    assert data["version"] == "2"
    response = second.post(edit_url(child), data)

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.street_address, child.phone, child.version) == (
        "Förstas väg 1",
        "0999-22 22 22",
        3,
    )
    assert AccessLog.objects.filter(action=Action.UPDATE).count() == 2


def test_it_refuses_a_save_without_a_version(login, world):
    child = make_child(world.school)
    data = edit_post_data(child, given_name="Ny")
    del data["version"]

    response = login(world.teacher).post(edit_url(child), data)

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
    assert Child.objects.get().given_name == child.given_name


def test_it_answers_404_to_another_unit(login, world):
    child = make_child(world.school)
    for user in [world.social_worker, world.psychologist]:
        client = login(user)
        assert client.get(edit_url(child)).status_code == 404
        assert (
            client.post(edit_url(child), edit_post_data(child, given_name="X")).status_code == 404
        )
    assert Child.objects.get().given_name == child.given_name
    assert not AccessLog.objects.exists()


def test_it_answers_404_to_a_unit_that_may_only_read(login, world, bup_sees_granted):
    child = make_child(world.school, family_name="Granted")
    client = login(world.psychologist)
    assert client.get(reverse("people:child_detail", args=[child.pk])).status_code == 200
    before = AccessLog.objects.count()

    assert client.get(edit_url(child)).status_code == 404
    response = client.post(edit_url(child), edit_post_data(child, given_name="X"))

    assert response.status_code == 404
    assert Child.objects.get().given_name == child.given_name
    assert AccessLog.objects.count() == before  # a refused request reads nothing
