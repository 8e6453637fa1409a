from django.core import mail
from django.urls import reverse

from samordna.accounts.models import Membership
from samordna.plans.models import CoordinatorAssignment
from samordna.plans.tests.content_helpers import make_plan, share_with


def url(plan):
    return reverse("plans:coordinator", args=[plan.pk])


def membership(user, unit):
    return Membership.objects.get(user=user, unit=unit)


def test_it_appoints_a_person_at_a_participating_unit(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    chosen = membership(world.social_worker, world.social)

    response = login(world.teacher).post(url(plan), {"membership": chosen.pk})

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.coordinator, plan.coordinator_unit) == (world.social_worker, world.social)
    assert CoordinatorAssignment.objects.get().assigned_by == world.teacher


def test_it_refuses_a_person_outside_the_plan(login, world):
    plan = make_plan(world)
    outsider = membership(world.psychologist, world.bup)

    response = login(world.teacher).post(url(plan), {"membership": outsider.pk})

    assert response.status_code == 200
    assert "membership" in response.context["form"].errors
    plan.refresh_from_db()
    assert plan.coordinator is None


def test_it_offers_staff_of_participating_units_only(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)

    form = login(world.teacher).get(url(plan)).context["form"]

    users = {m.user for m in form.fields["membership"].queryset}
    assert users == {world.teacher, world.school_head, world.social_worker}


def test_it_shows_the_history_to_every_unit_taking_part(
    login, world, django_capture_on_commit_callbacks
):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    client = login(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(plan), {"membership": membership(world.teacher, world.school).pk})
        client.post(url(plan), {"membership": membership(world.social_worker, world.social).pk})

    response = login(world.social_worker).get(url(plan))

    history = [(a.coordinator, a.unit) for a in response.context["history"]]
    assert history == [(world.social_worker, world.social), (world.teacher, world.school)]
    # The change of coordinator is told to each unit taking part, without the child's name.
    # One e-mail per member of staff (each has their own inbox and e-mail choice).
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [world.teacher.email, world.school_head.email, world.social_worker.email]
    )
    assert not any("Alva" in message.body for message in mail.outbox)


def test_it_lets_only_the_leading_unit_appoint(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    chosen = membership(world.social_worker, world.social)

    client = login(world.social_worker)
    assert client.get(url(plan)).context["form"] is None
    assert client.post(url(plan), {"membership": chosen.pk}).status_code == 403
    plan.refresh_from_db()
    assert plan.coordinator is None
