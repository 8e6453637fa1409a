"""The access matrix over consent: every plans and consents URL, for a unit in each consent
state. Only a valid consent that covers the unit lets it in; otherwise 404, nothing read,
nothing shown. A route missing from the table below fails the suite."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone

from conftest import verified_login
from samordna.audit.models import AccessLog
from samordna.consents.models import Consent
from samordna.consents.tests.helpers import withdrawal_data
from samordna.people.tests.helpers import make_child
from samordna.plans.models import Goal, JoinRequest, Measure
from samordna.plans.tests.factories import give_consent, make_plan

NAMESPACES = ("plans", "consents")


def routes_with_ids() -> set[str]:
    found = set()

    def walk(patterns, namespaces, converters):
        for entry in patterns:
            own = {**converters, **entry.pattern.converters}
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry.url_patterns, inner, own)
            elif (
                isinstance(entry, URLPattern)
                and namespaces
                and namespaces[0] in NAMESPACES
                and any(isinstance(c, IntConverter) for c in own.values())
            ):
                found.add(":".join([*namespaces, entry.name]))

    walk(get_resolver().url_patterns, [], {})
    return found


def parameters(plan, consent) -> dict[str, dict]:
    """URL name -> keyword arguments for this plan."""
    goal = plan.goals.first()
    measure = plan.measures.first()
    join = plan.join_requests.first()
    return {
        "plans:initiate": {"child_pk": plan.child_id},
        "plans:join_requests": {"pk": plan.pk},
        "plans:decide_join": {"pk": plan.pk, "join_pk": join.pk},
        "plans:preparation": {"pk": plan.pk},
        "plans:book_meeting": {"pk": plan.pk},
        "plans:detail": {"pk": plan.pk},
        "plans:edit": {"pk": plan.pk},
        "plans:goal_add": {"pk": plan.pk},
        "plans:goal_edit": {"pk": plan.pk, "goal_pk": goal.pk},
        "plans:goal_delete": {"pk": plan.pk, "goal_pk": goal.pk},
        "plans:measure_delete": {"pk": plan.pk, "measure_pk": measure.pk},
        "plans:measure_add": {"pk": plan.pk},
        "plans:measure_edit": {"pk": plan.pk, "measure_pk": measure.pk},
        "plans:measure_take_on": {"pk": plan.pk, "measure_pk": measure.pk},
        "plans:coordinator": {"pk": plan.pk},
        "plans:responsibility": {"pk": plan.pk},
        "plans:approve": {"pk": plan.pk},
        "plans:compare": {"pk": plan.pk},
        "plans:follow_up": {"pk": plan.pk},
        "plans:close": {"pk": plan.pk},
        "plans:pdf": {"pk": plan.pk},
        "plans:my_plan_pdf": {"pk": plan.pk},
        "plans:closure_letter": {"pk": plan.pk},
        "consents:list": {"plan_pk": plan.pk},
        "consents:record": {"plan_pk": plan.pk},
        "consents:form_pdf": {"plan_pk": plan.pk},
        "consents:document": {"plan_pk": plan.pk, "consent_pk": consent.pk},
        "consents:withdraw": {"plan_pk": plan.pk, "consent_pk": consent.pk},
    }


@pytest.fixture
def sip(world):
    """The school leads a SIP; social services is in the consent until a state changes it."""
    child = make_child(world.school)
    plan = make_plan(child, world.school, world.teacher)
    consent = give_consent(plan, world.social, documented_by=world.teacher)
    Goal.objects.create(plan=plan, term=Goal.Term.LONG, text="Trivas i skolan")
    Measure.objects.create(
        plan=plan, description="Samtal", responsible_unit=world.social, kept_by_unit=world.social
    )
    JoinRequest.objects.create(
        plan=plan, child=plan.child, unit=world.bup, requested_by=world.psychologist, reason="x"
    )
    return plan, consent


def set_state(state: str, plan, consent, world) -> None:
    if state == "none":
        consent.delete()
    elif state == "withdrawn":
        Consent.objects.filter(pk=consent.pk).update(withdrawn_at=timezone.now())
    elif state == "unit_removed":
        consent.units.remove(world.social)
        consent.units.add(world.school)


def test_every_route_is_in_the_table(sip):
    plan, consent = sip
    missing = routes_with_ids() - set(parameters(plan, consent))
    assert not missing, f"add to parameters(): {sorted(missing)}"


@pytest.mark.parametrize("state", ["none", "withdrawn", "unit_removed"])
def test_a_unit_outside_a_valid_consent_gets_404_everywhere(login, world, sip, state):
    plan, consent = sip
    urls = [reverse(name, kwargs=kwargs) for name, kwargs in parameters(plan, consent).items()]
    urls.append(reverse("people:child_detail", args=[plan.child_id]))
    set_state(state, plan, consent, world)
    logged = AccessLog.objects.count()
    client = login(world.social_worker)
    failures = []
    for url in urls:
        for method in ("get", "post"):
            response = getattr(client, method)(url, {})
            # 405 answers a wrong method before any look-up: the same for every plan.
            if response.status_code not in {404, 405}:
                failures.append(f"{method.upper()} {url}: {response.status_code}")
            body = response.content.decode()
            for secret in [plan.child.given_name, plan.child.identity_number, plan.purpose]:
                if secret in body:
                    failures.append(f"{method.upper()} {url} shows {secret!r}")
    assert not failures, "\n".join(failures)
    assert AccessLog.objects.count() == logged


def test_a_covered_unit_takes_part_but_does_not_lead(login, world, sip):
    plan, consent = sip
    client = login(world.social_worker)
    for name in ["plans:detail", "consents:list", "plans:pdf", "plans:my_plan_pdf"]:
        kwargs = parameters(plan, consent)[name]
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200, name
    assert client.get(reverse("people:child_detail", args=[plan.child_id])).status_code == 200
    for name in ["plans:edit", "plans:preparation", "plans:close", "consents:record"]:
        kwargs = parameters(plan, consent)[name]
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 403, name


def test_the_next_request_after_withdrawal_is_refused(world, sip):
    plan, consent = sip
    consent.units.add(world.bup)  # social services leaves; the consent goes on for BUP
    social, school, bup = Client(), Client(), Client()
    for client, user in [
        (social, world.social_worker),
        (school, world.teacher),
        (bup, world.psychologist),
    ]:
        verified_login(client, user)
    url = reverse("plans:detail", args=[plan.pk])
    assert social.get(url).status_code == 200
    school.post(
        reverse("consents:withdraw", args=[plan.pk, consent.pk]),
        withdrawal_data(consent, confirmed=True, units=[world.social.pk]),
    )
    assert social.get(url).status_code == 404
    assert social.get(reverse("people:child_detail", args=[plan.child_id])).status_code == 404
    assert bup.get(url).status_code == 200
