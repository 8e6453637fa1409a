"""The SIP list: the unit's open SIPs, next follow-up first (none booked last), paged by
keyset so that no SIP is cut off and a deep page costs what the first does."""

from datetime import date, timedelta

from django.urls import reverse

from samordna.audit.models import AccessLog, Action
from samordna.people.tests.helpers import make_child
from samordna.plans.models import Status
from samordna.plans.tests.factories import make_plan

URL = reverse("plans:list")


def _plans(world, count: int) -> list:
    """Open SIPs the school leads; every third has no follow-up booked, two share a day."""
    made = []
    for n in range(count):
        follow_up = None if n % 3 == 0 else date(2027, 1, 1) + timedelta(days=n // 2)
        child = make_child(world.school, given_name=f"Plan{n}")
        made.append(
            make_plan(
                child, world.school, world.teacher, status=Status.ACTIVE, next_follow_up=follow_up
            )
        )
    return made


def _expected(plans: list) -> list:
    dated = sorted(
        (p for p in plans if p.next_follow_up),
        key=lambda p: (p.next_follow_up, -p.created_at.timestamp(), -p.pk),
    )
    undated = sorted(
        (p for p in plans if not p.next_follow_up), key=lambda p: (-p.created_at.timestamp(), -p.pk)
    )
    return dated + undated


def test_it_shows_every_sip_over_its_pages_in_follow_up_order(login, world):
    made = _plans(world, 120)
    client = login(world.teacher)

    pages = [client.get(URL).context["page"]]
    while pages[-1].next_after:
        pages.append(client.get(URL, {"after": pages[-1].next_after}).context["page"])
    back = client.get(URL, {"before": pages[-1].previous_before}).context["page"]

    assert [len(page) for page in pages] == [50, 50, 20]
    assert [plan for page in pages for plan in page] == _expected(made)
    assert list(back) == list(pages[1])
    assert pages[0].count == 120
    # Each page logs the children it shows, and only those.
    assert AccessLog.objects.filter(action=Action.SEARCH).count() == 50 + 50 + 20 + 50


def test_its_pager_is_a_plain_get_form(login, world):
    _plans(world, 51)
    body = login(world.teacher).get(URL).content.decode()
    pager = body.split('class="pager"')[1].split("</nav>")[0]
    assert (
        'method="get"' in pager and 'name="after"' in pager and "csrfmiddlewaretoken" not in pager
    )
