"""Declining carries a short reason, whichever way the answer comes (the link, the phone, in
samordna), and the convener reads it on the meeting's page; others do not."""

from datetime import timedelta

from django.core import mail
from django.utils import timezone

from samordna.meetings.models import Participant
from samordna.meetings.tests.helpers import book, confirm_url, page, url

REASON = "Krockar med en utredning"


def test_a_decline_by_the_link_needs_a_reason_and_the_convener_reads_it(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    link = confirm_url(next(m for m in mail.outbox if m.to == [world.psychologist.email]))
    client.logout()
    refused = client.post(link, {"response": "declined", "reason": "  "})
    assert refused.status_code == 200
    assert "Skriv kort varför du inte kommer." in page(refused)
    participant = meeting.participants.get(user=world.psychologist)
    assert participant.response == Participant.Response.PENDING  # the link still works
    response = client.post(link, {"response": "declined", "reason": REASON})
    assert "Tack för ditt svar" in page(response)
    participant.refresh_from_db()
    assert (participant.response, participant.decline_reason) == ("declined", REASON)
    assert participant.response_via == Participant.Via.LINK

    convener = login(world.teacher)
    assert f"Skäl: {REASON}" in page(convener.get(url("detail", meeting)))
    # Another invitee reads who comes, not why others do not.
    social = login(world.social_worker)
    meeting.participants.create(kind="staff", user=world.social_worker, unit=world.social)
    assert REASON not in page(social.get(url("detail", meeting)))


def test_a_function_says_who_comes_or_why_not(world_mailbox, plan, login):
    client = login(world_mailbox.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    link = confirm_url(next(m for m in mail.outbox if m.to == ["elevhalsan@testby.example"]))
    form = page(client.get(link))
    assert "Vem från er verksamhet kommer?" in form and "Om du inte kommer: varför?" in form
    client.post(link, {"response": "declined", "name": "", "reason": "Kuratorn är föräldraledig"})
    function = meeting.participants.get(kind=Participant.Kind.FUNCTION)
    assert function.decline_reason == "Kuratorn är föräldraledig"


def test_a_decline_by_phone_needs_a_reason(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    guardian = meeting.participants.get(kind=Participant.Kind.GUARDIAN)
    refused = client.post(url("phone_answer", meeting, guardian.pk), {"response": "declined"})
    assert refused.status_code == 400
    assert "Skriv kort varför hen inte kommer." in page(refused)
    guardian.refresh_from_db()
    assert guardian.response == Participant.Response.PENDING
    client.post(
        url("phone_answer", meeting, guardian.pk),
        {"response": "declined", "reason": "Jobbar den dagen"},
    )
    guardian.refresh_from_db()
    assert (guardian.response, guardian.response_via) == ("declined", "phone")
    assert guardian.decline_reason == "Jobbar den dagen"
    assert "Skäl: Jobbar den dagen" in page(client.get(url("detail", meeting)))


def test_a_decline_in_samordna_needs_a_reason(world, plan, login):
    meeting = book(login(world.teacher), plan)
    client = login(world.psychologist)
    refused = client.post(url("my_answer", meeting), {"response": "declined", "reason": ""})
    assert refused.status_code == 400
    assert "Skriv kort varför du inte kommer." in page(refused)
    mine = meeting.participants.get(user=world.psychologist)
    assert mine.response == Participant.Response.PENDING
    client.post(url("my_answer", meeting), {"response": "declined", "reason": REASON})
    mine.refresh_from_db()
    assert (mine.response, mine.response_via, mine.decline_reason) == (
        "declined",
        "samordna",
        REASON,
    )
    assert f"Ditt skäl: {REASON}" in page(client.get(url("detail", meeting)))


def test_coming_after_all_clears_the_reason_and_so_does_a_move(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    psychologist = login(world.psychologist)
    psychologist.post(url("my_answer", meeting), {"response": "declined", "reason": REASON})
    psychologist.post(url("my_answer", meeting), {"response": "accepted", "reason": REASON})
    mine = meeting.participants.get(user=world.psychologist)
    assert (mine.response, mine.decline_reason) == ("accepted", "")
    psychologist.post(url("my_answer", meeting), {"response": "declined", "reason": REASON})
    client = login(world.teacher)
    later = timezone.localtime(meeting.starts_at + timedelta(days=7))
    client.post(
        url("move", meeting),
        {"starts_at": later.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 90, "place": "Rum 1"},
    )
    mine.refresh_from_db()
    assert (mine.response, mine.decline_reason) == ("pending", "")


def test_a_reason_is_short(world, plan, login):
    meeting = book(login(world.teacher), plan)
    client = login(world.psychologist)
    response = client.post(url("my_answer", meeting), {"response": "declined", "reason": "x" * 201})
    assert response.status_code == 400
    assert meeting.participants.get(user=world.psychologist).response == "pending"
