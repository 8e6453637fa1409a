"""generate_region: a fictional region, the same for the same seed, shaped as the product
expects, and only ever in an empty database."""

import hashlib
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.utils import timezone, translation

from samordna.accounts.models import Membership, Role, User
from samordna.audit.models import AccessLog
from samordna.consents.models import Consent
from samordna.core.demo import region
from samordna.meetings.models import Meeting
from samordna.organisations.models import Principal, Unit
from samordna.people import identity
from samordna.people.models import Child, Guardian
from samordna.plans.models import Measure, Plan, PlanVersion, Status

TODAY = date(2026, 3, 2)
N = 200


def version_contents():
    """The approved versions' content without the units' ids, which PostgreSQL's sequences
    make anew after a rollback."""
    for content in PlanVersion.objects.values_list("content", flat=True):
        for measure in content["measures"]:
            del measure["kept_by_id"]
        yield content


def fingerprint() -> str:
    """Everything generated, by natural keys (and the goals' and measures' ids)."""
    parts = [
        sorted(Unit.objects.values_list("principal__board", "principal__name", "name", "kind")),
        sorted(Membership.objects.values_list("user__email", "unit__name", "role")),
        sorted(
            Child.objects.values_list(
                "identity_number",
                "given_name",
                "family_name",
                "registered_by_unit__name",
                "registered_at",
                "street_address",
                "protected_identity",
            )
        ),  # fmt: skip
        sorted(Guardian.objects.values_list("children__identity_number", "identity_number")),
        sorted(
            Plan.objects.values_list(
                "child__identity_number",
                "status",
                "kind",
                "created_at",
                "closed_at",
                "closure_reason",
                "coordinator__email",
                "next_follow_up",
            )
        ),  # fmt: skip
        sorted(
            Consent.objects.values_list(
                "plan__child__identity_number",
                "given_on",
                "valid_until",
                "withdrawn_at",
                "units__name",
                "principals__name",
            ),
            key=repr,
        ),  # fmt: skip
        sorted(
            Meeting.objects.values_list(
                "plan__child__identity_number",
                "starts_at",
                "status",
                "kind",
                "uid",
                "participants__kind",
                "participants__attendance",
            ),
            key=repr,
        ),  # fmt: skip
        sorted(json.dumps(content, sort_keys=True) for content in version_contents()),
        sorted(
            AccessLog.objects.values_list(
                "child__identity_number", "at", "acting_unit__name", "user__email", "action"
            )
        ),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def generate_and_fingerprint(seed: int) -> str:
    with transaction.atomic():
        region.generate(N, seed, today=TODAY)
        digest = fingerprint()
        transaction.set_rollback(True)
    return digest


def test_the_same_seed_and_day_give_the_same_region_and_another_seed_another(db):
    first = generate_and_fingerprint(7)
    assert Child.objects.count() == 0
    assert generate_and_fingerprint(7) == first
    assert generate_and_fingerprint(8) != first


@pytest.fixture
def generated(db):
    region.generate(N, 3, today=timezone.localdate())


def test_each_board_is_its_own_principal_and_the_region_has_its_health_units(generated):
    municipal = Principal.objects.filter(kind=Principal.Kind.MUNICIPAL)
    assert municipal.count() >= 4 and all(p.board for p in municipal)
    for name in {p.name for p in municipal}:
        school = municipal.get(name=name, board="Barn- och utbildningsnämnden")
        social = municipal.get(name=name, board="Socialnämnden")
        assert school.organisation_number == social.organisation_number
        school_kinds = set(school.units.values_list("kind", flat=True))
        assert {"preschool", "compulsory_school", "upper_secondary", "pupil_health"} <= school_kinds
        assert set(social.units.values_list("kind", flat=True)) == {"social_services"}
    health = Principal.objects.get(kind=Principal.Kind.REGION)
    assert {"camhs", "habilitation", "primary_care"} <= set(
        health.units.values_list("kind", flat=True)
    )
    home = Unit.objects.get(kind=Unit.Kind.RESIDENTIAL_CARE).principal
    assert home.contracted_by.board == "Socialnämnden"
    for unit in Unit.objects.all():
        assert unit.memberships.filter(role=Role.CASEWORKER).exists(), unit
    assert all(email.endswith(".example") for email in User.objects.values_list("email", flat=True))


def test_children_families_and_numbers_are_fictional_and_valid(generated):
    assert Child.objects.count() == N
    numbers = [*Child.objects.values_list("identity_number", flat=True)]
    numbers += Guardian.objects.values_list("identity_number", flat=True)
    for number in numbers:
        assert identity.normalise(number).value == number  # checksum, date
        assert 980 <= int(number[8:11]) <= 999  # Skatteverket's test series
    for child in Child.objects.prefetch_related("guardians", "trustees"):
        assert child.guardians.all() or child.trustees.all(), child
        assert (timezone.localdate() - child.birth_date).days < 18 * 365
    assert Guardian.objects.filter(guardianships__child__isnull=False).count() > 0
    siblings = [g for g in Guardian.objects.prefetch_related("children") if g.children.count() > 1]
    assert siblings


def test_a_fifth_of_the_children_have_a_sip_in_every_state_and_the_sips_hold_together(
    generated,
):
    today = timezone.localdate()
    assert Child.objects.filter(plans__isnull=False).distinct().count() == N // 5
    plans = Plan.objects.select_related("child")
    assert set(plans.values_list("status", flat=True)) == set(Status.values)
    assert plans.filter(status=Status.CLOSED, child__plans__status=Status.ACTIVE).exists()
    for plan in plans.exclude(status__in=[Status.DRAFT, Status.CLOSED]):
        valid = plan.consents.valid(today)
        assert valid.exists(), plan
        assert any(c.units.exists() or c.principals.exists() for c in valid), plan
        assert plan.consents.first().parties.exists(), plan
    for plan in plans.filter(status=Status.BOOKED):
        assert plan.meetings.filter(status="booked", starts_at__date__gte=today).exists()
    with translation.override("sv"):
        swedish = {str(label) for label in Measure.Status.labels}
    assert "Ongoing" not in swedish
    for plan in plans.filter(status__in=[Status.ACTIVE, Status.CLOSED]):
        assert plan.meetings.filter(status="held").exists(), plan
        assert plan.versions.exists() and plan.coordinator_id and plan.measures.exists()
        version = plan.versions.last()
        assert version.meeting.plan_id == plan.pk
        assert version.content["measures"][0]["status"] in swedish  # as every version
    for plan in plans.filter(status=Status.CLOSED):
        assert plan.closure_reason and plan.closed_at.date() < today
    assert AccessLog.objects.count() == 10 * N
    assert not AccessLog.objects.filter(at__gt=timezone.now() + timezone.timedelta(days=1))


def covered(consent: Consent, unit: Unit, today) -> bool:
    """The consent rule written out again, as the test's own oracle."""
    valid = (
        consent.withdrawn_at is None
        and consent.given_on <= today
        and (consent.valid_until is None or consent.valid_until >= today)
    )
    units = {u.pk for u in consent.units.all()}
    principals = {p.pk for p in consent.principals.all()}
    return valid and (unit.pk in units or unit.principal_id in principals)


def test_the_access_rule_on_the_region_a_unit_sees_its_own_and_its_consented(
    generated, client, login
):
    today = timezone.localdate()
    consents = list(Consent.objects.select_related("plan").prefetch_related("units", "principals"))
    seen_by_consent_only = 0
    for unit in Unit.objects.filter(kind__in=[Unit.Kind.SOCIAL_SERVICES, Unit.Kind.CAMHS]):
        user = unit.memberships.filter(role=Role.CASEWORKER).first().user
        own = set(Child.objects.filter(registered_by_unit=unit).values_list("pk", flat=True))
        consented = {c.plan.child_id for c in consents if covered(c, unit, today)}
        visible = set(Child.objects.visible_to(user, unit).values_list("pk", flat=True))
        assert visible == own | consented, unit
        assert len(visible) < N
        seen_by_consent_only += len(consented - own)
    assert seen_by_consent_only > 0

    # Through the pages: the child page for the unit's own, for one it takes part in under a
    # consent, and a 404 for a child of the region it has nothing to do with.
    unit = max(
        Unit.objects.filter(kind=Unit.Kind.SOCIAL_SERVICES),
        key=lambda u: sum(covered(c, u, today) for c in consents),
    )
    login(unit.memberships.filter(role=Role.CASEWORKER).first().user)
    own = Child.objects.filter(registered_by_unit=unit).first()
    consented = next(c.plan.child for c in consents if covered(c, unit, today))
    visible = Child.objects.visible_to(unit.memberships.first().user, unit)
    stranger = Child.objects.exclude(pk__in=visible).first()
    assert client.get(f"/barn/{own.pk}/").status_code == 200
    assert client.get(f"/barn/{consented.pk}/").status_code == 200
    assert client.get(f"/barn/{stranger.pk}/").status_code == 404


def test_each_log_row_records_the_reason_the_index_gives_for_its_time(generated):
    """The generator writes `had_reason` as the access index answers for the row's moment
    (decision 36): the same answer the review asks of rows that have none."""
    from django.db.models import Exists, OuterRef

    from samordna.access.models import ChildAccess

    index = ChildAccess.objects.at(OuterRef("at")).filter(
        child=OuterRef("child_id"), unit=OuterRef("acting_unit_id")
    )
    rows = AccessLog.objects.annotate(indexed=Exists(index)).values_list("had_reason", "indexed")
    answers = list(rows)
    assert len(answers) == 10 * N
    assert all(had == indexed for had, indexed in answers)
    assert {had for had, _ in answers} == {True, False}


def test_the_benchmarked_pages_answer_on_the_region(generated, client, login):
    """The pages benchmarks/region.py drives, as its users see them; and new rows after
    the generated ones get ids of their own."""
    plan = (
        Plan.objects.filter(status=Status.ACTIVE, meetings__next_meeting__isnull=False)
        .select_related("coordinator_unit")
        .first()
    )
    login(plan.coordinator_unit.memberships.filter(role=Role.CASEWORKER).first().user)
    meeting = plan.meetings.filter(status="held").first()
    family = plan.child.family_name
    for url in [
        "/",
        "/barn/",
        f"/barn/?q={family}",
        "/sip/",
        f"/barn/{plan.child_id}/",
        f"/sip/{plan.pk}/",
        f"/sip/{plan.pk}/moten/{meeting.pk}/",
        f"/sip/{plan.pk}/andra/",
    ]:
        assert client.get(url).status_code == 200, url
    response = client.get(f"/sip/{plan.pk}/moten/{meeting.pk}/protokoll.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    saved = client.post(
        f"/sip/{plan.pk}/andra/",
        {"child_wishes": "Nytt", "purpose": plan.purpose, "needs": "", "version": plan.version},
    )
    assert saved.status_code == 302
    manager = plan.coordinator_unit.memberships.filter(role=Role.MANAGER).first().user
    client.logout()
    login(manager)
    assert client.get("/logg/?flagged=on").status_code == 200
    before = AccessLog.objects.order_by("pk").last().pk
    client.get(f"/barn/{plan.child_id}/")
    assert AccessLog.objects.order_by("pk").last().pk > before


def test_it_writes_only_into_an_empty_database(world):
    with pytest.raises(CommandError, match="only into an empty database"):
        call_command("generate_region", "--children", "10")
    assert Child.objects.count() == 0 and Principal.objects.count() == 2


def test_the_command_shows_its_progress_and_what_it_made(db):
    out, err = StringIO(), StringIO()
    call_command(
        "generate_region", "--children", "30", "--seed", "2", "--today", "2026-03-02",
        stdout=out, stderr=err,
    )  # fmt: skip
    assert "30 of 30 children (100%)" in err.getvalue()
    assert "30 children" in out.getvalue() and "300 log rows" in out.getvalue()
