"""Each reminder fires once when due, never again on another sweep, never for a closed SIP."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from samordna.meetings.models import Meeting
from samordna.notifications import reminders
from samordna.notifications.models import Kind, Notification
from samordna.notifications.tests.helpers import assert_no_child_data, secret_child
from samordna.plans.models import JoinRequest, Measure, Status
from samordna.plans.tests.content_helpers import add_measure, advance, make_plan, share_with

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MONDAY = datetime(2026, 3, 2, 8, 0, tzinfo=STOCKHOLM)


@pytest.fixture
def clock():
    with time_machine.travel(MONDAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def plan(world, clock):
    plan = make_plan(world, child=secret_child(world.school))
    share_with(plan, world, world.social)
    return plan


def sweep_twice(django_capture_on_commit_callbacks) -> int:
    """Sweep, then sweep again as a restarted worker would, with fresh module state."""
    with django_capture_on_commit_callbacks(execute=True):
        first = reminders.sweep()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.sweep() == 0
    return first


def school_reminders():
    return Notification.objects.filter(
        kind=Kind.REMINDER, user__memberships__unit__name="Testskolan"
    )


def test_the_meeting_reminder_fires_within_24_hours_once(
    world, plan, clock, django_capture_on_commit_callbacks
):
    Meeting.objects.create(plan=plan, starts_at=MONDAY + timedelta(days=2), booked_by=world.teacher)
    assert sweep_twice(django_capture_on_commit_callbacks) == 0

    clock.move_to(MONDAY + timedelta(days=1, hours=1))
    assert sweep_twice(django_capture_on_commit_callbacks) == 2  # the school's two staff
    assert {n.user for n in Notification.objects.all()} == {world.teacher, world.school_head}
    assert_no_child_data(mail.outbox, plan.child)


def test_the_meeting_reminder_goes_to_the_coordinators_unit(
    world, plan, clock, django_capture_on_commit_callbacks
):
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()
    Meeting.objects.create(
        plan=plan, starts_at=MONDAY + timedelta(hours=3), booked_by=world.teacher
    )

    sweep_twice(django_capture_on_commit_callbacks)

    assert [n.user for n in Notification.objects.all()] == [world.social_worker]


def test_an_overdue_measure_reminds_its_unit_once(
    world, plan, clock, django_capture_on_commit_callbacks
):
    measure = add_measure(plan, world.social, ends_on=date(2026, 3, 3))
    assert sweep_twice(django_capture_on_commit_callbacks) == 0

    clock.move_to(MONDAY + timedelta(days=2))
    assert sweep_twice(django_capture_on_commit_callbacks) == 1
    assert Notification.objects.get().user == world.social_worker

    measure.status = Measure.Status.DONE
    measure.save()
    add_measure(plan, world.social, ends_on=date(2026, 3, 3), status=Measure.Status.CANCELLED)
    assert sweep_twice(django_capture_on_commit_callbacks) == 0
    assert_no_child_data(mail.outbox, plan.child)


def test_a_follow_up_due_within_a_week_reminds_once(
    world, plan, clock, django_capture_on_commit_callbacks
):
    advance(plan, Status.BOOKED)
    advance(plan, Status.ACTIVE)
    plan.next_follow_up = date(2026, 3, 12)
    plan.save()
    assert sweep_twice(django_capture_on_commit_callbacks) == 0

    clock.move_to(datetime(2026, 3, 5, 8, 0, tzinfo=STOCKHOLM))
    assert sweep_twice(django_capture_on_commit_callbacks) == 2
    assert school_reminders().get(user=world.teacher).key == (
        f"reminder:followup_due:{plan.pk}:2026-03-12"
    )
    assert_no_child_data(mail.outbox, plan.child)


def test_an_active_sip_without_follow_up_reminds_once(
    world, plan, clock, django_capture_on_commit_callbacks
):
    assert sweep_twice(django_capture_on_commit_callbacks) == 0  # not active yet
    advance(plan, Status.BOOKED)
    advance(plan, Status.ACTIVE)

    assert sweep_twice(django_capture_on_commit_callbacks) == 2
    clock.move_to(MONDAY + timedelta(days=30))
    assert sweep_twice(django_capture_on_commit_callbacks) == 0
    assert_no_child_data(mail.outbox, plan.child)


def test_a_consent_expiring_within_30_days_reminds_once(
    world, plan, clock, django_capture_on_commit_callbacks
):
    consent = plan.consents.get()
    consent.valid_until = date(2026, 5, 1)
    consent.save()
    assert sweep_twice(django_capture_on_commit_callbacks) == 0

    clock.move_to(datetime(2026, 4, 2, 8, 0, tzinfo=STOCKHOLM))
    assert sweep_twice(django_capture_on_commit_callbacks) == 2
    assert_no_child_data(mail.outbox, plan.child)


def test_a_join_request_waiting_three_days_reminds_once(
    world, plan, clock, django_capture_on_commit_callbacks
):
    JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.bup, requested_by=world.psychologist, reason="x"
    )
    clock.move_to(MONDAY + timedelta(days=2))
    assert sweep_twice(django_capture_on_commit_callbacks) == 0

    clock.move_to(MONDAY + timedelta(days=3, minutes=1))
    assert sweep_twice(django_capture_on_commit_callbacks) == 2
    assert school_reminders().first().url.endswith("/forfragningar/")
    assert_no_child_data(mail.outbox, plan.child)


def test_nothing_reminds_of_a_closed_sip(world, plan, clock, django_capture_on_commit_callbacks):
    Meeting.objects.create(
        plan=plan, starts_at=MONDAY + timedelta(hours=3), booked_by=world.teacher
    )
    add_measure(plan, world.social, ends_on=date(2026, 3, 1))
    plan.consents.update(valid_until=date(2026, 3, 20))
    JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.bup, requested_by=world.psychologist, reason="x"
    )
    plan.next_follow_up = date(2026, 3, 3)
    plan.status = Status.CLOSED
    plan.save()
    clock.move_to(MONDAY + timedelta(days=4))

    assert sweep_twice(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_command_runs_the_sweep(world, plan, clock, capsys):
    advance(plan, Status.BOOKED)
    advance(plan, Status.ACTIVE)

    call_command("send_reminders")
    call_command("send_reminders")

    assert Notification.objects.count() == 2
    assert "0 notification(s)" in capsys.readouterr().out
