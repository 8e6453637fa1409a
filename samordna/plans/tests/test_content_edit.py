from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.tests.helpers import client_for
from samordna.plans.models import Plan
from samordna.plans.tests.content_helpers import make_plan, share_with


def edit_url(plan):
    return reverse("plans:edit", args=[plan.pk])


def edit_data(plan, **changes) -> dict:
    data = {
        "version": str(plan.version),
        "child_wishes": plan.child_wishes,
        "purpose": plan.purpose,
        "needs": plan.needs,
        "family_contact": plan.family_contact,
    }
    data.update(changes)
    return data


def test_it_saves_the_shared_parts_and_logs_it(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.bup)
    # The overall responsibility has a page and a history of its own: not set here.
    data = edit_data(plan, needs="Lugn miljö", overall_responsibility=str(world.region.pk))

    response = login(world.teacher).post(edit_url(plan), data)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.needs, plan.overall_responsibility, plan.version) == ("Lugn miljö", None, 2)
    assert AccessLog.objects.filter(action=Action.UPDATE).count() == 1


def test_it_offers_only_principals_of_participating_units(login, world):
    plan = make_plan(world)

    response = login(world.teacher).get(reverse("plans:coordinator", args=[plan.pk]))

    field = response.context["responsibility_form"].fields["principal"]
    assert list(field.queryset) == [world.municipality]
    data = {"responsibility-principal": str(world.region.pk), "responsibility-reason": "X"}
    response = login(world.teacher).post(reverse("plans:responsibility", args=[plan.pk]), data)
    assert "principal" in response.context["responsibility_form"].errors


def test_it_loses_no_update_when_two_users_save(world):
    plan = make_plan(world)
    first, second = client_for(world.teacher), client_for(world.school_head)
    for client in (first, second):
        assert client.get(edit_url(plan)).context["form"]["version"].value() == 1

    first.post(edit_url(plan), edit_data(plan, needs="Förstas behov"))
    response = second.post(edit_url(plan), edit_data(plan, family_contact="Ring rektor"))

    assert response.status_code == 409
    assert response.context["conflict"].needs == "Förstas behov"
    assert response.context["form"]["family_contact"].value() == "Ring rektor"
    body = response.content.decode()
    assert "Ring rektor" in body and "Förstas behov" in body
    assert 'name="version" value="2"' in body
    plan.refresh_from_db()
    assert (plan.needs, plan.family_contact, plan.version) == ("Förstas behov", "", 2)

    response = second.post(edit_url(plan), edit_data(plan, family_contact="Ring rektor"))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.needs, plan.family_contact, plan.version) == ("Förstas behov", "Ring rektor", 3)


def test_it_does_not_write_back_a_coordinator_appointed_meanwhile(login, world):
    plan = make_plan(world)
    stale = Plan.objects.get(pk=plan.pk)
    Plan.objects.filter(pk=plan.pk).update(coordinator=world.school_head)

    login(world.teacher).post(edit_url(stale), edit_data(stale, needs="Nytt"))

    plan.refresh_from_db()
    assert (plan.needs, plan.coordinator) == ("Nytt", world.school_head)


def test_it_lets_only_the_leading_unit_edit(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)

    client = login(world.social_worker)
    assert client.get(edit_url(plan)).status_code == 403
    assert client.post(edit_url(plan), edit_data(plan, needs="X")).status_code == 403
    plan.refresh_from_db()
    assert plan.needs == ""


def test_it_passes_the_lead_to_the_coordinators_unit(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()

    assert login(world.teacher).get(edit_url(plan)).status_code == 403
    assert login(world.social_worker).get(edit_url(plan)).status_code == 200


def test_it_refuses_a_save_without_a_version(login, world):
    plan = make_plan(world)
    data = edit_data(plan, needs="X")
    del data["version"]

    response = login(world.teacher).post(edit_url(plan), data)

    assert response.status_code == 200
    assert "version" in response.context["form"].errors
