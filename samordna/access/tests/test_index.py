"""The access index follows every change to its sources, in the same transaction, and
`visible_to` reads it: registration, consent given, widened, narrowed, withdrawn, expired
by date, a unit created or moved, a plan closed."""

from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from samordna.access.models import ChildAccess, Reason
from samordna.consents.models import Consent
from samordna.consents.tests.helpers import consent_data, url, whole_withdrawal, withdrawal_data
from samordna.organisations.models import Principal, Unit
from samordna.people.models import Child
from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.models import ClosureReason, Plan, Status
from samordna.plans.tests.factories import give_consent, make_plan


def sees(user, unit, child) -> bool:
    return Child.objects.visible_to(user, unit).filter(pk=child.pk).exists()


@pytest.fixture
def child(world):
    child = make_child(world.school, given_name="Nora", family_name="Indexsson")
    make_guardian(child, given_name="Karin", family_name="Indexsson")
    return child


@pytest.fixture
def plan(world, child):
    return make_plan(child, world.school, world.teacher, status=Status.ACTIVE)


def test_registration_gives_the_registering_unit_a_row(world, child):
    row = ChildAccess.objects.get(child=child)
    assert (row.unit, row.reason, row.consent, row.ended_at) == (
        world.school,
        Reason.REGISTERED,
        None,
        None,
    )
    assert sees(world.teacher, world.school, child)
    assert not sees(world.social_worker, world.social, child)


@pytest.mark.parametrize("how", ["save", "queryset update"])
def test_a_new_registering_unit_takes_over_and_the_old_row_ends(world, child, how):
    if how == "save":
        child.registered_by_unit = world.social
        child.save()
    else:
        Child.objects.filter(pk=child.pk).update(registered_by_unit=world.social)

    assert sees(world.social_worker, world.social, child)
    assert not sees(world.teacher, world.school, child)
    ended = ChildAccess.objects.get(child=child, unit=world.school)
    assert ended.ended_at is not None  # kept: the school's earlier reads had a reason


def test_consent_given_through_the_page_opens_the_child(login, world, plan):
    assert not sees(world.social_worker, world.social, plan.child)

    login(world.teacher).post(url("record", plan), consent_data(plan, [world.social]))

    assert sees(world.social_worker, world.social, plan.child)
    consent = Consent.objects.get()
    row = ChildAccess.objects.get(unit=world.social)
    assert (row.reason, row.consent, row.valid_from, row.valid_until, row.ended_at) == (
        Reason.CONSENT,
        consent,
        consent.given_on,
        None,
        None,
    )


def test_a_widened_consent_opens_and_a_narrowed_one_closes(world, plan):
    consent = give_consent(plan, world.social, documented_by=world.teacher)
    assert not sees(world.psychologist, world.bup, plan.child)

    consent.units.add(world.bup)
    assert sees(world.psychologist, world.bup, plan.child)

    consent.units.remove(world.bup)
    assert not sees(world.psychologist, world.bup, plan.child)
    assert ChildAccess.objects.get(unit=world.bup).ended_at is not None

    consent.units.clear()
    assert not sees(world.social_worker, world.social, plan.child)


def test_withdrawing_one_unit_through_the_page_closes_it_alone(login, world, plan):
    consent = give_consent(plan, world.social, world.bup, documented_by=world.teacher)

    data = withdrawal_data(consent, units=[str(world.bup.pk)], confirmed=True)
    login(world.teacher).post(url("withdraw", plan, consent), data)

    assert not sees(world.psychologist, world.bup, plan.child)
    assert sees(world.social_worker, world.social, plan.child)


def test_a_whole_withdrawal_ends_the_rows_at_its_moment(login, world, plan):
    consent = give_consent(plan, world.social, documented_by=world.teacher)

    login(world.teacher).post(url("withdraw", plan, consent), whole_withdrawal(consent))

    consent.refresh_from_db()
    assert not sees(world.social_worker, world.social, plan.child)
    assert ChildAccess.objects.get(unit=world.social).ended_at == consent.withdrawn_at
    assert sees(world.teacher, world.school, plan.child)


