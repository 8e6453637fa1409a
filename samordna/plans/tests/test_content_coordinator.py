from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samordna.accounts.models import Membership
from samordna.organisations.models import Principal
from samordna.plans.models import CoordinatorAssignment, ResponsibilityAssignment
from samordna.plans.tests.content_helpers import book, make_plan, share_with

REASON = "Hen träffar Alva varje vecka och Alva vill ha hen som kontakt."


def url(plan):
    return reverse("plans:coordinator", args=[plan.pk])


def membership(user, unit):
    return Membership.objects.get(user=user, unit=unit)


def under_way(plan, world):
    """The plan's SIP meeting, begun an hour ago."""
    return book(plan, world, starts_at=timezone.now() - timedelta(hours=1))


def appoint(client, plan, chosen, meeting=None, **fields):
    data = {"membership": chosen.pk, "reason": REASON, "meeting": meeting.pk if meeting else ""}
    return client.post(url(plan), {**data, **fields})


def test_it_appoints_a_person_at_the_meeting_with_the_reason(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    meeting = under_way(plan, world)
    chosen = membership(world.teacher, world.school)

    response = appoint(login(world.teacher), plan, chosen, meeting)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.coordinator, plan.coordinator_unit) == (world.teacher, world.school)
    assignment = CoordinatorAssignment.objects.get()
    assert (assignment.assigned_by, assignment.meeting, assignment.reason) == (
        world.teacher,
        meeting,
        REASON,
    )


def test_it_needs_a_meeting_that_has_begun(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    future = book(plan, world)  # three weeks ahead
    chosen = membership(world.teacher, world.school)
    client = login(world.teacher)

    response = appoint(client, plan, chosen)
    assert response.status_code == 200
    assert response.context["form"].errors["meeting"] == [
        "Samordnaren utses på ett SIP-möte: välj mötet. Ett möte som inte har börjat kan inte "
        "väljas."
    ]
    response = appoint(client, plan, chosen, future)
    assert "meeting" in response.context["form"].errors
    assert not CoordinatorAssignment.objects.exists()


def test_it_needs_the_reason(login, world):
    plan = make_plan(world)
    meeting = under_way(plan, world)

    response = appoint(
        login(world.teacher), plan, membership(world.teacher, world.school), meeting, reason=""
    )

    assert "reason" in response.context["form"].errors
    assert not CoordinatorAssignment.objects.exists()


def test_a_unit_names_another_of_its_own_staff_between_meetings(login, world):
    plan = make_plan(world)
    meeting = under_way(plan, world)
    client = login(world.teacher)
    appoint(client, plan, membership(world.teacher, world.school), meeting)

    response = appoint(client, plan, membership(world.school_head, world.school))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.coordinator == world.school_head
    assert plan.coordinator_history.first().meeting is None


def test_handing_the_role_to_another_unit_asks_first(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    meeting = under_way(plan, world)
    chosen = membership(world.social_worker, world.social)
    client = login(world.teacher)

    response = appoint(client, plan, chosen, meeting)

    assert response.status_code == 200
    body = response.content.decode()
    assert "Samordnaren arbetar på Socialtjänsten Testby: den enheten kommer att leda" in body
    assert 'name="confirm_handover"' in body
    plan.refresh_from_db()
    assert plan.coordinator is None

    response = appoint(client, plan, chosen, meeting, confirm_handover="on")

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.coordinator, plan.coordinator_unit) == (world.social_worker, world.social)


def test_it_refuses_a_person_outside_the_plan(login, world):
    plan = make_plan(world)
    meeting = under_way(plan, world)
    outsider = membership(world.psychologist, world.bup)

    response = appoint(login(world.teacher), plan, outsider, meeting, confirm_handover="on")

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
    meeting = under_way(plan, world)
    client = login(world.teacher)
    with django_capture_on_commit_callbacks(execute=True):
        appoint(client, plan, membership(world.teacher, world.school), meeting)
        appoint(
            client,
            plan,
            membership(world.social_worker, world.social),
            meeting,
            confirm_handover="on",
        )

    response = login(world.social_worker).get(url(plan))

    history = [(a.coordinator, a.unit) for a in response.context["history"]]
    assert history == [(world.social_worker, world.social), (world.teacher, world.school)]
    assert REASON in response.content.decode()
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
    meeting = under_way(plan, world)
    chosen = membership(world.social_worker, world.social)

    client = login(world.social_worker)
    assert client.get(url(plan)).context["form"] is None
    assert appoint(client, plan, chosen, meeting, confirm_handover="on").status_code == 403
    plan.refresh_from_db()
    assert plan.coordinator is None


def test_the_overall_responsibility_is_kept_with_its_history(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.bup)
    meeting = under_way(plan, world)
    client = login(world.teacher)
    path = reverse("plans:responsibility", args=[plan.pk])

    first = {"principal": world.municipality.pk, "reason": "Skolan har flest insatser."}
    assert client.post(path, fields(**first, meeting=meeting.pk)).status_code == 302
    second = {"principal": world.region.pk, "reason": "BUP:s utredning är det viktigaste nu."}
    assert client.post(path, fields(**second)).status_code == 302

    plan.refresh_from_db()
    assert plan.overall_responsibility == world.region
    history = [(a.principal, a.meeting, a.reason) for a in plan.responsibility_history.all()]
    assert history == [
        (world.region, None, second["reason"]),
        (world.municipality, meeting, first["reason"]),
    ]
    body = login(world.psychologist).get(url(plan)).content.decode()
    assert "BUP:s utredning är det viktigaste nu." in body
    assert "Skolan har flest insatser." in body


def test_the_overall_responsibility_lies_with_a_principal_taking_part(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    outside = Principal.objects.create(
        name="Annan region", kind=Principal.Kind.REGION, organisation_number="2321000016"
    )
    path = reverse("plans:responsibility", args=[plan.pk])

    response = login(world.teacher).post(path, fields(principal=outside.pk, reason="Test"))

    assert response.status_code == 400
    assert not ResponsibilityAssignment.objects.exists()
    data = fields(principal=world.municipality.pk, reason="Test")
    assert login(world.social_worker).post(path, data).status_code == 403


def fields(**values) -> dict:
    """The overall responsibility's form fields, as its page names them."""
    return {f"responsibility-{name}": value for name, value in values.items()}
