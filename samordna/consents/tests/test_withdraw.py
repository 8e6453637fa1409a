from datetime import timedelta

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from samordna.audit.models import AccessLog, Action
from samordna.consents import services
from samordna.consents.models import Consent
from samordna.consents.tests.helpers import days, make_consent, url, whole_withdrawal
from samordna.core.refusals import Refused
from samordna.meetings.models import Meeting
from samordna.plans.models import ClosureReason, Status


def withdrawal(**fields) -> dict:
    return {"withdrawn_by": "Karin, per telefon till mentorn", **fields}


def test_it_states_the_consequence_before_anything_changes(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    response = login(world.social_worker).get(url("withdraw", plan, consent))

    assert response.status_code == 200
    assert response.context["consent"] == consent
    assert set(response.context["form"].fields["units"].queryset) == {world.social, world.bup}
    assert "principals" not in response.context["form"].fields
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_it_offers_only_the_whole_withdrawal_for_a_single_unit(login, world, plan):
    consent = make_consent(plan, [world.social])

    form = login(world.teacher).get(url("withdraw", plan, consent)).context["form"]

    assert not form.offers_partial
    assert list(form.fields) == ["withdrawn_by", "confirmed"]


def test_it_asks_to_confirm_before_withdrawing_the_whole_consent(login, world, plan):
    consent = make_consent(plan, [world.social])
    plan.status = Status.BOOKED
    plan.save()
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=timezone.now() + timedelta(days=20),
        place="Testskolan, konferensrummet",
        unit=world.school,
        booked_by=world.teacher,
    )

    response = login(world.social_worker).post(url("withdraw", plan, consent), withdrawal())

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "consents/withdraw_confirm.html"
    body = response.content.decode()
    for text in [
        "SIP:en avslutas",
        "Bokade möten ställs in",
        "Testskolan, konferensrummet",
        "Varje enhet som deltar får besked",
        "Socialtjänsten Testby",
        'name="confirmed"',
        'value="Karin, per telefon till mentorn"',
    ]:
        assert text in body
    assert meeting.pk  # listed, not touched: cancelling belongs to the meetings app
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    plan.refresh_from_db()
    assert plan.status == Status.BOOKED
    assert not mail.outbox


def test_it_refuses_the_confirmation_step_without_the_box_ticked(login, world, plan):
    consent = make_consent(plan, [world.social])
    data = {**whole_withdrawal(), "confirmed": ""}

    response = login(world.teacher).post(url("withdraw", plan, consent), data)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "consents/withdraw_confirm.html"
    assert list(response.context["form"].errors) == ["confirmed"]
    assert "Kryssa i rutan" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    plan.refresh_from_db()
    assert not plan.is_closed


def test_a_partial_withdrawal_needs_no_confirmation(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    data = withdrawal(units=[str(world.bup.pk)])
    response = login(world.teacher).post(url("withdraw", plan, consent), data)

    assert response.status_code == 302
    assert not consent.covers(world.bup)


def test_the_confirmation_says_the_sip_stays_open_when_another_consent_remains(login, world, plan):
    consent = make_consent(plan, [world.social])
    make_consent(plan, [world.social])

    response = login(world.teacher).post(url("withdraw", plan, consent), withdrawal())

    body = response.content.decode()
    assert "SIP:en fortsätter" in body
    assert "SIP:en avslutas" not in body
    assert response.context["form"].fields["confirmed"].label == "Ja, dra tillbaka hela samtycket"


def test_it_withdraws_the_whole_consent_and_closes_the_sip(
    login, world, plan, django_capture_on_commit_callbacks
):
    world.social.functional_mailbox = "soc@testby.example"
    world.social.save()
    consent = make_consent(plan, [world.social])
    plan.status = Status.CONSENT
    plan.save()

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.social_worker).post(
            url("withdraw", plan, consent), whole_withdrawal()
        )

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert consent.withdrawn_by == "Karin, per telefon till mentorn"
    assert not Consent.objects.valid().exists()
    plan.refresh_from_db()
    assert plan.status == Status.CLOSED
    assert plan.closure_reason == ClosureReason.CONSENT_WITHDRAWN
    # The social services unit no longer takes part: it is sent away from the plan.
    assert response["Location"] == reverse("people:child_list")
    assert AccessLog.objects.filter(
        object_type="consents.consent", object_id=str(consent.pk), action=Action.UPDATE
    ).exists()

    recipients = {address for message in mail.outbox for address in message.to}
    assert recipients == {
        world.teacher.email,
        world.school_head.email,
        world.social.functional_mailbox,
    }
    child = plan.child
    secrets = [child.given_name, child.family_name, child.identity_number, child.street_address]
    secrets += [child.formatted_identity_number, child.identity_number[2:8]]
    for message in mail.outbox:
        for secret in secrets:
            assert secret not in message.subject
            assert secret not in message.body


