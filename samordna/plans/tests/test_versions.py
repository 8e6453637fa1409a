from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from samordna.meetings.models import Meeting
from samordna.plans.models import Plan, PlanVersion, Status
from samordna.plans.tests.content_helpers import (
    add_goal,
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
    add_measure(plan, world.social, "Familjestöd", goal=plan.goals.get(), timing="varje vecka")

    assert approve(client, plan).status_code == 302

    assert list(plan.versions.values_list("number", flat=True)) == [2, 1]
    response = client.get(compare_url(plan, a=1, b=2))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert [(c.old, c.new) for c in comparison.changed_fields] == [
        ("Hur får Alva en trygg skoldag?", "Hur blir skoldagen trygg och rolig?")
    ]
    assert [(item.kind, item.title) for item in comparison.measures] == [
        ("changed", "Stödsamtal varje vecka"),  # in the plan's order: as written down
        ("added", "Familjestöd"),
    ]
    changed = comparison.measures[0].changes
    assert [(c.old, c.new) for c in changed] == [(_("Planned"), _("Ongoing"))]
    body = response.content.decode()
    assert "<del>Hur får Alva en trygg skoldag?</del>" in body
    assert "<ins>Hur blir skoldagen trygg och rolig?</ins>" in body


def test_it_compares_the_two_latest_versions_by_default(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    Plan.objects.filter(pk=plan.pk).update(needs="Trygga raster")
    approve(client, plan)

    response = client.get(compare_url(plan))

    form = response.context["form"]
    assert (form.cleaned_data["a"], form.cleaned_data["b"]) == ("1", "2")
    assert [c.new for c in response.context["comparison"].changed_fields] == ["Trygga raster"]


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


def test_it_refuses_approval_before_the_meeting_has_begun(login, world):
    plan = ready_to_approve(world)
    plan.meetings.update(starts_at=timezone.now() + timedelta(days=2))

    response = approve(login(world.teacher), plan)

    assert response.status_code == 409
    assert refusal(response) == ["Planen godkänns på SIP-mötet, när mötet har börjat."]
    assert not PlanVersion.objects.exists()


def test_it_records_the_meeting_and_its_day_whenever_the_approval_is_entered(login, world):
    plan = ready_to_approve(world)
    meeting = plan.meetings.get()
    Meeting.objects.filter(pk=meeting.pk).update(
        starts_at=timezone.now() - timedelta(days=9), status=Meeting.Status.HELD
    )

    assert approve(login(world.teacher), plan).status_code == 302

    version = plan.versions.get()
    assert version.meeting == meeting
    assert version.approved_on == timezone.localdate() - timedelta(days=9)
    page = login(world.teacher).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert f"version 1 godkänd {version.approved_on:%Y-%m-%d}" in page


def test_it_refuses_a_meeting_of_another_plan(login, world):
    plan = ready_to_approve(world)
    other = ready_to_approve(world)
    data = {"attendees": "Alla", "meeting": other.meetings.get().pk}

    response = login(world.teacher).post(reverse("plans:approve", args=[plan.pk]), data)

    assert response.status_code == 200
    assert "meeting" in response.context["form"].errors
    assert not PlanVersion.objects.exists()


def test_it_refuses_to_approve_twice_without_a_change(login, world):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    assert approve(client, plan).status_code == 302

    response = approve(client, plan)

    assert response.status_code == 409
    version = plan.versions.get()
    assert refusal(response) == [
        f"Inget har ändrats sedan version 1 godkändes {version.approved_on}."
    ]


def test_every_joint_measure_needs_goal_responsible_and_time(login, world):
    plan = ready_to_approve(world)
    add_measure(plan, world.social, "Familjestöd")  # no goal, no time
    add_measure(plan, world.social, "Läxhjälp", goal=add_goal(plan), timing="tisdagar")
    add_measure(plan, world.social, "Kontaktfamilj", responsible_unit=None)  # a need, unassigned

    response = approve(login(world.teacher), plan)

    assert response.status_code == 409
    assert refusal(response) == ["Insats 2 (Familjestöd) saknar ett mål och en tid."]
    page = login(world.teacher).get(reverse("plans:detail", args=[plan.pk]))
    assert "Insats 2 (Familjestöd) saknar ett mål och en tid." in page.content.decode()


def test_a_need_nobody_has_taken_on_does_not_stop_approval(login, world):
    plan = ready_to_approve(world)
    add_measure(plan, world.social, "Kontaktfamilj", responsible_unit=None)

    assert approve(login(world.teacher), plan).status_code == 302

    need = plan.versions.get().content["measures"][1]
    assert (need["description"], need["unassigned"]) == ("Kontaktfamilj", True)