def test_a_withdrawal_by_queryset_update_ends_the_rows(world, plan):
    give_consent(plan, world.social, documented_by=world.teacher)

    plan.consents.update(withdrawn_at=timezone.now())

    assert not sees(world.social_worker, world.social, plan.child)


def test_a_deleted_consent_takes_its_rows_along(world, plan):
    give_consent(plan, world.social, documented_by=world.teacher)

    plan.consents.all().delete()

    assert not sees(world.social_worker, world.social, plan.child)
    assert not ChildAccess.objects.filter(unit=world.social).exists()


def test_a_consent_expires_by_date_without_a_write(world, plan):
    today = timezone.localdate()
    consent = give_consent(plan, world.social, documented_by=world.teacher)
    Consent.objects.filter(pk=consent.pk).update(valid_until=today + timedelta(days=1))
    rows = list(ChildAccess.objects.values())

    with time_machine.travel(today + timedelta(days=1, hours=12)):
        assert sees(world.social_worker, world.social, plan.child)
    with time_machine.travel(today + timedelta(days=2, hours=12)):
        assert not sees(world.social_worker, world.social, plan.child)

    assert list(ChildAccess.objects.values()) == rows


def test_a_consent_given_from_a_later_day_opens_on_that_day(world, plan):
    later = timezone.localdate() + timedelta(days=3)
    give_consent(plan, world.social, documented_by=world.teacher, given_on=later)

    assert not sees(world.social_worker, world.social, plan.child)
    with time_machine.travel(later + timedelta(hours=12)):
        assert sees(world.social_worker, world.social, plan.child)


def test_a_principal_covers_its_units_also_those_created_or_moved_in_later(world, plan):
    consent = give_consent(plan, documented_by=world.teacher)
    consent.principals.add(world.region)
    assert sees(world.psychologist, world.bup, plan.child)

    habilitation = Unit.objects.create(
        principal=world.region, name="Habiliteringen Testland", kind=Unit.Kind.HABILITATION
    )
    assert ChildAccess.objects.on().filter(unit=habilitation, child=plan.child).exists()

    elsewhere = Principal.objects.create(
        name="Annanby kommun", kind=Principal.Kind.MUNICIPAL, organisation_number="2129990020"
    )
    world.bup.principal = elsewhere
    world.bup.save()
    assert not sees(world.psychologist, world.bup, plan.child)

    world.social.principal = world.region
    world.social.save()
    assert sees(world.social_worker, world.social, plan.child)


def test_closing_a_plan_keeps_access_as_today(world, plan):
    """Decision 13's open question: closure for a reason other than withdrawn consent keeps
    the consent, and so the units' access to the closed plan."""
    give_consent(plan, world.social, documented_by=world.teacher)

    plan.status, plan.closed_at = Status.CLOSED, timezone.now()
    plan.closure_reason = ClosureReason.NO_JOINT_NEEDS
    plan.save()

    assert sees(world.social_worker, world.social, plan.child)


def test_a_refused_change_writes_no_rows(world, plan):
    """The rows are written in the transaction of the change: rolled back with it."""
    with pytest.raises(RuntimeError), transaction.atomic():
        give_consent(plan, world.social, documented_by=world.teacher)
        raise RuntimeError

    assert not ChildAccess.objects.filter(unit=world.social).exists()
    assert not sees(world.social_worker, world.social, plan.child)


def test_the_plan_list_follows_the_index(world, plan):
    consent = give_consent(plan, world.social, documented_by=world.teacher)
    assert list(Plan.objects.visible_to(world.social_worker, world.social)) == [plan]

    consent.units.remove(world.social)
    assert not Plan.objects.visible_to(world.social_worker, world.social).exists()
