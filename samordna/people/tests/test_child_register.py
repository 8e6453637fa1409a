from datetime import date

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from samordna.audit.models import AccessLog, Action
from samordna.people import identity, services
from samordna.people.models import Child, Guardian, Guardianship
from samordna.people.tests.helpers import (
    digits,
    fictional_number,
    make_child,
    make_guardian,
    registration_data,
)

URL = reverse("people:child_register")
NUMBER = fictional_number(date(2014, 3, 12), 982)  # 20140312-9826
MOTHER = fictional_number(date(1978, 4, 15), 986)  # 19780415-9866
FATHER = fictional_number(date(1981, 9, 22), 987)


def nothing_saved():
    return not (Child.objects.exists() or Guardian.objects.exists() or AccessLog.objects.exists())


@pytest.mark.parametrize(
    "typed",
    [NUMBER, digits(NUMBER), NUMBER[2:], digits(NUMBER)[2:]],
    ids=["12-with-dash", "12-digits", "10-with-dash", "10-digits"],
)
def test_it_registers_a_child_with_a_number_in_each_accepted_format(login, world, typed):
    response = login(world.teacher).post(URL, registration_data(identity_number=typed))

    child = Child.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("people:child_detail", args=[child.pk])
    assert child.identity_number == "201403129826"
    assert child.birth_date == date(2014, 3, 12)
    assert child.registered_by_unit == world.school
    assert child.version == 1


def test_it_shows_the_empty_form(login, world):
    response = login(world.teacher).get(URL)
    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert response.context["guardians"].prefix == "guardian"


def test_it_creates_and_links_the_guardians(login, world):
    data = registration_data(
        {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER[2:]},
        {"given_name": "Göran", "family_name": "Ek", "kind": "appointed"},
        identity_number=NUMBER,
    )
    login(world.teacher).post(URL, data)

    child = Child.objects.get()
    karin = Guardian.objects.get(given_name="Karin")
    goran = Guardian.objects.get(given_name="Göran")
    assert karin.identity_number == digits(MOTHER)
    assert goran.identity_number == ""
    assert {karin.registered_by_unit, goran.registered_by_unit} == {world.school}
    kinds = dict(Guardianship.objects.filter(child=child).values_list("guardian", "kind"))
    assert kinds == {karin.pk: "guardian", goran.pk: "appointed"}


def test_it_ignores_the_untouched_guardian_forms(login, world):
    login(world.teacher).post(URL, registration_data(identity_number=NUMBER, empty_forms=2))
    assert Child.objects.count() == 1
    assert not Guardian.objects.exists()


def test_it_logs_the_creation_of_the_child_and_of_each_guardian(login, world):
    data = registration_data(
        {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER},
        {"given_name": "Mattias", "family_name": "Sagström", "identity_number": FATHER},
        identity_number=NUMBER,
    )
    login(world.teacher).post(URL, data, REMOTE_ADDR="192.0.2.7")

    child = Child.objects.get()
    rows = AccessLog.objects.order_by("id")
    assert [(row.object_type, row.action) for row in rows] == [
        ("people.child", Action.CREATE),
        ("people.guardian", Action.CREATE),
        ("people.guardian", Action.CREATE),
    ]
    assert {row.object_id for row in rows[1:]} == {
        str(pk) for pk in Guardian.objects.values_list("pk", flat=True)
    }
    for row in rows:
        assert (row.child_id, row.user, row.acting_unit) == (child.pk, world.teacher, world.school)
        assert row.client_ip == "192.0.2.7"


def test_it_issues_a_reserve_number_from_the_birth_date(login, world):
    client = login(world.teacher)
    data = registration_data(has_no_number="on", birth_date="2015-04-01")
    client.post(URL, data)
    client.post(URL, {**data, "given_name": "Tvilling"})

    first, second = Child.objects.order_by("pk")
    assert first.identity_number == "20150401R001"
    assert second.identity_number == "20150401R002"
    assert first.birth_date == second.birth_date == date(2015, 4, 1)
    assert first.has_reserve_number


