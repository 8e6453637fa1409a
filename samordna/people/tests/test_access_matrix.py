"""The access matrix: every URL that carries a child, every demo child, everyone without a
reason to see it. They get 404, the same as for a child that does not exist, read nothing
(no log row) and learn nothing (no name, number or address in the answer).
"""

import pytest
from django.db.models import Q
from django.urls import reverse

from conftest import make_user
from samordna.accounts.models import CHILD_DATA_ROLES, Membership, Role
from samordna.audit.models import AccessLog
from samordna.consents.models import Consent
from samordna.organisations.models import Unit
from samordna.people.models import Child
from samordna.people.tests.child_urls import URL_PARAMETERS, child_url_names, child_urls
from samordna.people.tests.helpers import client_for, load_demo, member

DEMO_CHILDREN = ["Nora", "Liam", "Ella", "Theo", "Samir", "Wilma"]
REFUSED = {"get": {404}, "post": {404, 405}}


@pytest.fixture
def demo(db):
    load_demo()


def secrets(child) -> list[str]:
    number = child.formatted_identity_number
    return [
        child.given_name,
        child.family_name,
        number,
        number[2:],
        child.identity_number,
        child.street_address,
    ]


def leaks(body: str, child) -> list[str]:
    return [secret for secret in secrets(child) if secret in body]


def outsiders(child, namespace: str = "people") -> list[tuple]:
    """(user, acting unit) pairs without a reason to see the child.

    Every demo membership at another unit, and one user of every role at another unit of
    the same principal, at a unit of another principal and, for administrators, at the
    registering unit itself. A child's log extract is for the principal's managers (audit),
    so there only they are left out: everyone else, the registering unit too, is outside.
    """
    unit = child.registered_by_unit
    participants = consented_units(child)
    others = Unit.objects.exclude(pk__in=participants.values("pk"))
    sibling = others.filter(principal=unit.principal).exclude(pk=unit.pk).first()
    stranger = others.exclude(principal=unit.principal).first()
    for place, other in [("syskon", sibling), ("annan", stranger)]:
        for role in Role.values if other else []:
            make_user(f"{role}.{place}@utanfor.example", other, role, given_name="Utomstående")
    for role in set(Role.values) - CHILD_DATA_ROLES:
        make_user(f"{role}.egen@utanfor.example", unit, role, given_name="Utomstående")
    memberships = Membership.objects.select_related("user", "unit")
    if namespace == "people":
        memberships = memberships.exclude(unit=unit, role__in=CHILD_DATA_ROLES).exclude(
            unit__in=participants, role__in=CHILD_DATA_ROLES
        )
    else:
        memberships = memberships.exclude(unit__principal=unit.principal, role=Role.MANAGER)
    return [(membership.user, membership.unit) for membership in memberships]


def consented_units(child):
    """The units the guardians consented to share the child's SIP with, read from the data
    itself (not from the access rule under test)."""
    consents = Consent.objects.filter(plan__child=child, withdrawn_at__isnull=True)
    return Unit.objects.filter(
        Q(pk__in=consents.values("units")) | Q(principal__in=consents.values("principals"))
    )


def consents_covering(unit):
    return Consent.objects.filter(withdrawn_at__isnull=True).filter(
        Q(units=unit) | Q(principals__units=unit)
    )


def read_once(child) -> None:
    """The registering unit reads the child, so its principal's log knows the child."""
    client_for(*member([child.registered_by_unit])).get(
        reverse("people:child_detail", args=[child.pk])
    )


def allowed(child, namespace: str):
    """The user with a reason: one who works with children at the registering unit, or for
    the log extract a manager of the principal."""
    unit = child.registered_by_unit
    if namespace == "people":
        return member([unit], [Role.CASEWORKER])
    return member([unit, *Unit.objects.filter(principal=unit.principal)], [Role.MANAGER])


