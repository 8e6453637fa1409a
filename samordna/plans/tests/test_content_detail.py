from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext as _

from samordna.audit.models import AccessLog, Action
from samordna.organisations.models import Principal, Unit
from samordna.plans.models import Measure, Status
from samordna.plans.tests.content_helpers import (
    LAW_POINTS,
    add_goal,
    add_measure,
    approve,
    make_plan,
    ready_to_approve,
    share_with,
)


def detail_url(plan):
    return reverse("plans:detail", args=[plan.pk])


def test_it_reads_like_the_sip_document(login, world):
    plan = make_plan(world, needs="Lugn miljö", family_contact="Ring Larare, 0999-1")
    share_with(plan, world, world.social, world.bup)
    add_goal(plan, "Alva går i skolan varje dag")
    add_measure(plan, world.school, "Anpassad studiegång")
    add_measure(plan, world.social, "Familjestöd")
    add_measure(plan, world.bup, "Utredning på BUP")

    response = login(world.teacher).get(detail_url(plan))

    assert response.status_code == 200
    body = response.content.decode()
    for heading in LAW_POINTS:
        assert _(heading) in body
    wishes = body.index(plan.child_wishes)
    assert wishes < body.index(plan.purpose) < body.index("Alva går i skolan varje dag")
    assert plan.child.formatted_identity_number in body
    assert "Ring Larare, 0999-1" in body
    grouped = [
        (principal, [(unit, [m["description"] for m in ms]) for unit, ms in units])
        for principal, units in response.context["by_principal"]
    ]
    assert grouped == [
        ("Region Testland", [("BUP Testland", ["Utredning på BUP"])]),
        (
            "Testby kommun",
            [("Socialtjänsten Testby", ["Familjestöd"]), ("Testskolan", ["Anpassad studiegång"])],
        ),
    ]
    assert AccessLog.objects.filter(action=Action.VIEW, object_id=str(plan.pk)).count() == 1


def test_it_lists_measures_by_someone_other_than_municipality_or_region(login, world):
    plan = make_plan(world)
    private = Principal.objects.create(
        name="Privata vården AB", kind=Principal.Kind.PRIVATE, organisation_number="5560000001"
    )
    clinic = Unit.objects.create(principal=private, name="Mottagningen", kind=Unit.Kind.OTHER)
    share_with(plan, world, clinic)
    add_measure(plan, world.school, "Läxhjälp", other_actor="Föreningen Läxhjälpen")
    add_measure(plan, clinic, "Samtalsterapi")
    add_measure(plan, world.school, "Anpassad studiegång")

    response = login(world.teacher).get(detail_url(plan))

    assert sorted(m["description"] for m in response.context["outside"]) == [
        "Läxhjälp",
        "Samtalsterapi",
    ]
    body = response.content.decode()
    assert "Läxhjälp – Föreningen Läxhjälpen" in body
    assert "Samtalsterapi – Mottagningen" in body
    # Point 2 lists only what a municipality or region answers for.
    assert [principal for principal, _units in response.context["by_principal"]] == [
        "Testby kommun"
    ]


def test_a_contracted_provider_counts_as_the_principal_that_contracted_it(login, world):
    plan = make_plan(world)
    hvb = Principal.objects.create(
        name="Hemmet AB",
        kind=Principal.Kind.PRIVATE,
        organisation_number="5560000001",
        contracted_by=world.municipality,
    )
    home = Unit.objects.create(principal=hvb, name="HVB Hemmet", kind=Unit.Kind.RESIDENTIAL_CARE)
    share_with(plan, world, home)
    add_measure(plan, home, "Boende och vardagsstöd")

    response = login(world.teacher).get(detail_url(plan))

    assert response.context["outside"] == []
    units = dict(response.context["by_principal"])["Testby kommun"]
    assert [(unit, [m["description"] for m in ms]) for unit, ms in units] == [
        ("HVB Hemmet", ["Boende och vardagsstöd"])
    ]
    assert "HVB Hemmet (Hemmet AB)" in response.content.decode()


def test_a_need_no_one_has_taken_on_shows_as_such_until_a_unit_takes_it(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    need = add_measure(plan, world.school, "Kontaktfamilj", responsible_unit=None)

    response = login(world.social_worker).get(detail_url(plan))

    body = response.content.decode()
    assert "Ingen verksamhet har tagit på sig insatsen än" in body
    assert [m["description"] for m in response.context["unassigned"]] == ["Kontaktfamilj"]
    assert response.context["by_principal"] == []
    take = reverse("plans:measure_take_on", args=[plan.pk, need.pk])
    assert take in body

    response = login(world.social_worker).post(take)

    assert response.status_code == 302
    need.refresh_from_db()
    assert (need.responsible_unit, need.kept_by_unit) == (world.social, world.social)
    assert login(world.social_worker).post(take).status_code == 409  # taken already
    body = login(world.teacher).get(detail_url(plan)).content.decode()
    assert "Ingen verksamhet har tagit på sig insatsen än" not in body


def test_it_links_only_the_own_measures_for_change(login, world):
    plan = make_plan(world)
    share_with(plan, world, world.social)
    own = add_measure(plan, world.social, "Familjestöd")
    other = add_measure(plan, world.school, "Anpassad studiegång")

    body = login(world.social_worker).get(detail_url(plan)).content.decode()

    assert reverse("plans:measure_edit", args=[plan.pk, own.pk]) in body
    assert reverse("plans:measure_edit", args=[plan.pk, other.pk]) not in body
    assert reverse("plans:edit", args=[plan.pk]) not in body  # the school leads


def test_it_shows_the_draft_against_the_last_approved_version(login, world):
    plan = ready_to_approve(world)
    approve(login(world.teacher), plan)
    plan.refresh_from_db()
    plan.needs = "Nytt behov efter mötet"
    plan.save()

    response = login(world.teacher).get(detail_url(plan))

    assert response.status_code == 200
    changes = response.context["draft_changes"]
    assert [(c.old, c.new) for c in changes.changed_fields] == [("", "Nytt behov efter mötet")]
    assert "<ins>Nytt behov efter mötet</ins>" in response.content.decode()


def test_it_marks_a_closed_plan_and_offers_no_changes(login, world):
    plan = make_plan(world, status=Status.CLOSED, closure_reason="no_joint_needs")
    add_measure(plan, world.school)

    response = login(world.teacher).get(detail_url(plan))

    body = response.content.decode()
    assert response.context["may_lead"] is False
    assert reverse("plans:closure_letter", args=[plan.pk]) in body
    for name in ["edit", "goal_add", "measure_add", "approve", "close", "follow_up"]:
        assert reverse(f"plans:{name}", args=[plan.pk]) not in body
    assert reverse("plans:measure_edit", args=[plan.pk, plan.measures.get().pk]) not in body


def test_it_reads_the_page_in_the_same_number_of_queries_for_many_measures(
    login, world, django_assert_max_num_queries
):
    plan = ready_to_approve(world)
    client = login(world.teacher)
    approve(client, plan)
    with CaptureQueriesContext(connection) as few:
        assert client.get(detail_url(plan)).status_code == 200
    goal = plan.goals.get()
    for number in range(20):
        unit = [world.school, world.social][number % 2]
        add_measure(plan, unit, f"Insats {number}", goal=goal, responsible_person=world.teacher)
    assert Measure.objects.filter(plan=plan).count() == 21

    with django_assert_max_num_queries(len(few)):
        response = client.get(detail_url(plan))

    assert "Insats 19" in response.content.decode()
