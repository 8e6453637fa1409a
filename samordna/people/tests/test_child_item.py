import pytest
from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.models import Guardian, Guardianship, Relative, Trustee
from samordna.people.tests.helpers import (
    grant_family_name,
    guardian_post_data,
    make_child,
    make_guardian,
)

MOTHER = "19780415-9866"


def add_url(child, kind):
    return reverse("people:child_item_add", args=[child.pk, kind])


def edit_url(child, kind, item):
    return reverse("people:child_item_edit", args=[child.pk, kind, item.pk])


def guardian_data(**fields):
    return {
        key.removeprefix("guardian-0-"): value
        for key, value in guardian_post_data(0, **fields).items()
    }


def test_it_adds_a_relative(login, world):
    child = make_child(world.school)
    data = {"name": "Ingrid", "relation": "Mormor", "phone": "0999-55 55 55"}

    response = login(world.teacher).post(add_url(child, "narstaende"), data)

    assert response.status_code == 302
    relative = Relative.objects.get()
    assert (relative.child, relative.registered_by_unit) == (child, world.school)
    assert AccessLog.objects.filter(action=Action.CREATE, object_id=str(relative.pk)).exists()


def test_it_adds_a_trustee(login, world):
    child = make_child(world.school)
    data = {"name": "Göran", "chief_guardian": "Överförmyndarnämnden", "appointed_on": "2025-09-01"}

    login(world.teacher).post(add_url(child, "god-man"), data)

    assert Trustee.objects.get().child == child


def test_it_adds_a_guardian_and_reuses_one_the_unit_knows(login, world):
    sibling = make_child(world.school)
    mother = make_guardian(sibling, number=MOTHER)
    child = make_child(world.school)

    data = guardian_data(given_name="Karin", family_name="S", identity_number=MOTHER[2:])
    response = login(world.teacher).post(add_url(child, "vardnadshavare"), data)

    assert response.status_code == 302
    assert Guardian.objects.get() == mother
    assert Guardianship.objects.filter(child=child, guardian=mother).exists()


def test_it_changes_a_guardian_and_the_kind(login, world):
    child = make_child(world.school)
    guardian = make_guardian(child)
    data = guardian_data(
        given_name="Kim",
        family_name="Nyman",
        identity_number=guardian.identity_number,
        kind="appointed",
    )

    response = login(world.teacher).post(edit_url(child, "vardnadshavare", guardian), data)

    assert response.status_code == 302
    guardian.refresh_from_db()
    assert guardian.family_name == "Nyman"
    assert Guardianship.objects.get().kind == "appointed"
    assert AccessLog.objects.filter(action=Action.UPDATE, object_id=str(guardian.pk)).exists()


def test_it_refuses_a_guardian_number_the_unit_has_for_another_guardian(login, world):
    child = make_child(world.school)
    make_guardian(child, given_name="Karin", number=MOTHER)
    other = make_guardian(child, given_name="Per", number="19870707-9896")
    data = guardian_data(given_name="Per", family_name="T", identity_number=MOTHER)

    response = login(world.teacher).post(edit_url(child, "vardnadshavare", other), data)

    assert response.status_code == 200
    assert response.context["form"].has_error("identity_number", "unique")
    other.refresh_from_db()
    assert other.identity_number == "198707079896"


def test_it_answers_404_for_an_unknown_kind(login, world):
    child = make_child(world.school)
    assert login(world.teacher).get(add_url(child, "granne")).status_code == 404
    assert not AccessLog.objects.exists()


def test_it_answers_404_for_an_item_of_another_child(login, world):
    child, other = make_child(world.school), make_child(world.school)
    guardian = make_guardian(other)
    response = login(world.teacher).get(edit_url(child, "vardnadshavare", guardian))
    assert response.status_code == 404


def test_it_answers_404_for_an_item_under_the_wrong_kind(login, world):
    child = make_child(world.school)
    guardian = make_guardian(child)
    response = login(world.teacher).get(edit_url(child, "narstaende", guardian))
    assert response.status_code == 404


def test_it_answers_404_to_a_unit_that_may_only_read(login, world, monkeypatch):
    grant_family_name(monkeypatch, world.bup)
    child = make_child(world.school, family_name="Granted")
    guardian = make_guardian(child)
    client = login(world.psychologist)
    assert client.get(reverse("people:child_detail", args=[child.pk])).status_code == 200
    logged = AccessLog.objects.count()

    for url in [add_url(child, "vardnadshavare"), edit_url(child, "vardnadshavare", guardian)]:
        assert client.get(url).status_code == 404
        data = guardian_data(given_name="Ny", family_name="Namn")
        assert client.post(url, data).status_code == 404

    assert AccessLog.objects.count() == logged
    assert list(child.guardians.all()) == [guardian]
    guardian.refresh_from_db()
    assert guardian.given_name == "Kim"


@pytest.mark.parametrize("kind", ["vardnadshavare", "narstaende", "god-man"])
def test_it_answers_404_to_another_unit(login, world, kind):
    child = make_child(world.school)
    response = login(world.social_worker).get(add_url(child, kind))
    assert response.status_code == 404
    assert not AccessLog.objects.exists()