def test_it_asks_for_the_birth_date_to_issue_a_reserve_number(login, world):
    response = login(world.teacher).post(URL, registration_data(has_no_number="on"))
    assert response.status_code == 200
    assert "birth_date" in response.context["form"].errors
    assert nothing_saved()


def test_it_refuses_both_a_number_and_no_number(login, world):
    data = registration_data(identity_number=NUMBER, has_no_number="on", birth_date="2014-03-12")
    response = login(world.teacher).post(URL, data)
    assert "identity_number" in response.context["form"].errors
    assert nothing_saved()


def test_it_asks_for_a_number_or_no_number(login, world):
    response = login(world.teacher).post(URL, registration_data())
    assert "identity_number" in response.context["form"].errors
    assert nothing_saved()


def test_it_refuses_a_typed_reserve_number(login, world):
    response = login(world.teacher).post(URL, registration_data(identity_number="20150401-R001"))
    assert response.context["form"].has_error("identity_number", "reserve")
    assert nothing_saved()


def _future_number() -> str:
    tomorrow = timezone.localdate().toordinal() + 1
    return fictional_number(date.fromordinal(tomorrow), 985)


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("20140312-9827", "checksum"),
        ("20140230-9826", "date"),  # 30 February
        (None, "future"),
        ("2014O312-9826", "format"),  # a letter O for a zero
        ("abcdefgh-ijkl", "format"),
        ("2014031-9826", "length"),
    ],
)
def test_it_refuses_a_wrong_number_and_saves_nothing(login, world, typed, code):
    typed = typed or _future_number()
    guardian = {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER}
    data = registration_data(guardian, identity_number=typed, given_name="Nora")

    response = login(world.teacher).post(URL, data)

    assert response.status_code == 200
    form = response.context["form"]
    assert form.has_error("identity_number", code)
    assert form["identity_number"].value() == typed
    assert form["given_name"].value() == "Nora"
    assert response.context["guardians"].forms[0]["given_name"].value() == "Karin"
    body = response.content.decode()
    assert f'value="{typed}"' in body
    assert 'value="Karin"' in body
    assert nothing_saved()


def test_it_refuses_a_wrong_guardian_number_and_saves_nothing(login, world):
    guardian = {
        "given_name": "Karin",
        "family_name": "Sagström",
        "identity_number": "19780415-9867",
    }
    response = login(world.teacher).post(URL, registration_data(guardian, identity_number=NUMBER))

    assert response.status_code == 200
    assert response.context["guardians"].forms[0].has_error("identity_number", "checksum")
    assert nothing_saved()


def test_it_leads_to_the_record_the_unit_already_registered(login, world):
    child = make_child(world.school, number=NUMBER)

    response = login(world.school_head).post(
        URL,
        registration_data(
            {"given_name": "Ny", "family_name": "Förälder"}, identity_number=NUMBER[2:]
        ),
    )

    assert response.status_code == 302
    assert response.url == reverse("people:child_detail", args=[child.pk])
    assert Child.objects.count() == 1
    assert not Guardian.objects.exists()
    assert not AccessLog.objects.exists()


def test_it_reveals_nothing_about_a_child_another_unit_registered(login, world):
    child = make_child(world.social, given_name="Hemlig", family_name="Okändsson", number=NUMBER)
    guardian = {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER}

    response = login(world.teacher).post(URL, registration_data(guardian, identity_number=NUMBER))

    assert response.status_code == 200  # the request to take part was sent (decision 29)
    body = response.content.decode()
    for secret in [
        child.given_name,
        child.family_name,
        child.identity_number,
        child.formatted_identity_number,
        NUMBER[2:],
        child.street_address,
        child.phone,
        world.social.name,
    ]:
        assert secret not in body
    assert Child.objects.get() == child
    assert not Guardian.objects.exists()
    assert_probe_logged(child, world)


