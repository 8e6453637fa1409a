"""The protocol of a SIP meeting: participants, roles, attendance, the minutes in the order
of the agenda, the plan as approved under the law's four headings, the next meeting, no
addresses; and the copies for the post, each with a window cover page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from samordna.meetings import protocol
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tests.test_letters import (
    build_meeting,
    page_count,
    pdf_text,
    plain,
    swedish_when,
)
from samordna.people.models import ProtectedIdentity
from samordna.plans.models import Goal, Measure, PlanVersion
from samordna.plans.services import snapshot

LAW_HEADINGS = [
    "1. Vilka insatser som behövs",
    "2. Vilka insatser respektive huvudman ska svara för",
    "3. Vilka åtgärder som vidtas av någon annan än kommunen eller regionen",
    "4. Vem av huvudmännen som har det övergripande ansvaret för planen",
]
SITUATION = "Alva berättar att rasterna är svåra och att hon vill ha en vuxen nära."
VIEWS = "Skolan ser att Alva trivs på lektionerna; socialtjänsten erbjuder föräldrastöd."


def held_meeting(world, *, approve=True) -> Meeting:
    """Alva's meeting, held and closed with minutes, attendance recorded for some, the plan
    approved at it (unless not), and a follow-up booked."""
    meeting = build_meeting(world, leader=world.social_worker, note_taker=world.teacher)
    plan = meeting.plan
    plan.overall_responsibility = world.municipality
    plan.save()
    goal = Goal.objects.create(plan=plan, term=Goal.Term.SHORT, text="Alva har en trygg rast.")
    Measure.objects.create(
        plan=plan,
        goal=goal,
        responsible_unit=world.school,
        kept_by_unit=world.school,
        description="Rastvärd varje dag",
    )
    Measure.objects.create(
        plan=plan,
        goal=goal,
        kept_by_unit=world.social,
        description="Fritidsklubb",
        other_actor="Föreningen Testbys unga",
        other_actor_kind=Measure.OtherActor.CIVIL_SOCIETY,
    )
    if approve:
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            meeting=meeting,
            approved_on=timezone.localdate(meeting.starts_at),
            approved_by=world.teacher,
            attendees="Alla",
            content=snapshot(plan),
        )
    follow_up = Meeting.objects.create(
        plan=plan,
        kind=Meeting.Kind.FOLLOW_UP,
        starts_at=meeting.starts_at + timedelta(days=60),
        booked_by=world.teacher,
        unit=world.school,
        convener=world.teacher,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        presentation_done=True,
        purpose_read=True,
        situation=SITUATION,
        actors_views=VIEWS,
        other_notes="Alva väljer själv vem som är rastvärd.",
        status=Meeting.Status.HELD,
        closed_at=timezone.now() + timedelta(seconds=1),
        closed_by=world.teacher,
        next_meeting=follow_up,
    )
    attendance = {
        Participant.Kind.CHILD: Participant.Attendance.PRESENT,
        Participant.Kind.GUARDIAN: Participant.Attendance.DIGITAL,
        Participant.Kind.FUNCTION: Participant.Attendance.ABSENT,
    }
    for kind, value in attendance.items():
        meeting.participants.filter(kind=kind).update(attendance=value)
    meeting.refresh_from_db()
    return meeting


@pytest.mark.django_db
class TestProtocol:
    def test_it_lists_the_participants_roles_and_attendance(self, world, tmp_path):
        meeting = held_meeting(world)
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        assert "Protokoll" in text
        assert "Alva Testsson" in text
        assert swedish_when(meeting) in text
        assert "Testskolan, rum 12" in text
        assert "Larare Testsson Testskolan Sammankallande, Sekreterare" in text
        assert "Soc Testsson Socialtjänsten Testby Mötesledare" in text
        assert "Alva Testsson Barnet – Närvarande" in text
        assert "Kim Testsson Vårdnadshavare – Deltog digitalt" in text
        assert "Kurator Testskolan – Frånvarande" in text
        assert "Larare Testsson Testskolan Sammankallande, Sekreterare Inte antecknad" in text

    def test_it_writes_the_minutes_in_the_order_of_the_agenda(self, world, tmp_path):
        meeting = held_meeting(world)
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        order = [
            "Presentationsrunda Genomfört.",
            "Hur kan Alva få en trygg skolgång?",
            SITUATION,
            VIEWS,
            "Uppläsning av planen Inte antecknat som genomfört.",
            "Alva väljer själv vem som är rastvärd.",
        ]
        positions = [text.index(part) for part in order]
        assert positions == sorted(positions)

    def test_it_shows_the_approved_plan_under_the_laws_four_headings(self, world, tmp_path):
        meeting = held_meeting(world)
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        assert "Version 1, godkänd på detta möte" in text
        positions = [text.index(heading) for heading in LAW_HEADINGS]
        assert positions == sorted(positions)
        assert "Rastvärd varje dag" in text
        assert "Fritidsklubb – Föreningen Testbys unga" in text
        assert f"{LAW_HEADINGS[3]} Testby kommun" in text
        assert "Utkast" not in text

    def test_it_marks_a_draft_plan(self, world, tmp_path):
        meeting = held_meeting(world, approve=False)
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        assert "Utkast – inte godkänd på ett SIP-möte" in text
        assert "Rastvärd varje dag" in text

    def test_it_ignores_a_version_approved_after_the_meeting(self, world):
        meeting = held_meeting(world)
        PlanVersion.objects.create(
            plan=meeting.plan,
            number=2,
            meeting=meeting.next_meeting,
            approved_on=timezone.localdate(meeting.next_meeting.starts_at),
            approved_by=world.teacher,
            attendees="–",
            content={},
        )
        content, version = protocol.approved_plan(meeting)
        assert version.number == 1

    def test_a_version_entered_days_later_is_dated_with_its_meeting(self, world, tmp_path):
        # The protocol of a meeting never says the plan was approved on another day.
        meeting = held_meeting(world)
        PlanVersion.objects.filter(plan=meeting.plan).update(
            approved_at=meeting.starts_at + timedelta(days=40)
        )
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        day = timezone.localdate(meeting.starts_at)
        assert f"Version 1, godkänd på detta möte {day:%Y-%m-%d}" in text
        later = timezone.localdate(meeting.starts_at + timedelta(days=40))
        assert f"{later:%Y-%m-%d}" not in text.split("Nästa möte")[0]

    def test_a_later_meeting_without_a_new_version_names_the_one_in_force(self, world, tmp_path):
        meeting = held_meeting(world)
        follow_up = meeting.next_meeting
        Meeting.objects.filter(pk=follow_up.pk).update(status=Meeting.Status.HELD)
        text = plain(pdf_text(protocol.protocol_pdf(follow_up, unit=world.school), tmp_path))
        day = timezone.localdate(meeting.starts_at)
        assert (
            "Ingen ny version av planen godkändes på detta möte. Gäller: version 1, "
            f"godkänd på SIP-mötet {day:%Y-%m-%d}."
        ) in text

    def test_it_names_the_next_meeting(self, world, tmp_path):
        meeting = held_meeting(world)
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        assert f"Nästa möte {swedish_when(meeting.next_meeting)}" in text

    def test_it_gives_the_reason_when_no_meeting_is_booked(self, world, tmp_path):
        meeting = held_meeting(world)
        Meeting.objects.filter(pk=meeting.pk).update(
            next_meeting=None, no_next_reason="Planen avslutas."
        )
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        assert "Inget uppföljningsmöte är bokat: Planen avslutas." in text

    def test_it_records_the_no_show(self, world, tmp_path):
        meeting = held_meeting(world)
        Meeting.objects.filter(pk=meeting.pk).update(
            no_show=True, no_show_offer=Meeting.NoShowOffer.PHONE, no_show_note="Ringer i morgon."
        )
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        assert "Den enskilde kom inte" in text
        assert "Ringer i morgon." in text

    def test_it_prints_no_address(self, world, tmp_path):
        meeting = held_meeting(world)
        text = plain(pdf_text(protocol.protocol_pdf(meeting, unit=world.school), tmp_path))
        for address in ["Testssons gränd 3", "Kims stig 7", "999 01", "999 02", "Box 12", "999 10"]:
            assert address not in text


@pytest.mark.django_db
class TestProtocolForPost:
    def test_each_postal_participant_gets_a_copy_with_a_cover_page(self, world, tmp_path):
        meeting = held_meeting(world)
        content = protocol.protocol_for_post(meeting, unit=world.school)
        pages = pdf_text(content, tmp_path).split("\f")[:-1]
        assert len(pages) == page_count(content, tmp_path)
        covers = [page for page in pages if "Här är protokollet från mötet" in page]
        assert len(covers) == 2
        assert "Alva Testsson\nTestssons gränd 3\n999 01 Testby" in covers[0]
        assert "Kim Testsson\nKims stig 7\n999 02 Testby" in covers[1]
        assert "Kims stig 7" not in covers[0]
        copies = plain("\f".join(pages)).count("Sida 1 ")
        assert copies == 2  # each copy counts its own pages

    def test_a_protected_address_goes_care_of_the_registering_unit(self, world, tmp_path):
        meeting = held_meeting(world)
        guardian = meeting.participants.get(kind=Participant.Kind.GUARDIAN).guardian
        guardian.protected_identity = ProtectedIdentity.CONFIDENTIALITY_MARKING
        guardian.save()
        for unit in (world.social, world.school):  # also when the registering unit prints
            text = plain(pdf_text(protocol.protocol_for_post(meeting, unit=unit), tmp_path))
            assert "Kim Testsson c/o Testskolan Box 12 999 10 Testby" in text
            assert "Kims stig 7" not in text
