"""A SIP meeting in a real Chromium: the school books it, sends the invitations and prints the
letters, BUP's psychologist confirms through the link in the e-mail without logging in, the
meeting is held by its agenda, the plan is approved, and the protocol opens. And at the
meeting nothing typed is lost, whichever button is pressed."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from conftest import axe_violations, browser_login
from samordna.meetings.models import Meeting, Participant
from samordna.people.tests.helpers import make_child, make_guardian
from samordna.plans.models import Goal, Measure, Preparation, Status
from samordna.plans.tests.factories import give_consent, make_plan

pytestmark = pytest.mark.browser


def submit(page, form="main form"):
    page.locator(f"{form} button[type=submit]").last.click()


def test_book_invite_confirm_hold_approve_and_open_the_protocol(page, browser, live_server, world):
    child = make_child(world.school, given_name="Alva", family_name="Testlund")
    make_guardian(child, given_name="Kim", family_name="Testlund")
    plan = make_plan(
        child,
        world.school,
        world.teacher,
        coordinator=world.teacher,
        coordinator_unit=world.school,
        overall_responsibility=world.municipality,
    )
    give_consent(plan, world.school, world.bup, documented_by=world.teacher)
    Preparation.objects.create(plan=plan).invited_people.add(world.psychologist)
    Measure.objects.create(
        plan=plan,
        goal=Goal.objects.create(plan=plan, term=Goal.Term.LONG, text="Alva trivs i skolan"),
        description="Mentorn träffar Alva varje måndag",
        timing="varje måndag",
        responsible_unit=world.school,
        kept_by_unit=world.school,
    )

    # 1. The school books the meeting four weeks ahead and lands on the meeting's page.
    browser_login(page, world.teacher)
    page.goto(reverse("plans:book_meeting", args=[plan.pk]))
    starts = timezone.localtime() + timedelta(weeks=4)
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.locator("#id_place").fill("Testskolan, konferensrummet")
    submit(page)
    page.wait_for_url(f"**/sip/{plan.pk}/moten/*/")
    meeting = Meeting.objects.get(plan=plan)
    assert "Psykolog" in page.locator("main table").inner_text()
    assert axe_violations(page) == []

    # 2. Invitations: e-mail with a calendar file to staff, letters for the family.
    page.get_by_role("button", name="Skicka kallelserna").click()
    page.get_by_text("2 kallelser skickas med e-post; 2 brev är klara att skriva ut.").wait_for()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Skriv ut alla brev som en PDF").click()
    page.wait_for_url("**/dokument/*/")
    download_link = page.get_by_role("link", name=re.compile("Ladda ned"))
    download_link.wait_for()
    with page.expect_download() as download:
        download_link.click()
    assert download.value.suggested_filename.endswith(".pdf")

    # 3. The psychologist answers through the e-mail's link, not logged in.
    message = next(m for m in mail.outbox if m.to == [world.psychologist.email])
    assert "Alva" not in message.body
    link = re.search(r"https?://\S+/svar/\S+/", message.body).group(0)
    guest = browser.new_context(locale="en-US")
    answer = guest.new_page()
    answer.goto(live_server.url + link[link.index("/svar/") :])
    assert "Alva" not in answer.content()
    assert axe_violations(answer) == []
    answer.get_by_label("Kommer", exact=True).check()
    answer.get_by_role("button", name="Skicka svaret").click()
    answer.get_by_role("heading", name="Tack för ditt svar").wait_for()
    answer.reload()
    answer.get_by_role("heading", name="Länken kan inte användas").wait_for()
    guest.close()

    # 4. The day comes, and the meeting is held by its agenda: attendance, the child first,
    # the plan approved. (Before its start, the hold page only says when it starts.)
    page.goto(reverse("meetings:hold", args=[plan.pk, meeting.pk]))
    page.get_by_text(
        "Närvaro, anteckningar, frånvaro och avslut kan registreras först då."
    ).wait_for()
    assert page.locator("#id_situation").count() == 0
    assert axe_violations(page) == []
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    page.goto(reverse("meetings:detail", args=[plan.pk, meeting.pk]))
    assert "Kommer" in page.locator("main table").inner_text()
    page.get_by_role("link", name="Genomför mötet: dagordning och anteckningar").click()
    assert axe_violations(page) == []
    for participant in meeting.participants.all():
        page.locator(f"#attendance-{participant.pk}-present").check()
    page.get_by_role("button", name="Spara närvaron").click()
    page.get_by_text("Närvaron och anteckningarna sparades.").wait_for()
    page.get_by_label("Presentationsrunda hållen").check()
    page.locator("#id_situation").fill("Alva berättar att rasterna är svåra.")
    page.locator("#id_actors_views").fill("Skolan: mentorsstöd. BUP: bedömning pågår.")
    page.get_by_label("Planen uppläst").check()
    page.get_by_role("button", name="Spara anteckningarna").click()
    page.get_by_text("Närvaron och anteckningarna sparades.").wait_for()
    page.goto(reverse("plans:approve", args=[plan.pk]))
    assert "Psykolog" in page.locator("#id_attendees").input_value()
    submit(page)
    page.wait_for_url(f"**{reverse('plans:detail', args=[plan.pk])}")
    plan.refresh_from_db()
    assert plan.status == Status.ACTIVE

    # 5. The next follow-up is booked before closing; then the protocol opens.
    page.goto(reverse("meetings:hold", args=[plan.pk, meeting.pk]))
    page.get_by_role("button", name="Avsluta mötet").click()
    page.get_by_text("Boka nästa uppföljningsmöte, eller ange varför inget bokas").first.wait_for()
    follow_up = timezone.localtime() + timedelta(weeks=12)
    page.locator("#id_next_starts_at").fill(follow_up.strftime("%Y-%m-%dT13:00"))
    page.get_by_role("button", name="Avsluta mötet").click()
    page.get_by_text("Mötet avslutades. Protokollet finns nu.").wait_for()
    assert axe_violations(page) == []
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.next_meeting is not None
    bup = browser.new_context(locale="en-US", base_url=live_server.url)
    psychologist = bup.new_page()
    browser_login(psychologist, world.psychologist)
    psychologist.goto(reverse("meetings:detail", args=[plan.pk, meeting.pk]))
    with psychologist.expect_download() as download:
        psychologist.get_by_role("link", name="Protokollet (PDF)").click()
    assert download.value.suggested_filename.startswith("sip-protokoll")
    bup.close()


SITUATION = "Alva berättar att rasterna är svåra och att hon vill ha en vuxen nära."
VIEWS = "Skolan: rastvärd varje dag. BUP: bedömningen är klar i mars."


def test_nothing_typed_is_lost_whichever_button_is_pressed(page, world):
    """The note-taker types the minutes, then saves the attendance, then tries to close
    without a next meeting and then closes: the minutes are there at every step."""
    child = make_child(world.school, given_name="Alva", family_name="Testlund")
    make_guardian(child, given_name="Kim", family_name="Testlund")
    plan = make_plan(child, world.school, world.teacher)
    give_consent(plan, world.school, world.bup, documented_by=world.teacher)
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=timezone.now() - timedelta(minutes=10),
        place="Testskolan, konferensrummet",
        booked_by=world.teacher,
        unit=world.school,
        convener=world.teacher,
    )
    Participant.objects.create(
        meeting=meeting, kind=Participant.Kind.STAFF, user=world.teacher, unit=world.school
    )
    bup = Participant.objects.create(
        meeting=meeting, kind=Participant.Kind.STAFF, user=world.psychologist, unit=world.bup
    )
    Participant.objects.create(meeting=meeting, kind=Participant.Kind.CHILD)
    hold = reverse("meetings:hold", args=[plan.pk, meeting.pk])

    browser_login(page, world.teacher)
    page.goto(hold)
    page.locator("#id_situation").fill(SITUATION)
    page.locator(f"#attendance-{bup.pk}-digital").check()
    page.get_by_role("button", name="Spara närvaron").click()
    page.get_by_text("Närvaron och anteckningarna sparades.").wait_for()
    assert page.locator("#id_situation").input_value() == SITUATION
    assert page.locator(f"#attendance-{bup.pk}-digital").is_checked()

    page.locator("#id_actors_views").fill(VIEWS)
    page.get_by_role("button", name="Avsluta mötet").click()
    page.get_by_text("Närvaron och anteckningarna sparades, men mötet avslutades inte.").wait_for()
    assert page.locator("#id_situation").input_value() == SITUATION
    assert page.locator("#id_actors_views").input_value() == VIEWS
    assert axe_violations(page) == []

    page.locator("#id_no_next_reason").fill("SIP:en ska avslutas: behoven är tillgodosedda.")
    page.get_by_role("button", name="Avsluta mötet").click()
    page.get_by_text("Mötet avslutades. Protokollet finns nu.").wait_for()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    assert (meeting.situation, meeting.actors_views) == (SITUATION, VIEWS)
    assert meeting.participants.get(pk=bup.pk).attendance == Participant.Attendance.DIGITAL
