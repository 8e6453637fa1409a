"""Safeguards a careful user expects: a form sent twice saves once (the back button, a second
click), and the draft's goals and measures can be deleted, after a question, with their
history kept."""

import uuid
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from samordna.consents.models import Consent
from samordna.consents.tests.helpers import consent_data
from samordna.meetings.models import Meeting
from samordna.people.tests.helpers import make_guardian
from samordna.plans.models import FollowUp, Goal, Measure
from samordna.plans.tests.content_helpers import (
    add_goal,
    add_measure,
    approve,
    make_plan,
    ready_to_approve,
    share_with,
)

SAVED_ALREADY = "Det här var redan sparat; det sparades inte två gånger."


def twice(client, url, data):
    """The same form sent twice, as after the back button: the same one-time token."""
    data = {**data, "once": str(uuid.uuid4())}
    return client.post(url, data), client.post(url, data, follow=True)


def test_a_goal_sent_twice_is_saved_once(login, world):
    plan = make_plan(world)
    url = reverse("plans:goal_add", args=[plan.pk])
    data = {"version": "1", "term": "long", "text": "Alva trivs i skolan"}

    first, second = twice(login(world.teacher), url, data)

    assert first.status_code == 302
    assert Goal.objects.count() == 1
    assert second.redirect_chain[-1][0] == reverse("plans:detail", args=[plan.pk])
    assert SAVED_ALREADY in second.content.decode()


def test_a_new_form_saves_again(login, world):
    plan = make_plan(world)
    url = reverse("plans:goal_add", args=[plan.pk])
    client = login(world.teacher)
    form = client.get(url).context["form"]
    token = form["once"].value()
    assert token and form["once"].as_widget().startswith('<input type="hidden"')

    client.post(url, {"version": "1", "term": "long", "text": "Ett", "once": token})
    other = client.get(url).context["form"]["once"].value()
    client.post(url, {"version": "1", "term": "long", "text": "Två", "once": other})

    assert other != token
    assert sorted(Goal.objects.values_list("text", flat=True)) == ["Ett", "Två"]


def test_a_measure_sent_twice_is_saved_once(login, world):
    plan = make_plan(world)
    data = {
        "version": "1",
        "carried_out_by": "own",
        "description": "Samtal varje vecka",
        "timing": "varje vecka",
        "status": "planned",
    }

    twice(login(world.teacher), reverse("plans:measure_add", args=[plan.pk]), data)

    assert Measure.objects.count() == 1


def test_a_follow_up_sent_twice_is_recorded_once(login, world):
    plan = ready_to_approve(world)
    approve(login(world.teacher), plan)
    data = {
        "held_on": date.today().isoformat(),
        "wishes_met": "Ja",
        "measures_delivered": "Ja",
        "how_measures_work": "Bra",
        "results": "Bättre",
        "assessments": "Alla ser framsteg",
        "next_follow_up": (date.today() + timedelta(weeks=8)).isoformat(),
    }

    twice(login(world.teacher), reverse("plans:follow_up", args=[plan.pk]), data)

    assert FollowUp.objects.count() == 1


def test_a_meeting_booked_twice_is_booked_once(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    starts = timezone.localtime() + timedelta(weeks=4)
    data = {
        "kind": "first",
        "starts_at": starts.strftime("%Y-%m-%dT10:00"),
        "duration_minutes": "90",
        "place": "Testskolan",
    }

    twice(login(world.teacher), reverse("plans:book_meeting", args=[plan.pk]), data)

    assert Meeting.objects.count() == 1


def test_a_draft_measure_is_deleted_after_a_question_with_its_history(login, world):
    plan = make_plan(world)
    measure = add_measure(plan, world.school, "Läxhjälp")
    url = reverse("plans:measure_delete", args=[plan.pk, measure.pk])
    client = login(world.teacher)

    page = client.get(url)
    assert page.status_code == 200
    assert "Den tas bort ur utkastet till planen." in page.content.decode()
    assert Measure.objects.exists()

    assert client.post(url).status_code == 302
    assert not Measure.objects.exists()
    deleted = Measure.history.get(history_type="-")
    assert (deleted.description, deleted.history_user) == ("Läxhjälp", world.teacher)


def test_a_draft_goal_is_deleted_by_the_leading_unit(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    goal = add_goal(plan)
    url = reverse("plans:goal_delete", args=[plan.pk, goal.pk])

    assert login(world.social_worker).post(url).status_code == 403
    assert login(world.teacher).post(url).status_code == 302
    assert not Goal.objects.exists()
    assert Goal.history.filter(history_type="-").count() == 1


def test_what_an_approved_version_holds_is_not_deleted(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    measure, goal = plan.measures.get(), plan.goals.get()

    page = client.get(reverse("plans:measure_delete", args=[plan.pk, measure.pk]))
    assert "ingår i en godkänd version: ändra dess status till avbruten" in page.content.decode()
    response = client.post(reverse("plans:measure_delete", args=[plan.pk, measure.pk]))
    assert response.status_code == 409
    response = client.post(reverse("plans:goal_delete", args=[plan.pk, goal.pk]))
    assert response.status_code == 409
    assert Measure.objects.exists() and Goal.objects.exists()


def test_only_the_keeper_deletes_a_measure(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    measure = add_measure(plan, world.school)

    url = reverse("plans:measure_delete", args=[plan.pk, measure.pk])
    assert login(world.social_worker).post(url).status_code == 403
    assert Measure.objects.exists()


def test_a_consent_sent_twice_is_recorded_once(login, world):
    plan = make_plan(world)
    make_guardian(plan.child)
    data = consent_data(plan, [world.social])

    twice(login(world.teacher), reverse("consents:record", args=[plan.pk]), data)

    assert Consent.objects.count() == 1
