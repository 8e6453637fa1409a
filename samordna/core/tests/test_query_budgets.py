"""Query budgets (issue 15 §7): every list and detail page makes as many queries with fifty
items as with one. The pages the access rule drives are in access/tests/test_query_budgets.py;
the plan, meeting, consent, directory, child list and log review pages have their own tests
beside them. This covers the rest, each grown by the items it lists."""

import itertools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import make_user
from samordna.accounts.models import MembershipChange, Role
from samordna.notifications.models import Kind, Notification
from samordna.organisations.models import Unit
from samordna.people.models import Relative, Trustee
from samordna.people.tests.helpers import client_for, make_child, make_guardian, next_number
from samordna.plans.models import JoinRequest, Status
from samordna.plans.tests.factories import make_plan

_serials = itertools.count()


@dataclass(frozen=True)
class Page:
    who: str  # the World attribute of the user who opens it
    url: Callable  # (world, scene) -> the page's URL
    grow: Callable  # (world, scene, n): add n more of what the page lists


def child_scene(world) -> dict:
    child = make_child(world.school)
    return {"child": child, "plan": make_plan(child, world.school, world.teacher)}


def add_family(world, scene, n: int) -> None:
    child = scene["child"]
    for serial in range(n):
        make_guardian(child, given_name=f"Vh{serial}", number=next_number())
        Relative.objects.create(
            child=child,
            name=f"Släkting {serial}",
            relation="moster",
            registered_by_unit=world.school,
        )
        Trustee.objects.create(
            child=child, name=f"God man {serial}", registered_by_unit=world.school
        )


def add_edits(world, scene, n: int) -> None:
    child = scene["child"]
    for serial in range(n):
        child.street_address = f"Provgatan {serial}"
        child.save()


def add_join_requests(world, scene, n: int) -> None:
    plan = scene["plan"]
    for serial in itertools.islice(_serials, n):
        unit = Unit.objects.create(principal=world.region, name=f"Mottagning {serial}")
        JoinRequest.objects.create(
            plan=plan,
            child=plan.child,
            unit=unit,
            requested_by=world.psychologist,
            reason="Vi behöver vara med.",
        )


def add_notifications(world, scene, n: int) -> None:
    Notification.objects.bulk_create(
        Notification(user=world.teacher, kind=Kind.REMINDER, text=f"Påminnelse {serial}")
        for serial in range(n)
    )


def add_colleagues(world, scene, n: int) -> None:
    for serial in itertools.islice(_serials, n):
        user = make_user(
            f"kollega{serial}-{next_number()}@testby.example", world.social, Role.CASEWORKER
        )
        MembershipChange.objects.create(
            changed_by=world.local_admin,
            user=user,
            unit=world.social,
            role=Role.CASEWORKER,
            change=MembershipChange.Change.ADDED,
        )


def add_units_of_user(world, scene, n: int) -> None:
    for serial in itertools.islice(_serials, n):
        unit = Unit.objects.create(principal=world.municipality, name=f"Enhet {serial}")
        world.social_worker.memberships.create(unit=unit, role=Role.CASEWORKER)


PAGES = {
    "child page": Page(
        "teacher", lambda w, s: reverse("people:child_detail", args=[s["child"].pk]), add_family
    ),
    "child history": Page(
        "teacher", lambda w, s: reverse("people:child_history", args=[s["child"].pk]), add_edits
    ),
    "join requests": Page(
        "teacher",
        lambda w, s: reverse("plans:join_requests", args=[s["plan"].pk]),
        add_join_requests,
    ),
    "inbox": Page("teacher", lambda w, s: reverse("notifications:inbox"), add_notifications),
    "user list": Page("local_admin", lambda w, s: reverse("accounts:user_list"), add_colleagues),
    "role changes": Page(
        "social_manager", lambda w, s: reverse("audit:role_changes"), add_colleagues
    ),
    "user page": Page(
        "local_admin",
        lambda w, s: reverse("accounts:user_detail", args=[w.social_worker.pk]),
        add_units_of_user,
    ),
    "unit page": Page(
        "teacher",
        lambda w, s: reverse("organisations:unit_detail", args=[w.social.pk]),
        add_colleagues,
    ),
}


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_a_page_costs_the_same_for_one_item_as_for_fifty(world, name):
    page = PAGES[name]
    if page.who == "social_manager":
        world.social_manager = make_user("chef@testby.example", world.social, Role.MANAGER)
    scene = child_scene(world)
    scene["plan"].status = Status.ACTIVE
    scene["plan"].save()
    client = client_for(getattr(world, page.who))
    page.grow(world, scene, 1)
    url = page.url(world, scene)
    queries(client, url)  # the first request fills per-process caches (content types)
    one = queries(client, url)

    page.grow(world, scene, 49)

    assert queries(client, url) == one
