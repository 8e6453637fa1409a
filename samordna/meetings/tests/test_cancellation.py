"""Cancelling: those invited by e-mail get the calendar's CANCEL, those invited by letter get
a letter to print; and a SIP that closes, or loses its consent, takes its meetings with it."""

import subprocess
from datetime import date, timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from samordna.consents.tests.helpers import whole_withdrawal, withdrawal_data
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tests.helpers import book, confirm_url, ics_of, page, url
from samordna.notifications.models import Notification
from samordna.notifications.tests.helpers import assert_no_child_data
from samordna.people.models import ProtectedIdentity
from samordna.people.tests.helpers import fictional_number, make_guardian

LETTERS_LINK = "Brev om att mötet är inställt, att skriva ut (PDF)"


def pdf_pages(response, tmp_path) -> list[str]:
    path = tmp_path / "letters.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return [" ".join(sheet.split()) for sheet in text.split("\f") if sheet.strip()]


def invited(client, plan, world):
    """Alva's meeting with the invitations sent: e-mail to staff, letters to the family and
    to the kurator (the school has a postal address but no functional mailbox)."""
    world.school.postal_address, world.school.postal_code = "Box 12", "99910"
    world.school.postal_city, world.school.phone = "Testby", "0999-100 20"
    world.school.save()
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    return meeting


def test_a_cancelled_meeting_offers_letters_to_those_invited_by_letter(
    world, plan, login, tmp_path
):
    client = login(world.teacher)
    meeting = invited(client, plan, world)
    maja = meeting.participants.get(kind=Participant.Kind.GUARDIAN).guardian
    maja.preferred_language = "en"
    maja.save()
    sam = make_guardian(
        plan.child,
        given_name="Sam",
        number=fictional_number(date(1980, 5, 17), 991),
        street_address="Hemliga vägen 9",
        protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
    )
    Participant.objects.create(meeting=meeting, kind="guardian", guardian=sam, invited_sequence=0)
    Participant.objects.create(meeting=meeting, kind="relative", relative=None, name="Ej kallad")
    assert LETTERS_LINK not in page(client.get(url("detail", meeting)))
    mail.outbox.clear()

    client.post(url("cancel", meeting))
    detail = page(client.get(url("detail", meeting)))
    assert "Mötet är inställt." in detail and LETTERS_LINK in detail
    response = client.get(url("cancellation_letters", meeting))
    assert response["Content-Type"] == "application/pdf"
    assert "installt-mote" in response["Content-Disposition"]
    letters = pdf_pages(response, tmp_path)
    assert len(letters) == 4  # Alva, Maja, Sam, the kurator; not the one never invited
    alva, maja_letter, sam_letter, kurator = letters
    assert "Alva Testberg Testbergs gränd 3" in alva
    assert "Mötet om din samordnade individuella plan (SIP)" in alva
    assert "SIP-mötet är inställt" in alva and "Du behöver inte komma." in alva
    assert "The SIP meeting is cancelled" in maja_letter  # in her language
    assert "The meeting about the coordinated individual plan (SIP) for Alva Testberg" in (
        maja_letter
    )
    assert "Sam Testsson c/o Testskolan Box 12 999 10 Testby" in sam_letter
    assert "Hemliga vägen" not in " ".join(letters)
    assert "Kurator Testskolan Box 12 999 10 Testby" in kurator
    assert "som ni var kallade till, är inställt. Ni behöver inte komma." in kurator
    assert "Alva" not in kurator and "Testberg" not in kurator
    # Staff invited by e-mail had the calendar's CANCEL, free of the child's data.
    assert {m.to[0] for m in mail.outbox} == {world.teacher.email, world.psychologist.email}
    assert all(ics_of(m)["METHOD"] == "CANCEL" for m in mail.outbox)
    assert_no_child_data(mail.outbox, plan.child)


def test_only_a_cancelled_meeting_has_them_and_only_for_its_conveners(world, plan, login):
    client = login(world.teacher)
    meeting = invited(client, plan, world)
    response = client.get(url("cancellation_letters", meeting))
    assert response.status_code == 302 and response.url == url("detail", meeting)
    client.post(url("cancel", meeting))
    bup = login(world.psychologist)
    assert LETTERS_LINK not in page(bup.get(url("detail", meeting)))
    assert bup.get(url("cancellation_letters", meeting)).status_code == 403


