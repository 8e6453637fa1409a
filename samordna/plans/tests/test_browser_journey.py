"""The whole SIP in a real Chromium, with staff of two principals: the school initiates,
social services asks to join and is let in after consent, the school, social services and
BUP (the region) write their measures, the plan is approved, followed up and closed."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations, browser_login
from samordna.accounts.models import Membership
from samordna.meetings.models import Meeting
from samordna.people.models import Guardian, Guardianship
from samordna.people.tests.helpers import make_child
from samordna.plans.models import Plan, Status

pytestmark = pytest.mark.browser


def new_page(browser, live_server, user):
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    browser_login(page, user)
    return page


def submit(page):
    page.locator("main form button[type=submit]").last.click()


def add_measure(page, plan, user, text):
    """The unit's own measure: goal, measure, responsible and time (seed 001)."""
    page.goto(reverse("plans:measure_add", args=[plan.pk]))
    page.locator("#id_description").fill(text)
    page.locator("#id_goal").select_option(index=1)
    page.locator("#id_responsible_person").select_option(str(user.pk))
    page.locator("#id_timing").fill("varje vecka")
    submit(page)
    page.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")


def test_the_sip_from_start_to_closure(page, browser, live_server, world):
    child = make_child(world.school)
    guardian = Guardian.objects.create(
        given_name="Kim", family_name="Testlund", registered_by_unit=world.school
    )
    Guardianship.objects.create(child=child, guardian=guardian)

    # 1. The school starts the SIP from the child's page, the child's words first.
    browser_login(page, world.teacher)
    page.goto(reverse("people:child_detail", args=[child.pk]))
    page.locator(f"a[href='{reverse('plans:initiate', args=[child.pk])}']").click()
    page.locator("#id_child_wishes").fill("Jag vill ha lugn på rasterna")
    page.locator("#id_purpose").fill("Hur får Alva stöd i skolan och hemma?")
    page.locator("#id_reason").fill("Skolan ser oro som hemmet också berättar om")
    assert axe_violations(page) == []
    submit(page)
    page.wait_for_url("**/forberedelse/")
    plan = Plan.objects.get(child=child)
    for unit in (world.social, world.bup):
        page.locator(f"input[name=invited_units][value='{unit.pk}']").check()
    page.locator("input[name=child_participation][value=whole]").check()
    assert axe_violations(page) == []
    submit(page)
    page.wait_for_url("**/forberedelse/")

    # 2. Social services types the child's number to register it; samordna, which says no
    # more than for a new child, sends its request to take part to the SIP's coordinator.
    social = new_page(browser, live_server, world.social_worker)
    social.goto(reverse("people:child_register"))
    social.locator("#id_given_name").fill("Alva")
    social.locator("#id_family_name").fill("Testlund")
    social.locator("#id_identity_number").fill(child.identity_number)
    submit(social)
    social.locator("#id_reason").fill("Vi har en pågående utredning om familjen")
    submit(social)
    heading = social.get_by_role("heading", level=1).inner_text()
    assert heading == "Förfrågan om att få delta har skickats"
    assert plan.purpose not in social.content()
    refused = social.goto(reverse("plans:detail", args=[plan.pk]))
    assert refused.status == 404
    assert child.given_name not in social.content()

    # 3. The guardian consents to social services and BUP; the school lets them in.
    page.goto(reverse("consents:record", args=[plan.pk]))
    page.locator("#id_informed").check()
    page.locator("#id_informed_on").fill(timezone.localdate().isoformat())
    page.locator("input[name=informed_how][value=orally]").check()
    page.locator(f"input[name=guardians][value='{guardian.pk}']").check()
    page.locator("input[name=form][value=oral]").check()
    page.locator("#id_information").fill("Skolgång, hälsa och familjens situation")
    assert axe_violations(page) == []
    submit(page)
    page.wait_for_url(f"**{reverse('consents:list', args=[plan.pk])}")
    page.goto(reverse("plans:join_requests", args=[plan.pk]))
    page.locator("button[name=decision][value=accept]").click()
    plan.refresh_from_db()
    assert plan.status == Status.CONSENT
    assert plan.join_requests.get().status == "accepted"
    social.goto(reverse("plans:detail", args=[plan.pk]))
    assert child.full_name in social.get_by_role("heading", level=1).inner_text()

    # 4. The school books the SIP meeting four weeks ahead.
    page.goto(reverse("plans:book_meeting", args=[plan.pk]))
    starts = timezone.localtime() + timedelta(weeks=4)
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.locator("#id_place").fill("Testskolan, konferensrummet")
    submit(page)
    page.wait_for_url(f"**/sip/{plan.pk}/moten/*/")

    # 5. The day of the meeting: the goal with Alva, and each unit writes down its own
    # measures (two principals); the meeting appoints the coordinator and the overall
    # responsibility, with the reasons.
    meeting = plan.meetings.get()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    page.goto(reverse("plans:goal_add", args=[plan.pk]))
    page.locator("#id_term").select_option("long")
    page.locator("#id_text").fill("Alva vill tycka om skolan")
    submit(page)
    page.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")
    add_measure(page, plan, world.teacher, "Mentorn träffar Alva varje måndag")
    add_measure(social, plan, world.social_worker, "Föräldrastöd varannan vecka")
    bup = new_page(browser, live_server, world.psychologist)
    add_measure(bup, plan, world.psychologist, "Samtal om oro hos BUP")
    page.goto(reverse("plans:coordinator", args=[plan.pk]))
    responsibility = page.locator(
        f"form[action='{reverse('plans:responsibility', args=[plan.pk])}']"
    )
    responsibility.locator("#id_responsibility-principal").select_option(str(world.municipality.pk))
    responsibility.locator("#id_responsibility-meeting").select_option(str(meeting.pk))
    responsibility.locator("#id_responsibility-reason").fill(
        "Skola och socialtjänst har flest insatser"
    )
    responsibility.locator("button[type=submit]").click()
    page.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")
    page.goto(reverse("plans:coordinator", args=[plan.pk]))
    membership = Membership.objects.get(user=world.social_worker, unit=world.social)
    page.locator("#id_membership").select_option(str(membership.pk))
    page.locator("#id_meeting").select_option(str(meeting.pk))
    page.locator("#id_reason").fill("Soc träffar familjen varje vecka")
    page.locator("main form button[type=submit]").first.click()
    # Handing the role to another unit asks first, and keeps what was typed.
    page.locator("#id_confirm_handover").check()
    assert page.locator("#id_reason").input_value() == "Soc träffar familjen varje vecka"
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")

    # 6. Social services now coordinates: the plan is read aloud and approved.
    social.goto(reverse("plans:approve", args=[plan.pk]))
    social.locator("#id_attendees").fill("Alva, Kim Testlund, Larare, Soc, Psykolog")
    submit(social)
    social.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")
    assert axe_violations(social) == []
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE
    units = {m["unit"] for m in plan.versions.get().content["measures"]}
    assert units == {world.school.name, world.social.name, world.bup.name}

    # 7. The follow-up, with the next date booked at the meeting.
    social.goto(reverse("plans:follow_up", args=[plan.pk]))
    social.locator("#id_held_on").fill(timezone.localdate().isoformat())
    for field in [
        "wishes_met",
        "measures_delivered",
        "how_measures_work",
        "results",
        "assessments",
    ]:
        social.locator(f"#id_{field}").fill("Det går bättre")
    next_date = timezone.localdate() + timedelta(days=60)
    social.locator("#id_next_follow_up").fill(next_date.isoformat())
    assert axe_violations(social) == []
    submit(social)
    social.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")
    plan.refresh_from_db()
    assert plan.next_follow_up == next_date

    # 8. Closure: the needs no longer span both principals.
    social.goto(reverse("plans:close", args=[plan.pk]))
    social.locator("input[name=reason][value=one_principal]").check()
    social.locator("#id_confirm").check()
    submit(social)
    social.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")
    plan.refresh_from_db()
    assert (plan.status, plan.closure_reason) == (Status.CLOSED, "one_principal")
    assert axe_violations(social) == []
    for extra in (social, bup):
        extra.context.close()
