import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

from samordna.audit.models import AccessLog
from samordna.people.tests.helpers import make_child
from samordna.plans import services
from samordna.plans.forms_start import InitiateForm
from samordna.plans.models import Plan, Status
from samordna.plans.tests.factories import make_plan

DATA = {
    "child_wishes": "Jag vill ha lugn på rasterna",
    "purpose": "Hur får Alva stöd i skolan och hemma?",
    "reason": "Skolan och socialtjänsten behöver samordna",
    "kind": Plan.Kind.SIP,
}


def test_it_starts_a_draft_sip_and_leads_to_the_preparation(login, world):
    child = make_child(world.school)
    response = login(world.teacher).post(reverse("plans:initiate", args=[child.pk]), DATA)
    plan = Plan.objects.get()
    assert response.url == reverse("plans:preparation", args=[plan.pk])
    assert (plan.status, plan.initiating_unit, plan.convener) == (
        Status.DRAFT,
        world.school,
        world.teacher,
    )
    assert plan.child_wishes == DATA["child_wishes"]
    assert AccessLog.objects.filter(object_type="plans.plan", action="create").count() == 1


def test_the_childs_own_words_come_first(login, world):
    child = make_child(world.school)
    response = login(world.teacher).get(reverse("plans:initiate", args=[child.pk]))
    assert list(response.context["form"].fields)[0] == "child_wishes"


def test_missing_fields_are_refused_and_nothing_is_saved(login, world):
    child = make_child(world.school)
    response = login(world.teacher).post(
        reverse("plans:initiate", args=[child.pk]), {**DATA, "purpose": ""}
    )
    assert response.status_code == 200
    assert "purpose" in response.context["form"].errors
    assert response.context["form"]["child_wishes"].value() == DATA["child_wishes"]
    assert not Plan.objects.exists()


def test_a_second_open_sip_is_refused_by_the_database(world):
    child = make_child(world.school)
    make_plan(child, world.school, world.teacher)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_plan(child, world.social, world.social_worker)


def test_a_closed_sip_makes_room_for_a_new_one(world):
    child = make_child(world.school)
    make_plan(child, world.school, world.teacher, status=Status.CLOSED)
    assert make_plan(child, world.school, world.teacher).status == Status.DRAFT


def test_a_unit_taking_part_is_led_to_the_existing_sip(login, world):
    child = make_child(world.school)
    plan = make_plan(child, world.school, world.teacher)
    response = login(world.school_head).post(reverse("plans:initiate", args=[child.pk]), DATA)
    assert response.url == reverse("plans:detail", args=[plan.pk])
    assert Plan.objects.count() == 1


def test_a_unit_outside_the_sip_may_only_ask_to_join(login, world):
    """The school registered the child; social services' SIP is closed to it."""
    child = make_child(world.school)
    plan = make_plan(child, world.social, world.social_worker, purpose="Hemligt syfte 123")
    response = login(world.teacher).post(reverse("plans:initiate", args=[child.pk]), DATA)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Hemligt syfte 123" not in body
    assert "/sip/anslut/" in body
    assert reverse("plans:detail", args=[plan.pk]) not in body
    assert Plan.objects.count() == 1


def test_outsiders_get_404(login, world):
    child = make_child(world.school)
    for user in [world.psychologist, world.social_worker, world.local_admin]:
        response = login(user).get(reverse("plans:initiate", args=[child.pk]))
        assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_requests_make_one_sip(world, transactional_db):
    child = make_child(world.school)
    barrier = threading.Barrier(2)
    outcomes = []

    def start():
        request = RequestFactory().post("/")
        request.user, request.acting_unit = world.teacher, world.school
        form = InitiateForm(DATA)
        assert form.is_valid()
        barrier.wait()
        try:
            services.initiate_plan(request, child, form)
            outcomes.append("started")
        except services.AlreadyActive:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "started"]
    assert Plan.objects.filter(child=child).count() == 1
