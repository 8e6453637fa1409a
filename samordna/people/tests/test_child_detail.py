import pytest
from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.models import ProtectedIdentity, Relative
from samordna.people.tests.helpers import grant_family_name, make_child, make_guardian


@pytest.fixture
def bup_sees_granted(monkeypatch, world):
    grant_family_name(monkeypatch, world.bup)


def detail(client, child):
    return client.get(reverse("people:child_detail", args=[child.pk]), REMOTE_ADDR="192.0.2.9")


def test_it_shows_the_child_to_the_registering_unit(login, world):
    child = make_child(world.school, given_name="Nora", family_name="Sagström")
    guardian = make_guardian(child, given_name="Karin")
    Relative.objects.create(
        child=child, name="Ingrid", relation="Mormor", registered_by_unit=world.school
    )

    response = detail(login(world.teacher), child)

    assert response.status_code == 200
    assert response.context["child"] == child
    assert response.context["may_edit"]
    body = response.content.decode()
    for text in [
        child.full_name,
        child.formatted_identity_number,
        child.street_address,
        guardian.full_name,
        guardian.street_address,
        "Ingrid",
    ]:
        assert text in body
    assert reverse("people:child_edit", args=[child.pk]) in body


def test_it_writes_exactly_one_view_row_per_request(login, world):
    child = make_child(world.school)
    make_guardian(child)
    client = login(world.teacher)

    detail(client, child)
    detail(client, child)

    rows = AccessLog.objects.all()
    assert len(rows) == 2
    for row in rows:
        assert (row.child_id, row.user, row.acting_unit) == (child.pk, world.teacher, world.school)
        assert (row.object_type, row.object_id) == ("people.child", str(child.pk))
        assert row.action == Action.VIEW
        assert row.client_ip == "192.0.2.9"


def test_it_answers_404_to_another_unit(login, world):
    child = make_child(world.school)
    assert detail(login(world.social_worker), child).status_code == 404
    assert detail(login(world.psychologist), child).status_code == 404
    assert not AccessLog.objects.exists()


def test_it_answers_404_for_a_child_that_does_not_exist(login, world):
    response = login(world.teacher).get(reverse("people:child_detail", args=[999999]))
    assert response.status_code == 404


def test_it_shows_a_granted_unit_the_child_without_edit_links(login, world, bup_sees_granted):
    child = make_child(world.school, family_name="Granted")

    response = detail(login(world.psychologist), child)

    assert response.status_code == 200
    assert not response.context["may_edit"]
    assert reverse("people:child_edit", args=[child.pk]) not in response.content.decode()
    row = AccessLog.objects.get()
    assert (row.user, row.acting_unit, row.child_id) == (world.psychologist, world.bup, child.pk)


def test_it_hides_a_protected_address_from_a_unit_that_did_not_register(
    login, world, bup_sees_granted
):
    child = make_child(
        world.school,
        family_name="Granted",
        street_address="Hemliga vägen 1",
        phone="0999-99 99 99",
        email="hemlig@example.com",
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
    )

    theirs = detail(login(world.psychologist), child).content.decode()
    ours = detail(login(world.teacher), child).content.decode()

    assert 'class="banner-warning"' in theirs
    assert child.full_name in theirs
    for secret in ["Hemliga vägen 1", "0999-99 99 99", "hemlig@example.com"]:
        assert secret not in theirs
        assert secret in ours
    assert 'class="banner-warning"' in ours


def test_it_shows_an_unprotected_address_to_a_granted_unit(login, world, bup_sees_granted):
    child = make_child(world.school, family_name="Granted", street_address="Öppna vägen 2")
    body = detail(login(world.psychologist), child).content.decode()
    assert "Öppna vägen 2" in body
    assert 'class="banner-warning"' not in body


@pytest.mark.parametrize("protection", [p for p in ProtectedIdentity.values if p])
def test_it_never_shows_a_guardians_protected_address_to_another_unit(
    login, world, bup_sees_granted, protection
):
    child = make_child(world.school, family_name="Granted")
    guardian = make_guardian(
        child,
        given_name="Sanna",
        street_address="Skyddade gatan 9",
        phone="0999-88 88 88",
        protected_identity=protection,
    )
    open_guardian = make_guardian(
        child, given_name="Per", number="19870707-9896", street_address="Vanliga gatan 3"
    )

    theirs = detail(login(world.psychologist), child).content.decode()
    ours = detail(login(world.teacher), child).content.decode()

    assert guardian.full_name in theirs
    assert "Skyddade gatan 9" not in theirs and "0999-88 88 88" not in theirs
    assert "Skyddade gatan 9" in ours and "0999-88 88 88" in ours
    assert open_guardian.street_address in theirs
    assert theirs.count('class="banner-warning"') == 1


def test_it_requires_login(client, world):
    child = make_child(world.school)
    response = detail(client, child)
    assert response.status_code == 302
    assert not AccessLog.objects.exists()