def test_it_knows_every_child_url():
    """A route with an int parameter under people: or audit: must join URL_PARAMETERS."""
    missing = child_url_names() - set(URL_PARAMETERS)
    assert not missing, f"Add these URLs to child_urls.URL_PARAMETERS: {sorted(missing)}"
    people = {name for name in URL_PARAMETERS if name.startswith("people:")}
    assert people <= child_url_names(), "the table names people URLs that no longer exist"


@pytest.mark.parametrize("given_name", DEMO_CHILDREN)
@pytest.mark.parametrize("namespace", ["people", "audit"])
def test_it_answers_404_to_every_outsider(demo, given_name, namespace):
    child = Child.objects.get(given_name=given_name)
    urls = child_urls(child, namespace)
    if not urls:
        pytest.skip(f"no {namespace} URLs are routed yet")
    read_once(child)
    logged = AccessLog.objects.count()
    failures = []

    for user, unit in outsiders(child, namespace):
        client = client_for(user, unit)
        for url in urls:
            for method in ("get", "post"):
                response = getattr(client, method)(url, {})
                who = f"{method.upper()} {url} as {user.email} for {unit.name}"
                # 405 comes before any look-up, the same for every child: it tells nothing.
                if response.status_code not in REFUSED[method]:
                    failures.append(f"{who}: {response.status_code}")
                if found := leaks(response.content.decode(), child):
                    failures.append(f"{who}: shows {found}")

    assert not failures, "\n".join(failures)
    assert AccessLog.objects.count() == logged
    assert Child.objects.get(pk=child.pk).version == child.version


@pytest.mark.parametrize("given_name", DEMO_CHILDREN)
@pytest.mark.parametrize("namespace", ["people", "audit"])
def test_it_shows_every_page_to_the_user_with_a_reason(demo, given_name, namespace):
    child = Child.objects.get(given_name=given_name)
    urls = child_urls(child, namespace)
    if not urls:
        pytest.skip(f"no {namespace} URLs are routed yet")
    read_once(child)
    client = client_for(*allowed(child, namespace))
    answers = {url: client.get(url).status_code for url in urls}
    assert answers == dict.fromkeys(urls, 200)


@pytest.mark.parametrize("given_name", DEMO_CHILDREN)
def test_it_finds_nothing_for_an_outsider(demo, given_name):
    child = Child.objects.get(given_name=given_name)
    failures = []

    for user, unit in outsiders(child):
        client = client_for(user, unit)
        for query in [child.given_name, child.formatted_identity_number, child.identity_number]:
            url = reverse("people:child_list")
            page = client.get(url, {"q": query})
            if page.status_code == 200 and child in page.context["page"].rows:
                failures.append(f"{user.email} for {unit.name} finds {query}")
            # The results alone: the full page repeats the query in the search box.
            results = client.get(url, {"q": query}, HTTP_HX_REQUEST="true")
            if found := leaks(results.content.decode(), child):
                failures.append(f"{user.email} for {unit.name} searching {query}: {found}")

    assert not failures, "\n".join(failures)
    assert not AccessLog.objects.filter(child_id=child.pk).exists()


@pytest.mark.parametrize("given_name", DEMO_CHILDREN)
def test_it_counts_no_hidden_child_on_the_start_page(demo, given_name):
    child = Child.objects.get(given_name=given_name)
    failures = []

    for user, unit in outsiders(child):
        response = client_for(user, unit).get(reverse("core:start"))
        assert response.status_code == 200
        for panel in response.context["panels"]:
            if "visible" in panel:
                own = Child.objects.filter(registered_by_unit=unit).count()
                shared = (
                    Child.objects.exclude(registered_by_unit=unit)
                    .filter(plans__consents__in=consents_covering(unit))
                    .distinct()
                    .count()
                )
                if (panel["visible"], panel["registered"]) != (own + shared, own):
                    failures.append(f"{user.email} for {unit.name}: {panel}")
        if found := leaks(response.content.decode(), child):
            failures.append(f"{user.email} for {unit.name}: start page shows {found}")

    assert not failures, "\n".join(failures)