def test_closing_the_sip_cancels_its_meetings_still_to_come(world, plan, login):
    client = login(world.teacher)
    meeting = invited(client, plan, world)
    link = confirm_url(next(m for m in mail.outbox if m.to == [world.psychologist.email]))
    held = Meeting.objects.create(
        plan=plan,
        starts_at=timezone.now() - timedelta(days=30),
        status=Meeting.Status.HELD,
        booked_by=world.teacher,
        unit=world.school,
    )
    mail.outbox.clear()
    response = client.post(
        reverse("plans:close", args=[plan.pk]),
        {"reason": "no_joint_needs", "note": "", "confirm": "on"},
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    held.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED and held.status == Meeting.Status.HELD
    cancels = [m for m in mail.outbox if m.attachments]
    assert {m.to[0] for m in cancels} == {world.teacher.email, world.psychologist.email}
    assert all(ics_of(m)["METHOD"] == "CANCEL" for m in cancels)
    assert_no_child_data(cancels, plan.child)
    assert client.get(link).status_code == 410  # the answer links are void
    note = Notification.objects.get(user=world.teacher, key=f"cancelled:{meeting.pk}")
    assert "skriv ut brev om att mötet är inställt" in note.text
    assert "Alva" not in note.text
    assert LETTERS_LINK in page(client.get(url("detail", meeting)))
    letters = client.get(url("cancellation_letters", meeting))
    assert letters.status_code == 200


def test_withdrawing_the_whole_consent_cancels_them(world, plan, login):
    client = login(world.teacher)
    meeting = invited(client, plan, world)
    consent = plan.consents.get()
    response = client.post(
        reverse("consents:withdraw", args=[plan.pk, consent.pk]),
        whole_withdrawal(consent),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED


def test_a_unit_taken_out_of_the_consent_is_taken_off_the_meetings(world, plan, login):
    world.bup.functional_mailbox = "bup@testland.example"
    world.bup.save()
    client = login(world.teacher)
    meeting = invited(client, plan, world)
    Participant.objects.create(meeting=meeting, kind="unit", unit=world.bup, invited_sequence=0)
    Participant.objects.create(meeting=meeting, kind="staff", user=world.social_worker)
    meeting.leader = world.psychologist
    meeting.save()
    mail.outbox.clear()
    consent = plan.consents.get()
    response = client.post(
        reverse("consents:withdraw", args=[plan.pk, consent.pk]),
        withdrawal_data(consent, confirmed=True, units=[world.bup.pk]),
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.BOOKED and meeting.leader is None
    left = meeting.participants.filter(unit=world.bup)
    assert not left.exists()
    assert meeting.participants.filter(user=world.social_worker).exists()  # no unit: kept
    assert meeting.participants.filter(user=world.teacher).exists()
    removed = [m for m in mail.outbox if m.attachments]
    assert sorted(m.to[0] for m in removed) == ["bup@testland.example", world.psychologist.email]
    for message in removed:
        assert message.subject.startswith("Inte längre kallad: SIP-möte")
        assert ics_of(message)["METHOD"] == "CANCEL"
    assert_no_child_data(removed, plan.child)


def test_a_convening_unit_taken_out_hands_the_meeting_to_the_lead(world, plan, login):
    """Social services coordinates and convenes; it leaves the consent: the initiating school
    leads again and convenes the meeting, with the SIP's convener."""
    plan.coordinator, plan.coordinator_unit = world.social_worker, world.social
    plan.save()
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=timezone.now() + timedelta(days=30),
        place="Rum 1",
        booked_by=world.social_worker,
        unit=world.social,
        convener=world.social_worker,
    )
    Participant.objects.create(
        meeting=meeting, kind="staff", user=world.social_worker, unit=world.social
    )
    client = login(world.teacher)
    consent = plan.consents.get()
    client.post(
        reverse("consents:withdraw", args=[plan.pk, consent.pk]),
        withdrawal_data(consent, confirmed=True, units=[world.social.pk]),
    )
    meeting.refresh_from_db()
    assert meeting.unit == world.school and meeting.convener == world.teacher
    assert meeting.participants.filter(user=world.teacher, unit=world.school).exists()
    assert not meeting.participants.filter(unit=world.social).exists()
