import re
from datetime import date

import pytest

from samordna.audit.models import AccessLog, Action
from samordna.consents.models import Consent, ConsentParty
from samordna.consents.tests.helpers import (
    JPEG,
    PDF,
    PNG,
    consent_data,
    days,
    make_consent,
    make_plan,
    upload,
    url,
)
from samordna.consents.uploads import MAX_BYTES
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans.models import Preparation, Status


def test_it_records_a_consent_and_advances_the_plan(login, world, plan):
    response = login(world.teacher).post(url("record", plan), consent_data(plan, [world.social]))

    assert response.status_code == 302
    assert response["Location"] == url("list", plan)
    consent = Consent.objects.get()
    assert consent.plan == plan
    assert list(consent.units.all()) == [world.social]
    assert (consent.documented_by, consent.documented_by_unit) == (world.teacher, world.school)
    assert {party.guardian for party in consent.parties.all()} == set(plan.child.guardians.all())
    assert not consent.parties.filter(is_child=True).exists()
    plan.refresh_from_db()
    assert plan.status == Status.CONSENT
    assert AccessLog.objects.filter(
        object_type="consents.consent", object_id=str(consent.pk), action=Action.CREATE
    ).exists()


def test_it_records_the_childs_own_consent(login, world, plan):
    data = consent_data(
        plan, [world.social], child_consents="on", maturity_assessment="Nora förstår vad SIP är."
    )
    login(world.teacher).post(url("record", plan), data)

    assert ConsentParty.objects.filter(is_child=True, guardian=None, trustee=None).count() == 1
    assert Consent.objects.get().maturity_assessment == "Nora förstår vad SIP är."


def test_it_records_a_consent_by_principal(login, world, plan):
    data = consent_data(plan, principals=[str(world.region.pk)])
    login(world.teacher).post(url("record", plan), data)

    consent = Consent.objects.get()
    assert list(consent.principals.all()) == [world.region]
    assert consent.covers(world.bup)


def test_it_offers_every_guardian_and_todays_date(login, world, plan):
    response = login(world.teacher).get(url("record", plan))

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.fields["guardians"].queryset) == set(plan.child.guardians.all())
    assert form.initial["given_on"] == days(0)
    assert "units" not in form.initial  # no preparation yet


def test_it_preselects_the_units_the_preparation_invites(login, world, plan):
    preparation = Preparation.objects.create(plan=plan)
    preparation.invited_units.set([world.social, world.bup])

    response = login(world.teacher).get(url("record", plan))

    assert set(response.context["form"].initial["units"]) == {world.social.pk, world.bup.pk}
    body = response.content.decode()
    for unit in (world.social, world.bup):
        assert re.search(rf'value="{unit.pk}"[^>]*checked', body)


