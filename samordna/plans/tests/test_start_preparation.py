from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from samordna.meetings.models import Meeting
from samordna.people.tests.helpers import make_child
from samordna.plans.models import Plan, Preparation, Status
from samordna.plans.tests.factories import give_consent, make_plan


def prepared_plan(world, **fields):
    child = make_child(world.school)
    return make_plan(child, world.school, world.teacher, **fields)


def post_preparation(client, plan, **data):
    prep = Preparation.objects.get_or_create(plan=plan)[0]
    payload = {"version": prep.version, "child_participation": "whole", **data}
    return client.post(reverse("plans:preparation", args=[plan.pk]), payload)


def test_the_checklist_follows_the_routine(login, world):
    plan = prepared_plan(world)
    client = login(world.teacher)
    response = client.get(reverse("plans:preparation", args=[plan.pk]))
    assert [done for _step, done in response.context["checklist"]] == [True, False, False, False]
    post_preparation(
        client, plan, invited_units=[world.social.pk], invited_functions=[world.counsellor.pk]
    )
    response = client.get(reverse("plans:preparation", args=[plan.pk]))
    assert all(done for _step, done in response.context["checklist"])


def test_a_child_not_attending_needs_a_way_to_be_heard(login, world):
    plan = prepared_plan(world)
    response = post_preparation(login(world.teacher), plan, child_participation="none")
    assert "views_gathering" in response.context["form"].errors
    assert Preparation.objects.get(plan=plan).child_participation == ""


def test_a_stale_preparation_is_not_saved_over_anothers(login, world):
    plan = prepared_plan(world)
    Preparation.objects.create(plan=plan)
    first, second = login(world.teacher), login(world.teacher)
    post_preparation(first, plan, trusted_person="Mormor")
    response = second.post(
        reverse("plans:preparation", args=[plan.pk]),
        {"version": 1, "child_participation": "whole", "trusted_person": "Pappa"},
    )
    assert response.status_code == 409
    assert response.context["form"]["trusted_person"].value() == "Pappa"
    assert Preparation.objects.get(plan=plan).trusted_person == "Mormor"


def meeting_data(days_ahead: int, **data):
    starts = timezone.localtime() + timedelta(days=days_ahead)
    return {
        "kind": Meeting.Kind.FIRST,
        "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "duration_minutes": 90,
        "place": "Ekbackens skola, rum 12",
        **data,
    }


def test_booking_needs_consent_first(login, world):
    plan = prepared_plan(world)
    response = login(world.teacher).post(
        reverse("plans:book_meeting", args=[plan.pk]), meeting_data(30)
    )
    assert response.status_code == 409
    assert not Meeting.objects.exists()


def test_it_books_the_meeting_and_the_plan_moves_on(login, world):
    plan = prepared_plan(world)
    give_consent(plan, world.social, documented_by=world.teacher)
    response = login(world.teacher).post(
        reverse("plans:book_meeting", args=[plan.pk]), meeting_data(30)
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.BOOKED
    assert Meeting.objects.get().booked_by == world.teacher


def test_short_notice_needs_a_reason_but_is_not_blocked(login, world):
    plan = prepared_plan(world)
    give_consent(plan, world.social, documented_by=world.teacher)
    client = login(world.teacher)
    url = reverse("plans:book_meeting", args=[plan.pk])
    response = client.post(url, meeting_data(7))
    assert "short_notice_reason" in response.context["form"].errors
    client.post(url, meeting_data(7, short_notice_reason="Barnet byter skola snart"))
    assert Meeting.objects.count() == 1


def test_discharge_from_inpatient_care_needs_no_reason(login, world):
    plan = prepared_plan(world, kind=Plan.Kind.DISCHARGE)
    give_consent(plan, world.social, documented_by=world.teacher)
    login(world.teacher).post(reverse("plans:book_meeting", args=[plan.pk]), meeting_data(2))
    assert Meeting.objects.count() == 1


def test_a_meeting_needs_a_place_or_a_link_and_a_future_time(login, world):
    plan = prepared_plan(world)
    give_consent(plan, world.social, documented_by=world.teacher)
    url = reverse("plans:book_meeting", args=[plan.pk])
    response = login(world.teacher).post(url, meeting_data(-2, place=""))
    assert {"place", "starts_at"} <= set(response.context["form"].errors)
    assert not Meeting.objects.exists()


def test_only_the_leading_unit_prepares_and_books(login, world):
    plan = prepared_plan(world)
    give_consent(plan, world.social, documented_by=world.teacher)
    client = login(world.social_worker)
    assert client.get(reverse("plans:preparation", args=[plan.pk])).status_code == 403
    assert client.get(reverse("plans:book_meeting", args=[plan.pk])).status_code == 403
    outsider = login(world.psychologist)
    assert outsider.get(reverse("plans:preparation", args=[plan.pk])).status_code == 404
