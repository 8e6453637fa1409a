"""The read log a view cannot skip: crawl every page that carries a demo child, as those with
a reason to see it, and check what each request wrote to the log.

A page logs one row per object of the child's data it shows: the child, and on the page of
a guardian, relative or trustee also that person (access.get_visible_or_404 with child=).
"""

import pytest
from django.urls import reverse

from samordna.accounts.models import Role
from samordna.audit.models import AccessLog, Action
from samordna.organisations.models import Unit
from samordna.people.models import Child
from samordna.people.tests.child_urls import named_child_urls
from samordna.people.tests.helpers import client_for, load_demo, member
from samordna.people.views import ITEM_KINDS

DEMO_CHILDREN = ["Nora", "Liam", "Ella", "Theo", "Samir", "Wilma"]
ACTION = {"audit:extract_csv": Action.EXPORT, "audit:extract_pdf": Action.PRINT}


@pytest.fixture
def demo(db):
    load_demo()


def objects_shown(child, kwargs) -> list[tuple[str, str]]:
    shown = [("people.child", str(child.pk))]
    if "item_pk" in kwargs:
        model = ITEM_KINDS[kwargs["kind"]][0]
        shown.append((model._meta.label_lower, str(kwargs["item_pk"])))
    return shown


def crawl(client, child, pages, user, unit) -> list[str]:
    failures = []
    for number, (name, url, kwargs) in enumerate(pages, start=1):
        ip = f"198.51.100.{number}"
        last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0

        response = client.get(url, REMOTE_ADDR=ip)

        rows = list(AccessLog.objects.filter(id__gt=last).order_by("id"))
        logged = sorted((row.object_type, row.object_id) for row in rows)
        if response.status_code != 200:
            failures.append(f"{url}: {response.status_code}")
        if logged != sorted(objects_shown(child, kwargs)):
            failures.append(f"{url}: logged {logged}")
        for row in rows:
            found = (row.child_id, row.user, row.acting_unit, row.action, row.client_ip)
            expected = (child.pk, user, unit, ACTION.get(name, Action.VIEW), ip)
            if found != expected:
                failures.append(f"{url}: {found} != {expected}")
    return failures


@pytest.mark.parametrize("given_name", DEMO_CHILDREN)
def test_it_logs_every_child_page_once_per_object_shown(demo, given_name):
    child = Child.objects.get(given_name=given_name)
    user, unit = member([child.registered_by_unit])
    pages = named_child_urls(child, "people")
    assert {name for name, _url, _kwargs in pages} >= {
        "people:child_detail",
        "people:child_edit",
        "people:child_history",
        "people:child_item_add",
        "people:child_item_edit",
    }

    failures = crawl(client_for(user, unit), child, pages, user, unit)

    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("given_name", DEMO_CHILDREN)
def test_it_logs_every_log_extract_once(demo, given_name):
    child = Child.objects.get(given_name=given_name)
    pages = named_child_urls(child, "audit")
    if not pages:
        pytest.skip("no audit URLs are routed yet")
    registrar = child.registered_by_unit
    client_for(*member([registrar])).get(reverse("people:child_detail", args=[child.pk]))
    units = [registrar, *Unit.objects.filter(principal=registrar.principal)]
    user, unit = member(units, [Role.MANAGER], email="chef@samordna.example")

    failures = crawl(client_for(user, unit), child, pages, user, unit)

    assert not failures, "\n".join(failures)
