"""Query budgets (issue 15 §7): the pages the access rule drives make as many queries for
one child as for fifty, for the registering and initiating unit and for a unit a consent
covers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samordna.people.tests.helpers import client_for, make_child, make_guardian, next_number
from samordna.plans.models import Status
from samordna.plans.tests.factories import give_consent, make_plan

PAGES = ["core:start", "people:child_list", "plans:list"]


def add_children(world, count: int) -> None:
    """Children of the school, each with an active SIP the school leads and a consent that
    covers BUP."""
    for n in range(count):
        child = make_child(world.school, given_name=f"Barn{n}")
        make_guardian(child, number=next_number())
        plan = make_plan(child, world.school, world.teacher, status=Status.ACTIVE)
        give_consent(plan, world.bup, documented_by=world.teacher)


def queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse(name))
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("who", ["teacher", "psychologist"])
def test_a_page_costs_the_same_for_one_child_as_for_fifty(world, name, who):
    client = client_for(getattr(world, who))
    add_children(world, 1)
    queries(client, name)  # the first request fills per-process caches (content types)
    one = queries(client, name)

    add_children(world, 49)
    fifty = queries(client, name)

    assert one == fifty
