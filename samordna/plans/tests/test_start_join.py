from django.core import mail
from django.urls import reverse

from samordna.audit.models import AccessLog
from samordna.people.tests.helpers import make_child, registration_data
from samordna.plans.access import join_token
from samordna.plans.models import JoinRequest
from samordna.plans.tests.factories import give_consent, make_plan


def setup_shared_child(world):
    """Social services registered the child and leads a SIP the school is not in."""
    child = make_child(world.social)
    plan = make_plan(child, world.social, world.social_worker, purpose="Hemligt syfte 123")
    return child, plan


def join_url(child) -> str:
    return reverse("plans:join_request", args=[join_token(child)])


def test_registering_a_known_number_sends_a_request_to_the_coordinator(login, world):
    child, plan = setup_shared_child(world)
    client = login(world.teacher)
    data = registration_data(given_name="Vem", family_name="Som", confirm=False)
    data["identity_number"] = child.identity_number
    first = client.post(reverse("people:child_register"), data)
    assert first.status_code == 200
    assert "Registrera eller be om att få delta" in first.content.decode()
    page = client.post(
        reverse("people:child_register"), {**data, "confirm": "1", "reason": "Vi ser frånvaro"}
    )
    assert page.status_code == 200
    for secret in [plan.purpose, child.given_name, child.identity_number]:
        assert secret not in page.content.decode()
    join = JoinRequest.objects.get()
    assert (join.plan, join.child, join.unit, join.reason) == (
        plan,
        child,
        world.school,
        "Vi ser frånvaro",
    )


def test_the_join_page_logs_its_look_up_whatever_it_answers(login, world):
    child, plan = setup_shared_child(world)
    without = make_child(world.social)
    client = login(world.teacher)
    assert client.get(join_url(child)).status_code == 200
    assert client.get(join_url(without)).status_code == 200
    rows = AccessLog.objects.filter(user=world.teacher, action="search")
    assert sorted(rows.values_list("child_id", flat=True)) == sorted([child.pk, without.pk])


def test_a_unit_asks_to_join_without_seeing_the_plan(
    login, world, django_capture_on_commit_callbacks
):
    child, plan = setup_shared_child(world)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.teacher).post(join_url(child), {"reason": "Vi ser frånvaro"})
    assert response.status_code == 200
    assert plan.purpose not in response.content.decode()
    assert AccessLog.objects.filter(user=world.teacher, action="search").count() == 1
    join = JoinRequest.objects.get()
    assert (join.plan, join.unit, join.status) == (plan, world.school, "pending")
    assert len(mail.outbox) == 1
    assert child.given_name not in mail.outbox[0].body + mail.outbox[0].subject
    assert child.identity_number not in mail.outbox[0].body


def test_asking_twice_keeps_one_pending_request(login, world):
    child, plan = setup_shared_child(world)
    client = login(world.teacher)
    for _ in range(2):
        client.post(join_url(child), {"reason": "Frånvaro"})
    assert JoinRequest.objects.count() == 1


def test_a_forged_or_expired_ticket_is_refused(login, world):
    child, plan = setup_shared_child(world)
    client = login(world.teacher)
    assert client.get(reverse("plans:join_request", args=["forged"])).status_code == 404
    assert client.get(join_url(child)[:-3] + "x/").status_code == 404


def test_without_an_open_sip_there_is_nothing_to_join(login, world):
    child = make_child(world.social)
    response = login(world.teacher).post(join_url(child), {"reason": "x"})
    assert response.status_code == 200
    assert not JoinRequest.objects.exists()


def test_accepting_needs_a_consent_that_covers_the_unit(login, world):
    child, plan = setup_shared_child(world)
    join = JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.school, requested_by=world.teacher, reason="x"
    )
    client = login(world.social_worker)
    url = reverse("plans:decide_join", args=[plan.pk, join.pk])
    client.post(url, {"decision": "accept"})
    join.refresh_from_db()
    assert join.status == "pending"

    give_consent(plan, world.school, documented_by=world.social_worker)
    client.post(url, {"decision": "accept"})
    join.refresh_from_db()
    assert (join.status, join.decided_by) == ("accepted", world.social_worker)


def test_the_coordinator_may_decline(login, world):
    child, plan = setup_shared_child(world)
    join = JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.school, requested_by=world.teacher, reason="x"
    )
    login(world.social_worker).post(
        reverse("plans:decide_join", args=[plan.pk, join.pk]), {"decision": "decline"}
    )
    join.refresh_from_db()
    assert join.status == "declined"


def test_only_the_leading_unit_answers(login, world):
    child, plan = setup_shared_child(world)
    give_consent(plan, world.school, documented_by=world.social_worker)
    join = JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.bup, requested_by=world.psychologist, reason="x"
    )
    client = login(world.teacher)  # takes part, but does not lead
    assert client.get(reverse("plans:join_requests", args=[plan.pk])).status_code == 403
    response = client.post(
        reverse("plans:decide_join", args=[plan.pk, join.pk]), {"decision": "accept"}
    )
    assert response.status_code == 403
    assert (
        login(world.psychologist).get(reverse("plans:join_requests", args=[plan.pk])).status_code
        == 404
    )


def test_deciding_needs_post(login, world):
    child, plan = setup_shared_child(world)
    join = JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.school, requested_by=world.teacher, reason="x"
    )
    url = reverse("plans:decide_join", args=[plan.pk, join.pk])
    assert login(world.social_worker).get(url).status_code == 405
