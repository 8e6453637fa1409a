from datetime import date, timedelta

import pytest
from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from samordna.audit.models import AccessLog, Action
from samordna.consents import services
from samordna.consents.models import Consent, Withdrawal
from samordna.consents.tests.helpers import (
    days,
    make_consent,
    make_plan,
    url,
    whole_withdrawal,
    withdrawal_data,
)
from samordna.core.refusals import Refused
from samordna.meetings.models import Meeting
from samordna.notifications.models import Notification
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans.models import ClosureReason, Status


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
    assert list(form.fields) == ["party", "how", "withdrawn_on", "confirmed"]


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

    response = login(world.social_worker).post(
        url("withdraw", plan, consent), withdrawal_data(consent)
    )

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
        "Återkallat av Jonas Sagström (vårdnadshavare)",
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
    data = {**whole_withdrawal(consent), "confirmed": ""}

    response = login(world.teacher).post(url("withdraw", plan, consent), data)

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "consents/withdraw_confirm.html"
    assert list(response.context["form"].errors) == ["confirmed"]
    assert "Kryssa i rutan" in response.content.decode()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    plan.refresh_from_db()
    assert not plan.is_closed


def test_a_unit_taking_itself_out_needs_no_confirmation(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    data = withdrawal_data(consent, units=[str(world.bup.pk)])
    response = login(world.psychologist).post(url("withdraw", plan, consent), data)

    assert response.status_code == 302
    assert not consent.covers(world.bup)


def test_the_confirmation_says_the_sip_stays_open_when_another_consent_remains(login, world, plan):
    consent = make_consent(plan, [world.social])
    make_consent(plan, [world.social])

    response = login(world.teacher).post(url("withdraw", plan, consent), withdrawal_data(consent))

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
            url("withdraw", plan, consent), whole_withdrawal(consent)
        )

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    withdrawal = consent.withdrawals.get()
    assert withdrawal.party.guardian.given_name == "Jonas"
    assert (withdrawal.how, withdrawal.withdrawn_on) == ("phone", days(0))
    assert (withdrawal.recorded_by, withdrawal.recorded_by_unit) == (
        world.social_worker,
        world.social,
    )
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

    response = login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal(consent))

    assert response["Location"] == url("list", plan)


def test_the_sip_stays_open_while_another_valid_consent_remains(login, world, plan):
    consent = make_consent(plan, [world.social])
    make_consent(plan, [world.social])

    login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal(consent))

    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_it_takes_some_units_out_and_keeps_the_sip(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    data = withdrawal_data(consent, confirmed=True, units=[str(world.bup.pk)])
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

    data = withdrawal_data(consent, confirmed=True, principals=[str(world.region.pk)])
    login(world.teacher).post(url("withdraw", plan, consent), data)

    assert not consent.covers(world.bup)
    assert consent.covers(world.social)


def test_it_will_not_take_out_every_unit_as_a_partial_withdrawal(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])

    data = withdrawal_data(consent, units=[str(world.social.pk), str(world.bup.pk)])
    response = login(world.teacher).post(url("withdraw", plan, consent), data)

    assert list(response.context["form"].errors) == ["__all__"]
    assert consent.units.count() == 2


def test_it_requires_who_withdrew_how_and_when(login, world, plan):
    consent = make_consent(plan, [world.social])

    response = login(world.teacher).post(url("withdraw", plan, consent), {"party": ""})

    assert list(response.context["form"].errors) == ["party", "how", "withdrawn_on"]
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_a_withdrawn_consent_cannot_be_withdrawn_again(login, world, plan):
    consent = make_consent(plan, [world.social])
    client = login(world.teacher)
    client.post(url("withdraw", plan, consent), whole_withdrawal(consent))
    consent.refresh_from_db()
    first = consent.withdrawn_at

    assert client.get(url("withdraw", plan, consent)).status_code == 404
    again = client.post(url("withdraw", plan, consent), whole_withdrawal(consent))
    assert again.status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at == first
    assert not plan.consents.valid().exists()
    assert not consent.is_valid_on(days(0))


def test_the_service_refuses_a_withdrawal_already_made(world, plan):
    consent = make_consent(plan, [world.social])
    stale = Consent.objects.get(pk=consent.pk)
    request = RequestFactory().post("/")
    request.user, request.acting_unit = world.teacher, world.school
    first, second = consent.parties.order_by("pk")
    services.withdraw_consent(request, consent, party=first, how="phone", withdrawn_on=days(0))

    with pytest.raises(Refused):
        services.withdraw_consent(request, stale, party=second, how="phone", withdrawn_on=days(0))

    assert consent.withdrawals.get().party == first


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

    data = withdrawal_data(consent, confirmed=True, units=[str(world.social.pk)])
    login(world.teacher).post(url("withdraw", plan, consent), data)

    plan.refresh_from_db()
    assert (plan.coordinator, plan.coordinator_unit) == (None, None)
    assert login(world.teacher).get(url("record", plan)).status_code == 200


