from datetime import date, timedelta

from django.urls import reverse

from samordna.plans.models import FollowUp, Measure
from samordna.plans.tests.content_helpers import add_measure, approve, make_plan, ready_to_approve


def url(plan):
    return reverse("plans:follow_up", args=[plan.pk])


def follow_up_data(**fields) -> dict:
    data = {
        "held_on": date.today().isoformat(),
        "wishes_met": "Delvis: Alva har en kompis på rasten",
        "measures_delivered": "Ja",
        "how_measures_work": "Bra, i rätt ordning",
        "results": "Färre frånvarodagar",
        "changed_needs": "",
        "assessments": "Skolan och socialtjänsten ser framsteg",
        "new_information": "Ny adress i mars",
        "further_measures": "",
        "next_follow_up": (date.today() + timedelta(weeks=8)).isoformat(),
    }
    data.update(fields)
    return data


def active_plan(world, login):
    plan = ready_to_approve(world)
    approve(login(world.teacher), plan)
    plan.refresh_from_db()
    return plan


def test_it_records_the_answers_outcomes_and_next_date(login, world):
    plan = active_plan(world, login)
    measure = plan.measures.get()
    data = follow_up_data(**{f"outcome_{measure.pk}": "Samtalen hjälper"})

    response = login(world.teacher).post(url(plan), data)

    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.results, follow_up.recorded_by) == ("Färre frånvarodagar", world.teacher)
    assert [(o.measure, o.outcome) for o in follow_up.outcomes.all()] == [
        (measure, "Samtalen hjälper")
    ]
    plan.refresh_from_db()
    assert plan.next_follow_up == date.today() + timedelta(weeks=8)
    page = login(world.teacher).get(reverse("plans:detail", args=[plan.pk]))
    assert list(page.context["follow_ups"]) == [follow_up]
    assert "Samtalen hjälper" in page.content.decode()


def test_it_asks_for_an_outcome_per_current_measure(login, world):
    plan = active_plan(world, login)
    cancelled = add_measure(plan, world.school, "Avbruten", status=Measure.Status.CANCELLED)

    form = login(world.teacher).get(url(plan)).context["form"]

    assert [m.description for m in form.measures] == ["Stödsamtal varje vecka"]
    assert f"outcome_{cancelled.pk}" not in form.fields


def test_it_requires_the_next_date_unless_the_plan_is_closed(login, world):
    plan = active_plan(world, login)
    client = login(world.teacher)

    response = client.post(url(plan), follow_up_data(next_follow_up=""))
    assert list(response.context["form"].errors) == ["next_follow_up"]
    assert not FollowUp.objects.exists()

    response = client.post(url(plan), follow_up_data(next_follow_up="", closing="on"))
    assert response.status_code == 302
    assert response["Location"] == reverse("plans:close", args=[plan.pk])
    assert FollowUp.objects.get().next_follow_up is None


def test_it_refuses_dates_out_of_order(login, world):
    plan = active_plan(world, login)
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    client = login(world.teacher)

    future = client.post(url(plan), follow_up_data(held_on=tomorrow))
    before = client.post(url(plan), follow_up_data(next_follow_up=date.today().isoformat()))

    assert "held_on" in future.context["form"].errors
    assert "next_follow_up" in before.context["form"].errors
    assert not FollowUp.objects.exists()


def test_it_refuses_a_follow_up_before_the_plan_is_approved(login, world):
    plan = make_plan(world)

    response = login(world.teacher).get(url(plan))

    assert response.status_code == 409
    assert login(world.teacher).post(url(plan), follow_up_data()).status_code == 409


def test_it_lets_only_the_leading_unit_record(login, world):
    plan = active_plan(world, login)

    assert login(world.social_worker).post(url(plan), follow_up_data()).status_code == 403
    assert not FollowUp.objects.exists()
