"""A SIP for an unaccompanied child from consent to closure, in a real Chromium: the god man
consents (and Samir, as far as his age and maturity allow); the plan is approved at its SIP
meeting once the meeting has begun, and the version records that meeting; the meeting books
its follow-up; closing the SIP cancels that follow-up, and each recipient (Samir and the god
man) gets a letter of their own that says so. axe runs on every page on the way."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from conftest import axe_violations, browser_login
from samordna.accounts.models import Membership
from samordna.consents.tests.helpers import days, make_plan, make_unaccompanied_child
from samordna.meetings.mail import when
from samordna.meetings.models import Meeting
from samordna.plans.models import Status

pytestmark = pytest.mark.browser


def submit(page, name):
    page.get_by_role("button", name=name).click()


def test_consent_by_a_god_man_approval_at_the_meeting_and_closure(page, world, tmp_path):
    child = make_unaccompanied_child(world, years=13)
    plan = make_plan(world, child, initiating_unit=world.social, convener=world.social_worker)
    detail = reverse("plans:detail", args=[plan.pk])
    browser_login(page, world.social_worker)

    # 1. The god man consents for Samir, and Samir as far as his age and maturity allow.
    page.goto(reverse("consents:record", args=[plan.pk]))
    page.get_by_role(
        "checkbox", name="Barnet och den gode mannen har fått veta vad en SIP är"
    ).check()
    page.get_by_label("När fick de informationen?").fill(days(-2).isoformat())
    page.get_by_role("checkbox", name="Muntligt").check()
    page.get_by_role("checkbox", name="Med tolk").check()
    page.get_by_label("På vilket språk?").select_option(label="Dari")
    page.get_by_role("checkbox", name="Göran Testholm").check()
    page.get_by_role("checkbox", name="Samir Testnouri (barnet) har samtyckt").check()
    page.get_by_label("Bedömning av barnets ålder och mognad").fill(
        "Samir förstod med tolkens hjälp vad en SIP är."
    )
    page.get_by_role("checkbox", name="Testskolan (Testby kommun)").check()
    page.get_by_label("Vad enheterna dessutom får utbyta vid möten och samtal").fill("Skolgång.")
    page.get_by_role("radio", name="Muntligt").check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{reverse('consents:list', args=[plan.pk])}")
    assert "Göran Testholm (god man)" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    # 2. The SIP meeting is booked four weeks ahead; the plan cannot be approved before it.
    page.goto(reverse("plans:book_meeting", args=[plan.pk]))
    starts = timezone.localtime() + timedelta(weeks=4)
    page.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT10:00"))
    page.locator("#id_place").fill("Socialtjänsten Testby, rum 1")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/sip/{plan.pk}/moten/*/")
    meeting = plan.meetings.get()
    page.goto(reverse("plans:approve", args=[plan.pk]))
    assert "Planen godkänns på SIP-mötet, när mötet har börjat." in page.content()

    # 3. The day comes. At the meeting: the goal, social services' own measure, and the
    # coordinator and the overall responsibility, decided at the meeting.
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    page.goto(reverse("plans:goal_add", args=[plan.pk]))
    page.locator("#id_term").select_option("long")
    page.locator("#id_text").fill("Jag vill klara skolan i Sverige.")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**{detail}")
    page.goto(reverse("plans:measure_add", args=[plan.pk]))
    page.locator("#id_description").fill("Samtal med socialsekreteraren varje vecka.")
    page.locator("#id_goal").select_option(index=1)
    page.locator("#id_timing").fill("varje vecka")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**{detail}")
    page.goto(reverse("plans:coordinator", args=[plan.pk]))
    own = Membership.objects.get(user=world.social_worker, unit=world.social)
    page.locator("#id_membership").select_option(str(own.pk))
    page.locator("#id_meeting").select_option(str(meeting.pk))
    page.locator("#id_reason").fill("Socialtjänsten har kontakt med alla runt Samir.")
    submit(page, "Utse")
    page.wait_for_url(f"**{detail}")
    page.goto(reverse("plans:coordinator", args=[plan.pk]))
    page.locator("#id_responsibility-principal").select_option(str(world.municipality.pk))
    page.locator("#id_responsibility-reason").fill("Socialnämnden placerade Samir.")
    submit(page, "Spara det övergripande ansvaret")
    page.wait_for_url(f"**{detail}")

    # 4. Approved at the meeting that has begun: the version records it and its day.
    page.goto(reverse("plans:approve", args=[plan.pk]))
    assert axe_violations(page) == []
    page.locator("#id_attendees").fill("Samir, Göran Testholm (god man), Soc Testsson, tolk")
    submit(page, "Godkänn planen")
    page.wait_for_url(f"**{detail}")
    version = plan.versions.get()
    assert (version.meeting, version.approved_on) == (meeting, timezone.localdate())
    assert f"version 1 godkänd {version.approved_on:%Y-%m-%d}" in page.content()

    # 5. The meeting books its follow-up before it closes.
    page.goto(reverse("meetings:hold", args=[plan.pk, meeting.pk]))
    page.get_by_label("Presentationsrunda hållen").check()
    page.locator("#id_situation").fill("Samir berättar med tolk att skolan går bra.")
    follow_up_at = timezone.localtime() + timedelta(weeks=8)
    page.locator("#id_next_starts_at").fill(follow_up_at.strftime("%Y-%m-%dT13:00"))
    submit(page, "Avsluta mötet")
    page.get_by_text("Mötet avslutades. Protokollet finns nu.").wait_for()
    meeting.refresh_from_db()
    follow_up = meeting.next_meeting
    assert follow_up.status == Meeting.Status.BOOKED
    assert meeting.situation == "Samir berättar med tolk att skolan går bra."

    # 6. Closing the SIP says first that the follow-up will be cancelled, then does it.
    page.goto(reverse("plans:close", args=[plan.pk]))
    assert str(follow_up) in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.locator("input[name=reason][value=no_joint_needs]").check()
    page.locator("#id_confirm").check()
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**{detail}")
    plan.refresh_from_db()
    follow_up.refresh_from_db()
    assert plan.status == Status.CLOSED
    assert follow_up.status == Meeting.Status.CANCELLED

    # 7. A letter to each recipient, each with only its own address, each saying the
    #    follow-up is cancelled.
    with page.expect_download() as download:
        page.get_by_role("link", name="Brev till barnet, vårdnadshavarna och gode mannen").click()
    path = tmp_path / "avslut.pdf"
    download.value.save_as(path)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    letters = [" ".join(page.split()) for page in text.split("\f") if page.strip()]
    assert len(letters) == 2
    with translation.override("sv"):
        cancelled = f"Mötet {when(follow_up)} är inställt."
    samir, god_man = letters
    assert "Samir Testnouri" in samir and "Testnouris gränd 3" in samir
    assert "Göran Testholm Godmansvägen 4" in god_man
    assert "Godmansvägen" not in samir and "Testnouris gränd" not in god_man
    assert all(cancelled in letter for letter in letters)