def assert_probe_logged(child, world):
    """The look-up that found the number is logged: a read the log review will flag."""
    row = AccessLog.objects.get()
    assert (row.child_id, row.user, row.acting_unit, row.action) == (
        child.pk,
        world.teacher,
        world.school,
        "search",
    )


def test_it_reveals_nothing_when_the_number_was_taken_a_moment_ago(login, world, monkeypatch):
    child = make_child(world.social, given_name="Hemlig", number=NUMBER)
    lookups = iter([None])  # the first look-up ran before the other unit saved
    real_lookup = services.find_child_by_number
    monkeypatch.setattr(
        services, "find_child_by_number", lambda number: next(lookups, real_lookup(number))
    )

    response = login(world.teacher).post(URL, registration_data(identity_number=NUMBER))

    assert response.status_code == 200  # the request to take part was sent (decision 29)
    assert "Hemlig" not in response.content.decode()
    assert Child.objects.get() == child
    assert_probe_logged(child, world)


def test_it_asks_to_save_again_when_a_reserve_number_was_taken_a_moment_ago(
    login, world, monkeypatch
):
    make_child(world.social, number="20150401R001")
    # Both registrations found R001 free; the other one committed first.
    taken = identity.IdentityNumber("20150401R001", "reservnummer", date(2015, 4, 1))
    monkeypatch.setattr(identity, "issue_reserve_number", lambda *args, **kwargs: taken)
    data = registration_data(has_no_number="on", birth_date="2015-04-01")

    response = login(world.teacher).post(URL, data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Child.objects.count() == 1
    assert not AccessLog.objects.exists()


def test_it_reuses_a_guardian_the_unit_registered_for_a_sibling(login, world):
    sibling = make_child(world.school)
    mother = make_guardian(sibling, given_name="Karin", number=MOTHER)

    login(world.teacher).post(
        URL,
        registration_data(
            {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER[2:]},
            identity_number=NUMBER,
        ),
    )

    child = Child.objects.get(identity_number=digits(NUMBER))
    assert Guardian.objects.get() == mother
    assert set(mother.children.all()) == {sibling, child}
    row = AccessLog.objects.get(object_type="people.guardian")
    assert (row.child_id, row.object_id, row.action) == (child.pk, str(mother.pk), Action.CREATE)


def test_it_keeps_a_separate_guardian_record_per_unit(login, world):
    other = make_child(world.social)
    theirs = make_guardian(other, given_name="Karin", number=MOTHER)

    login(world.teacher).post(
        URL,
        registration_data(
            {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER},
            identity_number=NUMBER,
        ),
    )

    ours = Guardian.objects.exclude(pk=theirs.pk).get()
    assert ours.identity_number == theirs.identity_number
    assert ours.registered_by_unit == world.school
    assert list(theirs.children.all()) == [other]
    assert list(ours.children.all()) == [Child.objects.get(identity_number=digits(NUMBER))]


def test_it_keeps_nothing_when_a_guardian_was_registered_a_moment_ago(login, world, monkeypatch):
    def fail(*args, **kwargs):  # a colleague registered the same guardian at the same time
        raise IntegrityError("guardian_unique_identity_number_per_unit")

    monkeypatch.setattr(services, "add_guardian", fail)
    guardian = {"given_name": "Karin", "family_name": "Sagström", "identity_number": MOTHER}

    response = login(world.teacher).post(URL, registration_data(guardian, identity_number=NUMBER))

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert nothing_saved()


def test_it_refuses_a_reserve_number_for_a_birth_date_in_the_future(login, world):
    tomorrow = date.fromordinal(timezone.localdate().toordinal() + 1)
    data = registration_data(has_no_number="on", birth_date=tomorrow.isoformat())

    response = login(world.teacher).post(URL, data)

    assert response.context["form"].has_error("birth_date", "future")
    assert nothing_saved()