def test_a_coordinator_still_covered_keeps_the_plan(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()

    data = withdrawal_data(consent, confirmed=True, units=[str(world.bup.pk)])
    login(world.teacher).post(url("withdraw", plan, consent), data)

    plan.refresh_from_db()
    assert plan.coordinator_unit == world.social


# --- Who withdrew, and taking out another unit (issue 14 §10) -------------------------------
def swedish_day(day) -> str:
    with translation.override("sv"):
        return date_format(day, "j F Y")


def test_who_withdrew_is_one_of_those_who_consented(login, world, plan):
    consent = make_consent(plan, [world.social])
    other_plan = make_plan(world, child=make_child(world.school, given_name="Ella"))
    number = fictional_number(date(1980, 5, 6), 993)
    make_guardian(other_plan.child, given_name="Mormor", family_name="Sagström", number=number)
    other = make_consent(other_plan, [world.social])
    client = login(world.teacher)

    form = client.get(url("withdraw", plan, consent)).context["form"]
    choices = [label for _value, label in form.fields["party"].choices]

    assert choices == ["Jonas Sagström (vårdnadshavare)", "Karin Sagström (vårdnadshavare)"]
    for made_up in ["Mormor Sagström", str(other.parties.first().pk), ""]:
        data = withdrawal_data(consent, confirmed=True, party=made_up)
        response = client.post(url("withdraw", plan, consent), data)
        assert list(response.context["form"].errors) == ["party"]
    assert not Withdrawal.objects.exists()
    consent.refresh_from_db()
    assert consent.withdrawn_at is None


def test_the_date_is_neither_in_the_future_nor_before_the_consent(login, world, plan):
    consent = make_consent(plan, [world.social], given_on=days(-10))
    client = login(world.teacher)

    for day in [days(1), days(-11)]:
        data = withdrawal_data(consent, confirmed=True, withdrawn_on=day.isoformat())
        response = client.post(url("withdraw", plan, consent), data)
        assert list(response.context["form"].errors) == ["withdrawn_on"]
    assert not Withdrawal.objects.exists()


def test_taking_out_another_unit_asks_to_confirm_and_names_it(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])
    client = login(world.teacher)

    response = client.post(
        url("withdraw", plan, consent), withdrawal_data(consent, units=[world.bup.pk])
    )

    assert [t.name for t in response.templates][0] == "consents/withdraw_confirm.html"
    body = response.content.decode()
    for text in [
        "Bekräfta: ta bort enheter ur samtycket",
        "De här lämnar samtycket:",
        "<li>BUP Testland</li>",
        "kan deras personal redan på nästa sida de öppnar inte längre se barnet eller planen",
        "Återkallat av Jonas Sagström (vårdnadshavare)",
        "Ja, ta bort dem ur samtycket",
    ]:
        assert text in body
    assert consent.covers(world.bup)

    unticked = {**withdrawal_data(consent, confirmed=True, units=[world.bup.pk]), "confirmed": ""}
    refused = client.post(url("withdraw", plan, consent), unticked)
    assert list(refused.context["form"].errors) == ["confirmed"]
    assert consent.covers(world.bup)

    data = withdrawal_data(consent, confirmed=True, units=[world.bup.pk])
    assert client.post(url("withdraw", plan, consent), data).status_code == 302
    assert not consent.covers(world.bup)


def test_the_coordinator_is_told_who_withdrew_for_which_unit(
    login, world, plan, django_capture_on_commit_callbacks
):
    consent = make_consent(plan, [world.social, world.bup])
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()
    client = login(world.teacher)

    confirm = client.post(
        url("withdraw", plan, consent), withdrawal_data(consent, units=[world.social.pk])
    )
    body = confirm.content.decode()
    assert "Samordnaren arbetar där: om inget annat giltigt samtycke omfattar enheten" in body
    assert "Samordnaren, Soc Testsson, får besked om vad som återkallades och av vem." in body

    data = withdrawal_data(consent, confirmed=True, units=[world.social.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("withdraw", plan, consent), data)

    told = Notification.objects.get(user=world.social_worker)
    assert told.text == (
        "Testskolan har dokumenterat att en vårdnadshavare har återkallat samtycket för "
        f"Socialtjänsten Testby (per telefon, {swedish_day(days(0))}) i en SIP som du är "
        "samordnare för. De kan inte längre se planen."
    )
    assert told.kind == "consent_withdrawn"
    mailed = [m for m in mail.outbox if m.to == [world.social_worker.email]]
    assert [m.subject for m in mailed] == ["Samtycke återkallat i en SIP som du är samordnare för"]
    for secret in ["Nora", "Sagström", plan.child.identity_number]:
        assert secret not in told.text and secret not in mailed[0].body


def test_the_consent_list_shows_who_withdrew_how_and_when(login, world, plan):
    consent = make_consent(plan, [world.social, world.bup])
    client = login(world.teacher)
    client.post(
        url("withdraw", plan, consent),
        withdrawal_data(consent, confirmed=True, units=[world.bup.pk], how="in_writing"),
    )

    body = client.get(url("list", plan)).content.decode()

    assert (
        f"För BUP Testland: återkallat av Jonas Sagström (vårdnadshavare) "
        f"{swedish_day(days(0))} (skriftligt)." in " ".join(body.split())
    )
    assert "Dokumenterat av Larare Testsson, Testskolan." in body


def test_a_withdrawal_recorded_as_free_text_before_keeps_its_text(login, world, plan):
    consent = make_consent(plan, [world.social])
    Consent.objects.filter(pk=consent.pk).update(
        withdrawn_at=timezone.now(), withdrawn_by_legacy="Karin, per telefon till mentorn"
    )

    body = login(world.teacher).get(url("list", plan)).content.decode()

    assert f"Återkallat {swedish_day(days(0))} av Karin, per telefon till mentorn." in body