REFUSALS = {
    "no consenting person": ({"guardians": []}, "guardians"),
    "no unit in scope": ({"units": []}, "units"),
    "paper form without upload": ({"form": "paper"}, "document"),
    "valid until before given on": (
        {"given_on": days(-10).isoformat(), "valid_until": days(-20).isoformat()},
        "valid_until",
    ),
    "already expired": (
        {"given_on": days(-10).isoformat(), "valid_until": days(-1).isoformat()},
        "valid_until",
    ),
    "given in the future": ({"given_on": days(1).isoformat()}, "given_on"),
    "no information": ({"information": ""}, "information"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_it_refuses_and_saves_nothing(login, world, plan, media_root, case):
    changes, field = REFUSALS[case]
    data = consent_data(plan, [world.social], **changes)

    response = login(world.teacher).post(url("record", plan), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    _assert_nothing_saved(plan, media_root)


def test_it_refuses_a_missing_guardian(login, world, plan, media_root):
    one = plan.child.guardians.first()
    data = consent_data(plan, [world.social], guardians=[str(one.pk)])

    response = login(world.teacher).post(url("record", plan), data)

    assert list(response.context["form"].errors) == ["guardians"]
    _assert_nothing_saved(plan, media_root)


def test_it_requires_the_consent_of_a_child_aged_15(login, world, media_root):
    child = make_child(world.school, number=fictional_number(date(2011, 1, 5), 984))
    make_guardian(child)
    plan = make_plan(world, child)
    client = login(world.teacher)

    response = client.post(url("record", plan), consent_data(plan, [world.social]))

    assert list(response.context["form"].errors) == ["child_consents"]
    _assert_nothing_saved(plan, media_root)
    data = consent_data(plan, [world.social], child_consents="on")
    assert client.post(url("record", plan), data).status_code == 302


def test_the_childs_consent_age_is_a_setting(login, world, plan, settings):
    settings.SIP_CHILD_CONSENT_AGE = 12  # the plan's child is 13

    response = login(world.teacher).post(url("record", plan), consent_data(plan, [world.social]))

    assert list(response.context["form"].errors) == ["child_consents"]


def test_a_child_of_15_without_guardians_may_consent_alone(login, world):
    child = make_child(world.school, number=fictional_number(date(2011, 1, 5), 984))
    plan = make_plan(world, child)
    client = login(world.teacher)

    response = client.post(url("record", plan), consent_data(plan, [world.social]))
    assert list(response.context["form"].errors) == ["child_consents"]

    data = consent_data(plan, [world.social], child_consents="on")
    assert client.post(url("record", plan), data).status_code == 302


BAD_FILES = {
    "a program renamed .pdf": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
    "a web page renamed .pdf": b"<!DOCTYPE html><script>alert(1)</script>",
    "a PDF signature late in the file": b" %PDF-1.4\n",
    "an empty file": b"",
}


@pytest.mark.parametrize("content", BAD_FILES.values(), ids=list(BAD_FILES))
def test_it_refuses_an_upload_that_is_not_pdf_jpeg_or_png(login, world, plan, media_root, content):
    data = consent_data(plan, [world.social], form="paper", document=upload(content))

    response = login(world.teacher).post(url("record", plan), data)

    assert list(response.context["form"].errors) == ["document"]
    _assert_nothing_saved(plan, media_root)


def test_it_refuses_an_upload_larger_than_10_mb(login, world, plan, media_root):
    big = upload(PDF + b"\x00" * (MAX_BYTES + 1 - len(PDF)))
    data = consent_data(plan, [world.social], form="paper", document=big)

    response = login(world.teacher).post(url("record", plan), data)

    assert list(response.context["form"].errors) == ["document"]
    _assert_nothing_saved(plan, media_root)


def test_it_accepts_an_upload_of_exactly_10_mb(login, world, plan):
    exact = upload(PDF + b"\x00" * (MAX_BYTES - len(PDF)))
    data = consent_data(plan, [world.social], form="paper", document=exact)

    assert login(world.teacher).post(url("record", plan), data).status_code == 302
    assert Consent.objects.get().document.size == MAX_BYTES


@pytest.mark.parametrize(("content", "extension"), [(PDF, "pdf"), (JPEG, "jpg"), (PNG, "png")])
def test_it_stores_the_signed_form_under_a_random_name(
    login, world, plan, media_root, settings, content, extension
):
    document = upload(content, name="Nora Sagström 20130101.exe")
    data = consent_data(plan, [world.social], form="paper", document=document)

    assert login(world.teacher).post(url("record", plan), data).status_code == 302

    stored = Consent.objects.get().document
    assert re.fullmatch(rf"consents/\d{{4}}/[0-9a-f]{{32}}\.{extension}", stored.name)
    path = media_root / stored.name
    assert path.read_bytes() == content
    assert not path.is_relative_to(settings.STATIC_ROOT)
    assert [p.name for p in media_root.rglob("*") if p.is_file()] == [path.name]


def test_it_refuses_a_closed_plan(login, world, plan, media_root):
    plan.status = Status.CLOSED
    plan.save()
    data = consent_data(plan, [world.social], form="paper", document=upload())

    response = login(world.teacher).post(url("record", plan), data)

    assert list(response.context["form"].errors) == ["__all__"]
    assert not Consent.objects.exists()
    assert not [p for p in media_root.rglob("*") if p.is_file()]


def test_it_refuses_a_unit_that_does_not_lead(login, world, plan):
    make_consent(plan, [world.social])
    client = login(world.social_worker)

    assert client.get(url("record", plan)).status_code == 403
    response = client.post(url("record", plan), consent_data(plan, [world.bup]))
    assert response.status_code == 403
    assert Consent.objects.count() == 1


def test_it_lets_the_coordinators_unit_lead(login, world, plan):
    make_consent(plan, [world.social])
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()

    assert login(world.social_worker).get(url("record", plan)).status_code == 200
    assert login(world.teacher).get(url("record", plan)).status_code == 403


def test_it_requires_a_login(client, world, plan):
    response = client.get(url("record", plan))

    assert response.status_code == 302
    assert "/logga-in/" in response["Location"]


def test_it_refuses_other_methods(login, world, plan):
    assert login(world.teacher).put(url("record", plan)).status_code == 405


def test_it_leaves_no_stored_form_behind_when_saving_fails(
    login, world, plan, media_root, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("samordna.consents.services.log_access", fail)
    data = consent_data(plan, [world.social], form="paper", document=upload())

    with pytest.raises(RuntimeError):
        login(world.teacher).post(url("record", plan), data)

    _assert_nothing_saved(plan, media_root)


def _assert_nothing_saved(plan, media_root) -> None:
    assert not Consent.objects.exists()
    assert not ConsentParty.objects.exists()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT
    assert not [p for p in media_root.rglob("*") if p.is_file()]