def test_the_initiating_unit_returns_to_the_consent_list(login, world, plan):
    consent = make_consent(plan, [world.social])

    response = login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal())

    assert response["Location"] == url("list", plan)


def test_the_sip_stays_open_while_another_valid_consent_remains(login, world, plan):
    consent = make_consent(plan, [world.social])
    make_consent(plan, [world.social])

    login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal())

    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_it_takes_some_units_out_and_keeps_the_sip(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    data = withdrawal(units=[str(world.bup.pk)])
    response = login(world.teacher).post(url("withdraw", plan, consent), data)

    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert list(consent.units.all()) == [world.social]
    assert not consent.covers(world.bup)
    plan.refresh_from_db()
    assert not plan.is_closed


def test_it_takes_a_principal_out(login, world, plan):
    consent = make_consent(plan, [world.social], principals=[world.region])

    data = withdrawal(principals=[str(world.region.pk)])
    login(world.teacher).post(url("withdraw", plan, consent), data)

    assert not consent.covers(world.bup)
    assert consent.covers(world.social)


def test_it_will_not_take_out_every_unit_as_a_partial_withdrawal(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    data = withdrawal(units=[str(world.social.pk), str(world.bup.pk)])
    response = login(world.teacher).post(url("withdraw", plan, consent), data)

    assert list(response.context["form"].errors) == ["__all__"]
    assert consent.units.count() == 2


def test_it_requires_who_withdrew(login, world, plan):
    consent = make_consent(plan, [world.social])

    response = login(world.teacher).post(url("withdraw", plan, consent), {"withdrawn_by": ""})

    assert list(response.context["form"].errors) == ["withdrawn_by"]
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_withdrawn_consent_cannot_be_withdrawn_again(login, world, plan):
    consent = make_consent(plan, [world.social])
    client = login(world.teacher)
    client.post(url("withdraw", plan, consent), whole_withdrawal())
    consent.refresh_from_db()
    first = consent.withdrawn_at

    assert client.get(url("withdraw", plan, consent)).status_code == 404
    assert client.post(url("withdraw", plan, consent), whole_withdrawal()).status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at == first
    assert not plan.consents.valid().exists()
    assert not consent.is_valid_on(days(0))


def test_the_service_refuses_a_withdrawal_already_made(world, plan):
    consent = make_consent(plan, [world.social])
    stale = Consent.objects.get(pk=consent.pk)
    request = RequestFactory().post("/")
    request.user, request.acting_unit = world.teacher, world.school
    services.withdraw_consent(request, consent, withdrawn_by="Karin")

    with pytest.raises(Refused):
        services.withdraw_consent(request, stale, withdrawn_by="Jonas")

    consent.refresh_from_db()
    assert consent.withdrawn_by == "Karin"


def test_an_expired_consent_cannot_be_withdrawn(login, world, plan):
    consent = make_consent(plan, [world.social], given_on=days(-30), valid_until=days(-1))

    assert login(world.teacher).get(url("withdraw", plan, consent)).status_code == 404


def test_it_refuses_other_methods(login, world, plan):
    consent = make_consent(plan, [world.social])

    assert login(world.teacher).delete(url("withdraw", plan, consent)).status_code == 405


def test_the_initiating_unit_leads_again_when_the_coordinators_unit_leaves(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()

    data = withdrawal(units=[str(world.social.pk)])
    login(world.teacher).post(url("withdraw", plan, consent), data)

    plan.refresh_from_db()
    assert (plan.coordinator, plan.coordinator_unit) == (None, None)
    assert login(world.teacher).get(url("record", plan)).status_code == 200


def test_a_coordinator_still_covered_keeps_the_plan(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()

    login(world.teacher).post(url("withdraw", plan, consent), withdrawal(units=[str(world.bup.pk)]))

    plan.refresh_from_db()
    assert plan.coordinator_unit == world.social
