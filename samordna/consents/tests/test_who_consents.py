"""Who consents, as the record page offers and refuses it: the god man for an unaccompanied
child, the young person alone at 18, the child's own consent from 15, the representatives
(and the staff's assessment of age and maturity) below that."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from samordna.consents.models import Consent, ConsentParty
from samordna.consents.tests.helpers import (
    born_years_ago,
    consent_data,
    make_consent,
    make_plan,
    make_unaccompanied_child,
    url,
)
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans.models import Status


def child_of(world, years: int, *, guardians: int = 1):
    child = make_child(world.school, given_name="Vera", number=born_years_ago(years))
    for given_name, serial in [("Karin", 990), ("Jonas", 991)][:guardians]:
        make_guardian(
            child, given_name=given_name, number=fictional_number(date(1980, 5, 17), serial)
        )
    return child


def samir_plan(world, years: int = 13):
    """Social services registered Samir and leads his SIP."""
    child = make_unaccompanied_child(world, years)
    return make_plan(world, child, initiating_unit=world.social, convener=world.social_worker)


def trustee_data(plan, scope, **changes) -> dict:
    trustees = [str(pk) for pk in plan.child.trustees.values_list("pk", flat=True)]
    return consent_data(plan, scope, **{"guardians": None, "trustees": trustees, **changes})


# --- The god man for an unaccompanied child ----------------------------------------------
def test_the_god_man_consents_for_an_unaccompanied_child(login, world):
    plan = samir_plan(world)
    client = login(world.social_worker)

    page = client.get(url("record", plan))
    form = page.context["form"]
    assert "trustees" in form.fields and "guardians" not in form.fields
    body = page.content.decode()
    assert "den gode mannen samtycker i vårdnadshavarnas ställe" in body
    assert "Barnet och den gode mannen har fått veta vad en SIP är" in body

    response = client.post(url("record", plan), trustee_data(plan, [world.school]))

    assert response.status_code == 302
    party = ConsentParty.objects.get()
    assert (party.trustee.name, party.guardian, party.is_child) == ("Göran Testholm", None, False)
    plan.refresh_from_db()
    assert plan.status == Status.CONSENT
    assert "Göran Testholm (god man)" in client.get(url("list", plan)).content.decode()


def test_the_god_man_must_consent_for_a_child_under_15(login, world):
    plan = samir_plan(world)
    data = trustee_data(plan, [world.school], trustees=[], child_consents="on")
    data["maturity_assessment"] = "Samir förstår."

    response = login(world.social_worker).post(url("record", plan), data)

    assert list(response.context["form"].errors) == ["trustees"]
    assert "Den gode mannen måste samtycka. Saknas: Göran Testholm." in response.content.decode()
    assert not Consent.objects.exists()


def test_a_registered_guardian_comes_before_the_god_man(login, world):
    plan = samir_plan(world)
    make_guardian(plan.child, given_name="Karin")

    form = login(world.social_worker).get(url("record", plan)).context["form"]

    assert "guardians" in form.fields and "trustees" not in form.fields


def test_a_child_of_16_with_a_god_man_may_consent_alone_or_with_the_god_man(login, world):
    plan = samir_plan(world, years=16)
    client = login(world.social_worker)

    alone = consent_data(plan, [world.school], guardians=None, child_consents="on")
    assert client.post(url("record", plan), alone).status_code == 302
    together = trustee_data(plan, [world.school], child_consents="on")
    assert client.post(url("record", plan), together).status_code == 302

    first, second = Consent.objects.order_by("pk")
    assert [p.is_child for p in first.parties.all()] == [True]
    assert {(p.is_child, p.trustee) for p in second.parties.all()} == {
        (True, None),
        (False, plan.child.trustees.get()),
    }


# --- 18 or over: the young person alone ---------------------------------------------------
def test_a_young_person_of_18_consents_alone(login, world):
    plan = make_plan(world, child_of(world, 18))
    client = login(world.teacher)

    page = client.get(url("record", plan))
    form = page.context["form"]
    assert "guardians" not in form.fields and "trustees" not in form.fields
    body = page.content.decode()
    assert "den som har fyllt 18 samtycker själv. Vårdnadshavarna tillfrågas inte." in body
    assert "Karin Testsson" not in body
    assert "Vera Testsson (den unge) har samtyckt" in body

    # The guardians are not asked: a posted guardian is not recorded.
    data = consent_data(plan, [world.social], child_consents="on")
    assert client.post(url("record", plan), data).status_code == 302
    assert [p.is_child for p in ConsentParty.objects.all()] == [True]
    listed = client.get(url("list", plan)).content.decode()
    assert "Vera Testsson (den unge)" in listed


def test_a_young_person_of_18_must_consent_themselves(login, world):
    plan = make_plan(world, child_of(world, 18))

    response = login(world.teacher).post(url("record", plan), consent_data(plan, [world.social]))

    assert list(response.context["form"].errors) == ["child_consents"]
    assert "Den som har fyllt 18 samtycker själv" in response.content.decode()
    assert not Consent.objects.exists()


# --- From 15: the child's own consent, alone or with the guardians -------------------------
def test_a_child_of_15_may_consent_alone_and_the_guardians_too(login, world):
    plan = make_plan(world, child_of(world, 15, guardians=2))
    client = login(world.teacher)
    assert (
        "från 15 år krävs barnets eget samtycke" in client.get(url("record", plan)).content.decode()
    )

    alone = consent_data(plan, [world.social], guardians=[], child_consents="on")
    assert client.post(url("record", plan), alone).status_code == 302
    one = plan.child.guardians.first()
    with_one = consent_data(plan, [world.social], guardians=[str(one.pk)], child_consents="on")
    assert client.post(url("record", plan), with_one).status_code == 302

    first, second = Consent.objects.order_by("pk")
    assert first.parties.count() == 1
    assert {p.guardian for p in second.parties.all()} == {None, one}


# --- Under 15: the representatives, and the staff's assessment ----------------------------
def test_a_child_under_15_who_consents_too_needs_the_assessment_of_age_and_maturity(login, world):
    plan = make_plan(world, child_of(world, 12))
    client = login(world.teacher)
    data = consent_data(plan, [world.social], child_consents="on")

    refused = client.post(url("record", plan), data)

    assert list(refused.context["form"].errors) == ["maturity_assessment"]
    assert "skriv din bedömning av barnets ålder och mognad" in refused.content.decode()
    assert not Consent.objects.exists()
    data["maturity_assessment"] = "Vera förstår vad en SIP är och vill att skolan och BUP pratar."
    assert client.post(url("record", plan), data).status_code == 302
    listed = client.get(url("list", plan)).content.decode()
    assert "Bedömning av barnets ålder och mognad" in listed
    assert "Vera förstår vad en SIP är" in listed


def test_the_assessment_is_not_asked_from_15(login, world):
    plan = make_plan(world, child_of(world, 15))

    form = login(world.teacher).get(url("record", plan)).context["form"]

    assert "maturity_assessment" not in form.fields


def test_a_child_under_15_with_nobody_to_consent_is_refused_with_what_to_do(login, world):
    plan = make_plan(world, child_of(world, 12, guardians=0))
    client = login(world.teacher)

    page = client.get(url("record", plan)).content.decode()
    assert "kan inte samtycka ensamt" in page
    assert "god man som överförmyndaren utser" in page
    assert 'name="child_consents"' not in page  # no form that cannot succeed

    data = consent_data(plan, [world.social], child_consents="on", maturity_assessment="Mogen.")
    response = client.post(url("record", plan), data)

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["__all__"]
    assert "kontakta överförmyndaren" in response.content.decode()
    assert not Consent.objects.exists()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


# --- The database keeps one person per party --------------------------------------------
def test_a_party_is_exactly_one_person(world):
    child = make_unaccompanied_child(world)
    guardian = make_guardian(child)
    consent = make_consent(make_plan(world, child), [world.social])
    trustee = child.trustees.get()

    for fields in [
        {"is_child": True, "trustee": trustee},
        {"guardian": guardian, "trustee": trustee},
        {},
    ]:
        with pytest.raises(IntegrityError), transaction.atomic():
            ConsentParty.objects.create(consent=consent, **fields)
    ConsentParty.objects.create(consent=consent, trustee=trustee)
