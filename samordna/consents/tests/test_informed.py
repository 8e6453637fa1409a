"""Told first [004 §4.2]: a consent is recorded only with when, how and (where it matters) in
which language the child and the guardians (or the god man) were told what it means."""

import pytest
from django.db import IntegrityError, transaction

from samordna.consents.models import Consent
from samordna.consents.tests.helpers import consent_data, days, make_consent, url
from samordna.plans.models import Status

REFUSALS = {
    "not confirmed": ({"informed": ""}, "informed"),
    "no date": ({"informed_on": ""}, "informed_on"),
    "no way": ({"informed_how": []}, "informed_how"),
    "an unknown way": ({"informed_how": ["telepathy"]}, "informed_how"),
    "told after the consent": (
        {"given_on": days(-3).isoformat(), "informed_on": days(-2).isoformat()},
        "informed_on",
    ),
    "told in the future": ({"informed_on": days(1).isoformat()}, "informed_on"),
    "an interpreter without a language": ({"informed_how": ["interpreter"]}, "informed_language"),
    "own language without a language": ({"informed_how": ["own_language"]}, "informed_language"),
}


@pytest.mark.parametrize("case", REFUSALS, ids=list(REFUSALS))
def test_it_refuses_a_consent_without_being_told_first(login, world, plan, case):
    changes, field = REFUSALS[case]

    response = login(world.teacher).post(
        url("record", plan), consent_data(plan, [world.social], **changes)
    )

    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not Consent.objects.exists()
    plan.refresh_from_db()
    assert plan.status == Status.DRAFT


def test_it_says_why_a_later_date_is_refused(login, world, plan):
    data = consent_data(plan, [world.social], informed_on=days(0).isoformat())
    data["given_on"] = days(-1).isoformat()

    body = login(world.teacher).post(url("record", plan), data).content.decode()

    assert "De ska få informationen innan de samtycker" in body


def test_it_records_when_how_and_in_which_language(login, world, plan):
    data = consent_data(
        plan,
        [world.social],
        informed_on=days(-7).isoformat(),
        informed_how=["orally", "easy_read", "interpreter"],
        informed_language="ar",
    )
    client = login(world.teacher)

    assert client.post(url("record", plan), data).status_code == 302

    consent = Consent.objects.get()
    assert consent.informed_on == days(-7)
    assert consent.informed_how == ["orally", "easy_read", "interpreter"]
    assert consent.informed_language == "ar"
    listed = client.get(url("list", plan)).content.decode()
    assert "Informerade om vad SIP och samtycket innebär" in listed
    assert "muntligt, med lättläst material, med tolk (Arabiska)" in listed


def test_a_language_is_kept_only_where_it_says_something(login, world, plan):
    data = consent_data(plan, [world.social], informed_how=["in_writing"], informed_language="ar")

    login(world.teacher).post(url("record", plan), data)

    consent = Consent.objects.get()
    assert (consent.informed_how, consent.informed_language) == (["in_writing"], "")


def test_the_same_day_is_allowed(login, world, plan):
    data = consent_data(plan, [world.social], informed_on=days(0).isoformat())

    assert login(world.teacher).post(url("record", plan), data).status_code == 302


def test_the_page_offers_every_way_and_the_childs_language(login, world, plan):
    plan.child.preferred_language = "so"
    plan.child.save()

    response = login(world.teacher).get(url("record", plan))

    body = response.content.decode()
    for way in ["Muntligt", "Skriftligt", "Med lättläst material", "På personens eget språk"]:
        assert way in body
    assert "Med tolk" in body
    assert "Barnet och vårdnadshavarna har fått veta vad en SIP är" in body
    assert response.context["form"].initial["informed_language"] == "so"


def test_a_consent_recorded_before_this_rule_says_so_in_the_list(login, world, plan):
    make_consent(plan, [world.social], informed_on=None, informed_how=[])

    body = login(world.teacher).get(url("list", plan)).content.decode()

    assert "Inte dokumenterat: samtycket registrerades innan samordna frågade efter det." in body


def test_the_database_refuses_being_told_after_the_consent(world, plan):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_consent(plan, [world.social], given_on=days(-2), informed_on=days(-1))
