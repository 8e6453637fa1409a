from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from samordna.meetings.mail import when
from samordna.meetings.models import Meeting
from samordna.people.tests.helpers import make_guardian
from samordna.plans.models import ClosureReason, Plan, Status
from samordna.plans.tests.content_helpers import (
    add_goal,
    add_measure,
    book,
    close,
    make_plan,
    pdf_pages,
    ready_to_approve,
    share_with,
)


def close_url(plan):
    return reverse("plans:close", args=[plan.pk])


def test_it_closes_with_a_reason_and_tells_the_units_without_child_data(
    login, world, django_capture_on_commit_callbacks
):
    plan = make_plan(world)
    share_with(plan, world, world.social, world.bup)

    with django_capture_on_commit_callbacks(execute=True):
        response = close(login(world.teacher), plan)

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.closure_reason) == (Status.CLOSED, ClosureReason.NO_JOINT_NEEDS)
    assert plan.closed_at is not None
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted(
        [
            world.teacher.email,
            world.school_head.email,
            world.social_worker.email,
            world.psychologist.email,
        ]
    )
    child = plan.child
    for message in mail.outbox:
        text = message.subject + message.body
        for secret in [child.given_name, child.family_name, child.identity_number[:8]]:
            assert secret not in text


def test_it_requires_a_text_for_other(login, world):
    plan = make_plan(world)

    response = close(login(world.teacher), plan, reason=ClosureReason.OTHER)

    assert list(response.context["form"].errors) == ["note"]
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    response = close(login(world.teacher), plan, reason=ClosureReason.OTHER, note="Flyttat")
    assert response.status_code == 302


def test_it_requires_the_confirmation(login, world):
    plan = make_plan(world)

    response = close(login(world.teacher), plan, confirm="")

    assert "confirm" in response.context["form"].errors
    assert Plan.objects.get().status == Status.DRAFT


def test_it_lets_only_the_leading_unit_close(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)

    assert close(login(world.social_worker), plan).status_code == 403
    assert Plan.objects.get().status == Status.CONSENT


def test_a_closed_plan_is_read_only(login, world):
    plan = ready_to_approve(world)
    goal, measure = plan.goals.get(), plan.measures.get()
    client = login(world.teacher)
    close(client, plan)
    urls = [
        reverse("plans:edit", args=[plan.pk]),
        reverse("plans:goal_add", args=[plan.pk]),
        reverse("plans:goal_edit", args=[plan.pk, goal.pk]),
        reverse("plans:measure_add", args=[plan.pk]),
        reverse("plans:measure_edit", args=[plan.pk, measure.pk]),
        reverse("plans:approve", args=[plan.pk]),
        reverse("plans:follow_up", args=[plan.pk]),
        close_url(plan),
    ]

    for url in urls:
        for response in (client.get(url), client.post(url, {"description": "X", "text": "X"})):
            assert response.status_code == 409, url
            assert response.context["message"] == _("The SIP is closed and can only be read.")
    response = client.post(reverse("plans:coordinator", args=[plan.pk]), {"membership": "1"})
    assert response.status_code == 409
    assert client.get(reverse("plans:coordinator", args=[plan.pk])).context["form"] is None
    assert [m.description for m in plan.measures.all()] == ["Stödsamtal varje vecka"]
    assert plan.goals.count() == 1


def test_a_new_plan_can_be_started_after_closure(login, world):
    plan = make_plan(world)
    add_goal(plan)
    add_measure(plan, world.school)
    close(login(world.teacher), plan)

    new = Plan.objects.create(
        child=plan.child,
        initiating_unit=world.school,
        convener=world.teacher,
        child_wishes="Att få vara med",
        reason="Nytt behov",
        purpose="Ny fråga",
    )

    assert list(Plan.objects.open().filter(child=plan.child)) == [new]
    page = login(world.teacher).get(reverse("plans:detail", args=[plan.pk]))
    assert reverse("plans:initiate", args=[plan.child.pk]) in page.content.decode()


def test_closing_cancels_the_booked_meeting_and_each_letter_says_so(
    login, world, tmp_path, django_capture_on_commit_callbacks
):
    plan = make_plan(world)
    make_guardian(plan.child, given_name="Kim")
    meeting = book(plan, world)  # three weeks ahead
    client = login(world.teacher)

    page = client.get(reverse("plans:close", args=[plan.pk])).content.decode()
    assert "ställs de bokade mötena nedan in" in page
    assert str(meeting) in page

    with django_capture_on_commit_callbacks(execute=True):
        close(client, plan)

    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    pages = pdf_pages(client.get(reverse("plans:closure_letter", args=[plan.pk])), tmp_path)
    assert len(pages) == 2  # the child and Kim: one letter each
    with translation.override("sv"):
        cancelled = f"Mötet {when(meeting)} är inställt."
    assert all(cancelled in page for page in pages)
