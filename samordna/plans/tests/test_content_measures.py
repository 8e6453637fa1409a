from datetime import date

from django.urls import reverse

from conftest import make_user
from samordna.accounts.models import Role
from samordna.organisations.models import Principal, Unit
from samordna.people.tests.helpers import client_for
from samordna.plans.models import Measure
from samordna.plans.tests.content_helpers import add_goal, add_measure, make_plan, share_with


def add_url(plan):
    return reverse("plans:measure_add", args=[plan.pk])


def edit_url(measure):
    return reverse("plans:measure_edit", args=[measure.plan_id, measure.pk])


def measure_data(**fields) -> dict:
    data = {
        "version": "1",
        "goal": "",
        "description": "Familjestöd varannan vecka",
        "responsible_person": "",
        "starts_on": "2026-01-12",
        "ends_on": "2026-06-12",
        "timing": "varannan vecka",
        "status": "planned",
        "carried_out_by": "own",
        "actor_unit": "",
        "other_actor": "",
        "other_actor_kind": "",
    }
    data.update(fields)
    return data


def test_it_adds_a_measure_for_the_acting_unit(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    goal = add_goal(plan)
    data = measure_data(goal=str(goal.pk), responsible_person=str(world.social_worker.pk))

    response = login(world.social_worker).post(add_url(plan), data)

    assert response.status_code == 302
    measure = plan.measures.get()
    assert (measure.responsible_unit, measure.responsible_person, measure.goal) == (
        world.social,
        world.social_worker,
        goal,
    )
    assert (measure.starts_on, measure.ends_on) == (date(2026, 1, 12), date(2026, 6, 12))


def test_it_ignores_a_posted_responsible_unit(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)

    login(world.social_worker).post(add_url(plan), measure_data(responsible_unit=world.school.pk))

    assert plan.measures.get().responsible_unit == world.social


def test_it_offers_only_the_units_own_staff_and_the_plans_goals(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    add_goal(make_plan(world))  # another plan's goal

    response = login(world.social_worker).get(add_url(plan))

    fields = response.context["form"].fields
    assert list(fields["responsible_person"].queryset) == [world.social_worker]
    assert list(fields["goal"].queryset) == []
    response = login(world.social_worker).post(
        add_url(plan), measure_data(responsible_person=str(world.teacher.pk))
    )
    assert "responsible_person" in response.context["form"].errors
    assert not plan.measures.exists()


def test_it_refuses_an_end_before_the_start(login, world):
    plan = make_plan(world)

    response = login(world.teacher).post(
        add_url(plan), measure_data(starts_on="2026-06-01", ends_on="2026-05-31")
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["ends_on"]
    assert not Measure.objects.exists()


def test_it_lets_the_responsible_unit_change_its_measure(login, world):
    plan = make_plan(world)
    measure = add_measure(plan, world.school)

    response = login(world.teacher).post(edit_url(measure), measure_data(status="ongoing"))

    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.version, measure.responsible_unit) == (
        "ongoing",
        2,
        world.school,
    )


def test_it_refuses_another_units_measure_with_403(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    measure = add_measure(plan, world.school, "Anpassad studiegång")
    client = login(world.social_worker)

    assert client.get(edit_url(measure)).status_code == 403
    response = client.post(edit_url(measure), measure_data(description="Ändrad av soc"))

    assert response.status_code == 403
    measure.refresh_from_db()
    assert measure.description == "Anpassad studiegång"


def test_it_loses_no_update_when_two_users_change_a_measure(world):
    plan = make_plan(world)
    measure = add_measure(plan, world.school)
    colleague = make_user("kurator@testby.example", world.school, Role.CASEWORKER)
    first, second = client_for(world.teacher), client_for(colleague)

    first.post(edit_url(measure), measure_data(status="ongoing"))
    response = second.post(edit_url(measure), measure_data(timing="varje dag"))

    assert response.status_code == 409
    assert response.context["conflict"].status == "ongoing"
    assert response.context["form"]["timing"].value() == "varje dag"
    assert 'name="version" value="2"' in response.content.decode()
    measure.refresh_from_db()
    assert (measure.status, measure.timing, measure.version) == ("ongoing", "varannan vecka", 2)


def test_it_answers_404_for_a_measure_of_another_plan(login, world):
    plan, other = make_plan(world), make_plan(world)
    measure = add_measure(other, world.school)

    response = login(world.teacher).get(reverse("plans:measure_edit", args=[plan.pk, measure.pk]))

    assert response.status_code == 404


def test_it_writes_down_a_need_no_organisation_has_taken_on(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)

    data = measure_data(carried_out_by="need", description="Kontaktfamilj varannan helg")
    response = login(world.teacher).post(add_url(plan), data)

    assert response.status_code == 302
    need = plan.measures.get()
    assert (need.responsible_unit, need.kept_by_unit, need.is_unassigned) == (
        None,
        world.school,
        True,
    )
    # The school keeps the need it raised; social services may take it on, not change it.
    assert login(world.social_worker).get(edit_url(need)).status_code == 403


def test_a_need_has_no_responsible_person(login, world):
    plan = make_plan(world)

    data = measure_data(carried_out_by="need", responsible_person=str(world.teacher.pk))
    response = login(world.teacher).post(add_url(plan), data)

    assert "responsible_person" in response.context["form"].errors
    assert not plan.measures.exists()


def test_another_actor_is_named_in_its_own_right(login, world):
    plan = make_plan(world)

    data = measure_data(
        carried_out_by="other",
        description="Ansökan om omvårdnadsbidrag",
        other_actor="Försäkringskassan",
        other_actor_kind="social_insurance",
    )
    response = login(world.teacher).post(add_url(plan), data)

    assert response.status_code == 302
    measure = plan.measures.get()
    assert (measure.other_actor, measure.responsible_unit, measure.kept_by_unit) == (
        "Försäkringskassan",
        None,
        world.school,
    )
    body = login(world.teacher).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "Ansökan om omvårdnadsbidrag – Försäkringskassan" in body  # point 3
    assert "Skrivs ned av Testskolan" in body or "Antecknad av Testskolan" in body


def test_another_actor_can_come_from_the_unit_directory(login, world):
    agency = Principal.objects.create(
        name="Migrationsverket", kind=Principal.Kind.STATE, organisation_number="2021005489"
    )
    office = Unit.objects.create(principal=agency, name="Mottagningsenheten", kind=Unit.Kind.OTHER)
    plan = make_plan(world)

    response = login(world.teacher).get(add_url(plan))
    assert list(response.context["form"].fields["actor_unit"].queryset) == [office]
    data = measure_data(carried_out_by="other", actor_unit=str(office.pk))
    assert login(world.teacher).post(add_url(plan), data).status_code == 302

    measure = plan.measures.get()
    assert (measure.responsible_unit, measure.is_outside) == (office, True)


def test_another_actor_needs_a_name_and_a_kind(login, world):
    plan = make_plan(world)
    client = login(world.teacher)

    response = client.post(add_url(plan), measure_data(carried_out_by="other"))
    assert "other_actor" in response.context["form"].errors
    response = client.post(
        add_url(plan), measure_data(carried_out_by="other", other_actor="Klubben")
    )
    assert "other_actor_kind" in response.context["form"].errors
    assert not plan.measures.exists()
