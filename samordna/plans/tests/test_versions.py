from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.plans.models import PlanVersion, Status
from samordna.plans.tests.content_helpers import (
    add_measure,
    approve,
    make_plan,
    ready_to_approve,
    share_with,
)


def compare_url(plan, **query):
    url = reverse("plans:compare", args=[plan.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def refusal(response) -> list[str]:
    return response.context["form"].non_field_errors()


def test_it_refuses_approval_before_the_meeting_is_booked(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)

    response = approve(login(world.teacher), plan)

    assert response.status_code == 409
    assert refusal(response) == [_("Book the SIP meeting before the plan can be approved at it.")]
    assert not PlanVersion.objects.exists()


def test_it_refuses_approval_without_coordinator_or_responsibility(login, world):
    plan = ready_to_approve(world)
    plan.coordinator = plan.coordinator_unit = None
    plan.save()

    response = approve(login(world.teacher), plan)

    assert response.status_code == 409
    assert refusal(response) == [
        _("Name the principal with overall responsibility and the coordinator first.")
    ]
    plan.coordinator, plan.coordinator_unit = world.teacher, world.school
    plan.overall_responsibility = None
    plan.save()
    assert approve(login(world.teacher), plan).status_code == 409
    assert not PlanVersion.objects.exists()


def test_it_refuses_approval_without_measures(login, world):
    plan = ready_to_approve(world)
    plan.measures.all().delete()

    response = approve(login(world.teacher), plan)

    assert response.status_code == 409
    assert refusal(response) == [_("Write down at least one measure before approving.")]


def test_it_shows_what_is_missing_before_the_form_is_filled(login, world):
    plan = make_plan(world)

    response = login(world.teacher).get(reverse("plans:approve", args=[plan.pk]))

    assert response.status_code == 200
    assert len(response.context["gaps"]) == 3


def test_it_approves_the_plan_as_version_1(login, world):
    plan = ready_to_approve(world)

    response = approve(login(world.teacher), plan, attendees="Alva, Kim, Larare, Soc")

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE
    version = plan.versions.get()
    assert (version.number, version.attendees, version.approved_by) == (
        1,
        "Alva, Kim, Larare, Soc",
        world.teacher,
    )
    assert version.content["child_wishes"] == plan.child_wishes
    assert [m["description"] for m in version.content["measures"]] == ["Stödsamtal varje vecka"]


def test_it_requires_who_attended(login, world):
    plan = ready_to_approve(world)

    response = approve(login(world.teacher), plan, attendees="")

    assert "attendees" in response.context["form"].errors
    assert not PlanVersion.objects.exists()


def test_it_lets_only_the_leading_unit_approve(login, world):
    plan = ready_to_approve(world)

    assert approve(login(world.social_worker), plan).status_code == 403
    assert not PlanVersion.objects.exists()


def test_a_second_approval_makes_version_2_and_compare_shows_the_change(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    plan.refresh_from_db()
    plan.purpose = "Hur blir skoldagen trygg och rolig?"
    plan.save()
    measure = plan.measures.get()
    measure.status = "ongoing"
    measure.save()
    add_measure(plan, world.social, "Familjestöd")

    assert approve(client, plan).status_code == 302

    assert list(plan.versions.values_list("number", flat=True)) == [2, 1]
    response = client.get(compare_url(plan, a=1, b=2))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [(c.old, c.new) for c in comparison.changed_fields] == [
        ("Hur får Alva en trygg skoldag?", "Hur blir skoldagen trygg och rolig?")
    ]
    assert [(item.kind, item.title) for item in comparison.measures] == [
        ("added", "Familjestöd"),  # in the plan's order: by unit name
        ("changed", "Stödsamtal varje vecka"),
    ]
    changed = comparison.measures[1].changes
    assert [(c.old, c.new) for c in changed] == [(_("Planned"), _("Ongoing"))]
    body = response.content.decode()
    assert "<del>Hur får Alva en trygg skoldag?</del>" in body
    assert "<ins>Hur blir skoldagen trygg och rolig?</ins>" in body


def test_it_compares_the_two_latest_versions_by_default(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    approve(client, plan)

    response = client.get(compare_url(plan))

    form = response.context["form"]
    assert (form.cleaned_data["a"], form.cleaned_data["b"]) == ("1", "2")
    assert not response.context["comparison"].has_changes


def test_it_compares_a_version_with_the_draft(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    plan.measures.get().delete()

    response = client.get(compare_url(plan))

    assert response.context["form"].cleaned_data["b"] == "utkast"
    assert [item.kind for item in response.context["comparison"].measures] == ["removed"]


def test_it_answers_a_wrong_choice_with_a_form_error(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)

    response = client.get(compare_url(plan, a=7, b=1))

    assert response.status_code == 200
    assert "a" in response.context["form"].errors
    assert "comparison" not in response.context
