"""Holding the meeting, as the note-taker meets the page: nothing before the start, one form
whose every button saves what was typed, refusals that keep it, and the follow-up convened
by the unit that leads the SIP."""

import re
from datetime import timedelta

from django.utils import timezone

from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tests.helpers import MINUTES, begin, book, page, url
from samordna.notifications.models import Notification

NOTE = "Maja berättar att morgnarna är lättare nu."
NEXT = "Skolan och BUP stämmer av efter loven."


def attendance(meeting, value="present") -> dict:
    return {f"attendance-{p.pk}": value for p in meeting.participants.all()}


def version_on(response) -> str:
    return re.search(r'name="version" value="(\d+)"', response.content.decode()).group(1)


def a_date(days: int) -> str:
    when = timezone.localtime(timezone.now() + timedelta(days=days))
    return when.strftime("%Y-%m-%dT13:00")


# --- Before the start -----------------------------------------------------------------------
def test_before_the_start_the_page_says_when_and_shows_the_agenda_only(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    response = client.get(url("hold", meeting))
    assert response.status_code == 200
    text = page(response)
    start = timezone.localtime(meeting.starts_at)
    assert f"kl. {start:%H.%M}" in text and "Mötet börjar" in text
    assert "Närvaro, anteckningar, frånvaro och avslut kan registreras först då." in text
    assert "Barnet och vårdnadshavarna först" in text  # the agenda, read-only
    assert "Hur kan Alva få en trygg skolgång?" in text
    assert 'name="situation"' not in text and 'name="step"' not in text


def test_before_the_start_nothing_is_recorded_and_what_was_typed_stays(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    for step, extra in [
        ("save", {}),
        ("no_show", {"no_show_offer": "phone"}),
        ("close", {"no_next_reason": "SIP:en ska avslutas"}),
    ]:
        data = {**MINUTES, "situation": NOTE, "step": step, **attendance(meeting), **extra}
        response = client.post(url("hold", meeting), data)
        assert response.status_code == 409, step
        text = page(response)
        assert "Mötet har inte börjat än: det börjar" in text
        assert NOTE in text  # kept on the page …
    meeting.refresh_from_db()
    assert meeting.situation == "" and meeting.status == Meeting.Status.BOOKED  # … not saved
    assert not meeting.no_show
    assert not meeting.participants.exclude(attendance="").exists()


def test_has_started_and_the_started_queryset(world, plan, login):
    meeting = book(login(world.teacher), plan)
    assert not meeting.has_started
    assert not Meeting.objects.started().filter(pk=meeting.pk).exists()
    begin(meeting)
    assert meeting.has_started
    assert Meeting.objects.started().filter(pk=meeting.pk).exists()


# --- One form, every button saves ----------------------------------------------------------
def test_saving_the_attendance_saves_the_minutes_typed_too(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    data = {**MINUTES, "situation": NOTE, **attendance(meeting, "digital"), "step": "save"}
    response = client.post(url("hold", meeting), data, follow=True)
    assert "Närvaron och anteckningarna sparades." in page(response)
    meeting.refresh_from_db()
    assert meeting.situation == NOTE and meeting.version == 2
    assert set(meeting.participants.values_list("attendance", flat=True)) == {"digital"}
    assert NOTE in page(response)


def test_a_refused_close_keeps_everything_typed_and_saves_the_minutes(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    psychologist = meeting.participants.get(user=world.psychologist)
    data = {
        **MINUTES,
        "situation": NOTE,
        f"attendance-{psychologist.pk}": "absent",
        "no_show_note": "Ringde och sa att hon var sjuk",
        "step": "close",
        "next_starts_at": "",
        "no_next_reason": "",
    }
    response = client.post(url("hold", meeting), data)
    assert response.status_code == 400
    text = page(response)
    assert "Närvaron och anteckningarna sparades, men mötet avslutades inte." in text
    assert "Boka nästa uppföljningsmöte, eller ange varför inget bokas" in text
    assert NOTE in text and "Ringde och sa att hon var sjuk" in text
    assert f'id="attendance-{psychologist.pk}-absent" value="absent" checked' in text
    meeting.refresh_from_db()
    assert meeting.situation == NOTE and meeting.status == Meeting.Status.BOOKED
    assert meeting.participants.get(pk=psychologist.pk).attendance == "absent"
    # The page carries the version just saved: closing from it is not a stale edit.
    assert version_on(response) == "2"
    again = {**data, "version": version_on(response), "next_starts_at": a_date(90)}
    closed = client.post(url("hold", meeting), again)
    assert closed.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD and meeting.situation == NOTE


def test_a_refused_absence_keeps_everything_typed(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    data = {**MINUTES, "situation": NOTE, "no_show_note": "Ingen svarade", "step": "no_show"}
    response = client.post(url("hold", meeting), data)
    assert response.status_code == 400
    text = page(response)
    assert "Närvaron och anteckningarna sparades, men inte frånvaron." in text
    assert NOTE in text and "Ingen svarade" in text
    meeting.refresh_from_db()
    assert meeting.situation == NOTE and not meeting.no_show


def test_recording_the_absence_saves_the_minutes_first(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    data = {**MINUTES, "situation": NOTE, "step": "no_show", "no_show_offer": "phone"}
    response = client.post(url("hold", meeting), data)
    assert response.status_code == 302 and response.url == url("hold", meeting)
    meeting.refresh_from_db()
    assert meeting.situation == NOTE
    assert meeting.no_show and meeting.no_show_offer == Meeting.NoShowOffer.PHONE


def test_saving_the_minutes_keeps_a_next_meeting_typed_but_not_booked(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    data = {**MINUTES, "step": "save", "next_starts_at": a_date(60), "no_next_reason": NEXT}
    response = client.post(url("hold", meeting), data)
    assert response.status_code == 200  # shown again, so the date and the reason stay
    text = page(response)
    assert "Närvaron och anteckningarna sparades." in text
    assert f'value="{a_date(60)}"' in text and NEXT in text
    assert version_on(response) == "2"
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.BOOKED and meeting.next_meeting is None


def test_a_stale_save_keeps_what_was_typed_and_saves_nothing(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    assert client.post(url("hold", meeting), {**MINUTES, "other_notes": "Först"}).status_code == 302
    stale = {**MINUTES, "situation": NOTE, **attendance(meeting, "absent"), "step": "close"}
    stale["no_next_reason"] = "SIP:en avslutas"
    response = client.post(url("hold", meeting), stale)
    assert response.status_code == 409
    text = page(response)
    # What the other one saved:
    assert "Någon annan sparade efter att du öppnade sidan" in text and "Först" in text
    assert NOTE in text and "SIP:en avslutas" in text  # what this one typed
    assert version_on(response) == "2"  # saving again overwrites, knowingly
    meeting.refresh_from_db()
    assert meeting.situation == MINUTES["situation"] and meeting.other_notes == "Först"
    assert meeting.status == Meeting.Status.BOOKED
    assert not meeting.participants.exclude(attendance="").exists()


def test_only_the_meetings_runners_hold_it(world, plan, login):
    meeting = begin(book(login(world.teacher), plan))
    client = login(world.psychologist)
    assert client.get(url("hold", meeting)).status_code == 403
    assert client.post(url("hold", meeting), {**MINUTES, "step": "close"}).status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.BOOKED


def test_a_closed_sip_refuses_the_minutes(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    plan.status = "closed"
    plan.save()
    response = client.post(url("hold", meeting), {**MINUTES, "situation": NOTE})
    assert response.status_code == 409
    assert "SIP:en är avslutad" in page(response)
    meeting.refresh_from_db()
    assert meeting.situation == ""


# --- The follow-up is the lead's ------------------------------------------------------------
def test_the_follow_up_is_convened_by_the_coordinators_unit(world, plan, login):
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()
    client = login(world.teacher)  # the meeting's convener closes it
    meeting = book_as_convener(client, plan, world)
    data = {**MINUTES, "step": "close", "next_starts_at": a_date(90)}
    assert client.post(url("hold", meeting), data).status_code == 302
    follow_up = Meeting.objects.get(previous_meeting=meeting)
    assert follow_up.unit == world.social and follow_up.convener == world.social_worker
    assert follow_up.booked_by == world.teacher
    coordinator = follow_up.participants.get(kind=Participant.Kind.STAFF, user=world.social_worker)
    assert coordinator.unit == world.social
    note = Notification.objects.get(user=world.social_worker, kind="invitation")
    assert note.text == "Ett uppföljningsmöte bokades på ett SIP-möte. Du är sammankallande."
    # The coordinator's unit now leads: it invites to the follow-up, the school does not.
    assert client.post(url("send_invitations", follow_up)).status_code == 403
    social = login(world.social_worker)
    assert social.get(url("detail", follow_up)).status_code == 200
    assert social.post(url("send_invitations", follow_up)).status_code == 302


def test_without_a_coordinator_the_initiating_unit_convenes_the_follow_up(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    data = {**MINUTES, "step": "close", "next_starts_at": a_date(90)}
    assert client.post(url("hold", meeting), data).status_code == 302
    follow_up = Meeting.objects.get(previous_meeting=meeting)
    assert follow_up.unit == world.school and follow_up.convener == plan.convener


def book_as_convener(client, plan, world):
    """The school books and runs the meeting although social services leads the SIP: the
    teacher convenes this meeting (the booking page is the lead's, so it is made here)."""
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=timezone.now() - timedelta(minutes=5),
        place="Rum 12",
        booked_by=world.teacher,
        unit=world.school,
        convener=world.teacher,
    )
    Participant.objects.create(
        meeting=meeting, kind=Participant.Kind.STAFF, user=world.teacher, unit=world.school
    )
    return meeting


def test_a_meeting_closed_meanwhile_shows_what_was_typed(world, plan, login):
    client = login(world.teacher)
    meeting = begin(book(client, plan))
    Meeting.objects.filter(pk=meeting.pk).update(status=Meeting.Status.HELD)
    response = client.post(url("hold", meeting), {**MINUTES, "situation": NOTE, "step": "save"})
    assert response.status_code == 409
    text = page(response)
    assert "Mötet är avslutat eller inställt och kan inte längre ändras." in text
    assert "Allt du har skrivit finns kvar i formuläret nedan." in text and NOTE in text
    meeting.refresh_from_db()
    assert meeting.situation == ""
    assert client.get(url("hold", meeting)).status_code == 409
