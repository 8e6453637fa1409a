"""Meetings as their users meet them: booked, invited by e-mail with a calendar file and by
letter, answered by link or phone, moved, cancelled, held and closed."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.test import Client
from django.utils import timezone

from samordna.meetings import links
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tests.helpers import MINUTES, begin, book, confirm_url, ics_of, url
from samordna.notifications.models import Notification
from samordna.people.models import Relative
from samordna.people.tests.helpers import make_child
from samordna.plans.tests.factories import give_consent, make_plan


def test_booking_invites_the_prepared_people_the_convener_and_the_family(world, plan, login):
    meeting = book(login(world.teacher), plan)
    kinds = sorted(meeting.participants.values_list("kind", flat=True))
    assert kinds == ["child", "function", "guardian", "staff", "staff"]
    assert meeting.convener == world.teacher and meeting.unit == world.school


def test_invitations_go_by_email_with_a_calendar_file_and_name_no_child(world_mailbox, plan, login):
    world = world_mailbox
    client = login(world.teacher)
    meeting = book(client, plan)
    response = client.post(url("send_invitations", meeting), follow=True)
    assert "3 kallelser skickas med e-post; 2 brev är klara att skriva ut." in (
        response.content.decode()
    )
    recipients = sorted(address for message in mail.outbox for address in message.to)
    # the convener, the psychologist, and the school's functional mailbox for the kurator
    assert recipients == [
        "elevhalsan@testby.example",
        "larare@testby.example",
        "psykolog@testland.example",
    ]
    for message in mail.outbox:
        text = message.subject + message.body + str(message.attachments[0][1])
        for secret in ("Alva", "Testberg", plan.child.identity_number):
            assert secret not in text
        assert message.subject.startswith("Kallelse: SIP-möte")
        event = ics_of(message).walk("VEVENT")[0]
        assert ics_of(message)["METHOD"] == "REQUEST"
        assert str(event["UID"]) == f"{meeting.uid}@samordna"
        assert event["SEQUENCE"] == 0
        assert event.decoded("DTSTART") == meeting.starts_at
        assert str(event["DTSTART"].params["TZID"]) == "Europe/Stockholm"
        assert str(event["LOCATION"]) == "Rum 12, Testskolan"
    # staff also find it in their inbox, without the child's name
    note = Notification.objects.get(user=world.psychologist, kind="invitation")
    assert "Alva" not in note.text


def test_a_second_send_invites_only_those_added_since(world_mailbox, plan, login):
    world = world_mailbox
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    sent = len(mail.outbox)
    response = client.post(url("send_invitations", meeting), follow=True)
    assert "Alla har redan fått kallelsen till mötet." in response.content.decode()
    assert len(mail.outbox) == sent


def test_confirming_by_link_works_once(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    message = next(m for m in mail.outbox if m.to == [world.psychologist.email])
    link = confirm_url(message)
    client.logout()
    page = client.get(link)
    assert page.status_code == 200
    assert "Alva" not in page.content.decode()
    response = client.post(link, {"response": "accepted"})
    assert "Tack för ditt svar" in response.content.decode()
    participant = meeting.participants.get(user=world.psychologist)
    assert participant.response == "accepted" and participant.response_via == "link"
    again = client.post(link, {"response": "declined"})
    assert again.status_code == 410
    assert "Länken har redan använts" in again.content.decode()
    participant.refresh_from_db()
    assert participant.response == "accepted"


def test_of_two_posts_racing_on_one_link_only_the_first_answer_counts(
    world, plan, login, client, monkeypatch
):
    """The second post reads the link while it is still unused; the first one then answers
    before the second writes. The second is refused, and the first answer stands."""
    sender = login(world.teacher)
    meeting = book(sender, plan)
    sender.post(url("send_invitations", meeting))
    link = confirm_url(next(m for m in mail.outbox if m.to == [world.psychologist.email]))
    sender.logout()
    read = links.read
    rival = Client()

    def read_then_lose_the_race(token):
        reading = read(token)
        monkeypatch.setattr(links, "read", read)  # the rival reads as usual
        assert rival.post(link, {"response": "declined", "reason": "Sjuk"}).status_code == 200
        return reading

    monkeypatch.setattr(links, "read", read_then_lose_the_race)
    late = client.post(link, {"response": "accepted"})

    assert late.status_code == 410
    assert "Länken har redan använts" in late.content.decode()
    participant = meeting.participants.get(user=world.psychologist)
    assert (participant.response, participant.decline_reason) == ("declined", "Sjuk")


def test_an_expired_or_broken_link_gets_a_clear_page(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    link = confirm_url(next(m for m in mail.outbox if m.to == [world.psychologist.email]))
    client.logout()
    with time_machine.travel(meeting.starts_at + timedelta(minutes=1)):
        response = client.get(link)
    assert response.status_code == 410
    assert "Länken har gått ut" in response.content.decode()
    broken = client.get(link[:-5] + "xxxx/")
    assert broken.status_code == 404
    assert "Länken är inte giltig" in broken.content.decode()


def test_a_link_expires_after_the_configured_days(world, plan, login, settings):
    settings.MEETING_LINK_DAYS = 3
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    link = confirm_url(next(m for m in mail.outbox if m.to == [world.psychologist.email]))
    with time_machine.travel(timezone.now() + timedelta(days=4)):
        assert client.get(link).status_code == 410


def test_a_function_says_who_comes(world_mailbox, plan, login):
    world = world_mailbox
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    message = next(m for m in mail.outbox if m.to == ["elevhalsan@testby.example"])
    assert "Kurator" in message.body
    link = confirm_url(message)
    refused = client.post(link, {"response": "accepted", "name": ""})
    assert "Ange namnet på den som kommer." in refused.content.decode()
    client.post(link, {"response": "accepted", "name": "Kim Kurator"})
    participant = meeting.participants.get(kind="function")
    assert participant.name == "Kim Kurator"
    assert participant.display_name == "Kurator (Kim Kurator)"


def test_moving_updates_the_calendar_entry_and_voids_old_links(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    old_link = confirm_url(next(m for m in mail.outbox if m.to == [world.psychologist.email]))
    mail.outbox.clear()
    later = timezone.localtime(meeting.starts_at + timedelta(days=7))
    response = client.post(
        url("move", meeting),
        {
            "starts_at": later.strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": 60,
            "place": "Rum 14",
            "link": "",
            "short_notice_reason": "",
        },
    )
    assert response.status_code == 302
    message = next(m for m in mail.outbox if m.to == [world.psychologist.email])
    assert message.subject.startswith("Flyttat: SIP-möte")
    event = ics_of(message).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.uid}@samordna"
    assert event["SEQUENCE"] == 1
    assert str(event["LOCATION"]) == "Rum 14"
    assert client.get(old_link).status_code == 410
    assert client.get(confirm_url(message)).status_code == 200


def test_cancelling_sends_a_calendar_cancel(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    mail.outbox.clear()
    client.post(url("cancel", meeting))
    meeting.refresh_from_db()
    assert meeting.status == "cancelled"
    message = next(m for m in mail.outbox if m.to == [world.psychologist.email])
    calendar = ics_of(message)
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{meeting.uid}@samordna" and event["SEQUENCE"] == 1
    assert message.subject.startswith("Inställt:")


def test_the_convener_records_a_phone_answer_and_staff_answer_in_samordna(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    guardian = meeting.participants.get(kind="guardian")
    client.post(url("phone_answer", meeting, guardian.pk), {"response": "accepted"})
    guardian.refresh_from_db()
    assert (guardian.response, guardian.response_via) == ("accepted", "phone")
    psychologist = login(world.psychologist)
    psychologist.post(url("my_answer", meeting), {"response": "declined", "reason": "Sjuk"})
    assert meeting.participants.get(user=world.psychologist).response == "declined"


def test_a_week_before_the_convener_sees_who_has_not_answered(world, plan, login):
    client = login(world.teacher)
    meeting = book(
        client, plan, when=timezone.now() + timedelta(days=5), short_notice_reason="Akut"
    )
    client.post(url("send_invitations", meeting))
    page = client.get(url("detail", meeting)).content.decode()
    assert "Mötet är om mindre än en vecka. Kontakta dem som inte har svarat:" in page


def test_only_the_leading_unit_convenes(world, plan, login):
    meeting = book(login(world.teacher), plan)
    psychologist = login(world.psychologist)
    assert psychologist.get(url("detail", meeting)).status_code == 200
    assert psychologist.post(url("send_invitations", meeting)).status_code == 403
    assert psychologist.get(url("move", meeting)).status_code == 403
    assert psychologist.get(url("hold", meeting)).status_code == 403


def test_another_principal_without_consent_sees_nothing(world, login):
    child = make_child(world.school, given_name="Alva", family_name="Testberg")
    plan = make_plan(child, world.school, world.teacher)
    give_consent(plan, world.school, documented_by=world.teacher)
    meeting = book(login(world.teacher), plan)
    client = login(world.psychologist)
    for name in ("detail", "hold", "protocol", "move"):
        response = client.get(url(name, meeting))
        assert response.status_code == 404
        assert "Alva" not in response.content.decode()


def test_adding_and_removing_an_interpreter(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    response = client.post(
        url("add_participant", meeting),
        {"kind": "interpreter", "language": "arabiska", "name": "Tolkbyrån Test", "email": ""},
    )
    assert response.status_code == 302
    interpreter = meeting.participants.get(kind="interpreter")
    assert interpreter.display_name == "Tolkbyrån Test"
    refused = client.post(url("add_participant", meeting), {"kind": "staff", "user": ""})
    assert refused.status_code == 400
    assert "Välj vem" in refused.content.decode()
    client.post(url("remove_participant", meeting, interpreter.pk))
    assert not meeting.participants.filter(kind="interpreter").exists()
    guardian = meeting.participants.get(kind="guardian")
    refused = client.post(url("remove_participant", meeting, guardian.pk))
    assert refused.status_code == 409
    assert "Barnet och vårdnadshavarna får alltid kallelsen." in refused.content.decode()


def test_a_meeting_cannot_close_without_the_next_follow_up_or_a_reason(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    begin(meeting)
    refused = client.post(
        url("hold", meeting),
        {**MINUTES, "step": "close", "next_starts_at": "", "no_next_reason": " "},
    )
    assert refused.status_code == 400
    assert "Boka nästa uppföljningsmöte, eller ange varför inget bokas" in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == "booked"


def test_closing_books_the_follow_up_and_makes_the_protocol_available(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    participant = meeting.participants.get(user=world.psychologist)
    begin(meeting)
    saved = client.post(
        url("hold", meeting),
        {**MINUTES, f"attendance-{participant.pk}": "digital", "attendance-x": "1"},
    )
    assert saved.status_code == 302
    stale = client.post(url("hold", meeting), MINUTES)
    assert stale.status_code == 409
    follow_up_at = timezone.localtime(timezone.now() + timedelta(days=90)).replace(
        second=0, microsecond=0
    )
    response = client.post(
        url("hold", meeting),
        {
            **MINUTES,
            "version": 2,
            "step": "close",
            "next_starts_at": follow_up_at.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == "held" and meeting.situation.startswith("Alva berättar")
    follow_up = meeting.next_meeting
    assert follow_up.kind == "follow_up" and follow_up.starts_at == follow_up_at
    assert follow_up.participants.count() == meeting.participants.count()
    plan.refresh_from_db()
    assert plan.next_follow_up == follow_up_at.date()
    assert Notification.objects.filter(user=world.psychologist, kind="protocol").exists()
    assert meeting.participants.get(pk=participant.pk).attendance == "digital"
    # a closed meeting is read-only
    assert client.post(url("hold", meeting), {**MINUTES, "version": 3}).status_code == 409


def test_a_no_show_offering_a_new_time_leads_to_moving_the_meeting(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    begin(meeting)
    refused = client.post(
        url("hold", meeting),
        {**MINUTES, "step": "no_show", "no_show_offer": "", "no_show_note": ""},
    )
    assert refused.status_code == 400
    response = client.post(
        url("hold", meeting),
        {**MINUTES, "version": 2, "step": "no_show", "no_show_offer": "new_time"}
        | {"no_show_note": "Sjuk"},
    )
    assert response.url == url("move", meeting)
    meeting.refresh_from_db()
    assert meeting.no_show and meeting.no_show_offer == "new_time"


def test_reminders_a_week_before_go_once(world, plan, login):
    from samordna.notifications import reminders

    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    mail.outbox.clear()
    assert reminders.invitations_unanswered() == 0  # a month ahead: not yet
    with time_machine.travel(meeting.starts_at - timedelta(days=6)):
        assert reminders.invitations_unanswered() == 1
        reminded = sorted(m.to[0] for m in mail.outbox)
        assert reminded == ["larare@testby.example", "psykolog@testland.example"]
        assert all(m.subject.startswith("Påminnelse") for m in mail.outbox)
        assert reminders.invitations_unanswered() == 0
        assert len(mail.outbox) == 2
    note = Notification.objects.get(user=world.teacher, kind="reminder")
    assert note.url == url("detail", meeting)


def test_no_reminder_for_a_closed_sip(world, plan, login):
    from samordna.notifications import reminders
    from samordna.plans.models import Status

    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    plan.status = Status.CLOSED
    plan.save()
    with time_machine.travel(meeting.starts_at - timedelta(days=6)):
        assert reminders.invitations_unanswered() == 0


def test_every_invitation_mail_is_free_of_the_childs_data(world_mailbox, plan, login):
    world = world_mailbox
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    later = timezone.localtime(meeting.starts_at + timedelta(days=2))
    client.post(
        url("move", meeting),
        {"starts_at": later.strftime("%Y-%m-%dT%H:%M"), "duration_minutes": 90, "place": "Rum 1"},
    )
    client.post(url("cancel", meeting))
    child = plan.child
    guardian = child.guardianships.get().guardian
    secrets = [child.given_name, child.family_name, child.identity_number, guardian.given_name]
    secrets += [child.street_address, guardian.street_address]
    assert len(mail.outbox) >= 9
    for message in mail.outbox:
        blob = message.subject + message.body + "".join(str(a[1]) for a in message.attachments)
        for secret in filter(None, secrets):
            assert secret not in blob, (secret, message.subject)


def test_meeting_model_helpers(world, plan, login):
    meeting = book(login(world.teacher), plan)
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)
    child = meeting.participants.get(kind=Participant.Kind.CHILD)
    assert child.display_name == "Alva Testberg" and child.by_post
    assert Meeting.objects.upcoming().filter(pk=meeting.pk).exists()


def test_the_meeting_pages_do_not_grow_a_query_per_invitee(world, plan, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(world.teacher)
    meeting = book(client, plan)

    def queries(name):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(name, meeting)).status_code == 200
        return len(captured)

    before = {name: queries(name) for name in ("detail", "hold")}
    for n in range(3):
        Participant.objects.create(
            meeting=meeting, kind="interpreter", name=f"Tolk {n}", language="arabiska"
        )
        relative = Relative.objects.create(
            child=plan.child,
            name=f"Släkting {n}",
            relation="moster",
            registered_by_unit=world.school,
        )
        Participant.objects.create(meeting=meeting, kind="relative", relative=relative)
    assert {name: queries(name) for name in ("detail", "hold")} == before
