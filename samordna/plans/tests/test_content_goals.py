from django.test import Client
from django.urls import reverse

from conftest import verified_login
from samordna.plans.models import Goal
from samordna.plans.tests.content_helpers import add_goal, make_plan, share_with


def test_it_adds_a_goal_in_the_childs_words(login, world):
    plan = make_plan(world)
    data = {
        "term": "short",
        "text": "Jag vill äta lunch med klassen",
        "in_childs_words": "on",
        "version": 1,
    }

    response = login(world.teacher).post(reverse("plans:goal_add", args=[plan.pk]), data)

    assert response.status_code == 302
    goal = plan.goals.get()
    assert (goal.term, goal.text, goal.in_childs_words) == (Goal.Term.SHORT, data["text"], True)


def test_it_changes_a_goal(login, world):
    plan = make_plan(world)
    goal = add_goal(plan)
    url = reverse("plans:goal_edit", args=[plan.pk, goal.pk])

    response = login(world.teacher).post(
        url, {"term": "long", "text": "Ny formulering", "version": 1}
    )

    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.text == "Ny formulering"


def test_it_lets_only_the_leading_unit_write_goals(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    goal = add_goal(plan)
    client = login(world.social_worker)

    data = {"term": "long", "text": "X", "version": 1}
    add = client.post(reverse("plans:goal_add", args=[plan.pk]), data)
    change = client.post(reverse("plans:goal_edit", args=[plan.pk, goal.pk]), data)

    assert (add.status_code, change.status_code) == (403, 403)
    assert list(plan.goals.values_list("text", flat=True)) == [goal.text]


def test_it_answers_404_for_a_goal_of_another_plan(login, world):
    plan, other = make_plan(world), make_plan(world)
    goal = add_goal(other)

    response = login(world.teacher).get(reverse("plans:goal_edit", args=[plan.pk, goal.pk]))

    assert response.status_code == 404


def test_a_stale_goal_is_not_saved_over_anothers(world):
    plan = make_plan(world)
    goal = add_goal(plan)
    url = reverse("plans:goal_edit", args=[plan.pk, goal.pk])
    first, second = Client(), Client()
    verified_login(first, world.teacher)
    verified_login(second, world.teacher)

    first.post(url, {"term": "long", "text": "Alva trivs i skolan", "version": 1})
    response = second.post(url, {"term": "long", "text": "Alva har vänner", "version": 1})

    assert response.status_code == 409
    assert response.context["form"]["text"].value() == "Alva har vänner"
    goal.refresh_from_db()
    assert (goal.text, goal.version) == ("Alva trivs i skolan", 2)
    retry = second.post(url, {"term": "long", "text": "Alva har vänner", "version": 2})
    assert retry.status_code == 302
