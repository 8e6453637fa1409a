from django.db import connection
from django.test.utils import CaptureQueriesContext

from samordna.consents.models import Consent
from samordna.consents.tests.helpers import PDF, days, make_consent, url, whole_withdrawal
from samordna.people.tests.helpers import client_for


def test_it_shows_each_consent_with_its_state(login, world, plan):
    valid = make_consent(plan, [world.social], document=PDF)
    expired = make_consent(plan, [world.social], given_on=days(-40), valid_until=days(-1))
    withdrawn = make_consent(plan, [world.social])
    login(world.teacher).post(url("withdraw", plan, withdrawn), whole_withdrawal(withdrawn))

    response = login(world.teacher).get(url("list", plan))

    assert response.status_code == 200
    states = {consent.pk: consent.state for consent in response.context["consents"]}
    assert states == {
        valid.pk: Consent.State.VALID,
        expired.pk: Consent.State.EXPIRED,
        withdrawn.pk: Consent.State.WITHDRAWN,
    }
    body = response.content.decode()
    assert url("document", plan, valid) in body
    assert url("withdraw", plan, valid) in body
    assert url("withdraw", plan, expired) not in body
    assert url("withdraw", plan, withdrawn) not in body
    assert url("document", plan, expired) not in body


def test_it_offers_recording_and_printing_to_the_leading_unit_only(login, world, plan):
    make_consent(plan, [world.social])

    lead = login(world.teacher).get(url("list", plan))
    other = client_for(world.social_worker).get(url("list", plan))

    assert lead.context["may_lead"] and not other.context["may_lead"]
    for link in (url("record", plan), url("form_pdf", plan)):
        assert link in lead.content.decode()
        assert link not in other.content.decode()


def test_it_shows_who_consented_and_the_scope(login, world, plan):
    consent = make_consent(plan, [world.social], principals=[world.region])
    consent.parties.create(is_child=True)

    body = login(world.teacher).get(url("list", plan)).content.decode()

    for text in ["Karin Sagström", "Jonas Sagström", "Socialtjänsten Testby", "Region Testland"]:
        assert text in body


def test_it_reads_the_consents_in_a_fixed_number_of_queries(
    login, world, plan, django_assert_num_queries
):
    client = login(world.teacher)
    make_consent(plan, [world.social])
    client.get(url("list", plan))
    with CaptureQueriesContext(connection) as one:
        client.get(url("list", plan))

    for _ in range(3):
        make_consent(plan, [world.social, world.bup], principals=[world.region], document=PDF)
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url("list", plan))


def test_it_answers_with_an_empty_list_before_any_consent(login, world, plan):
    response = login(world.teacher).get(url("list", plan))

    assert response.status_code == 200
    assert list(response.context["consents"]) == []


def test_it_refuses_other_methods(login, world, plan):
    assert login(world.teacher).post(url("list", plan)).status_code == 405
