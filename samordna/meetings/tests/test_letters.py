"""The invitation letters on paper: content, the envelope window, protected addresses,
language, and the batch of all letters."""

import subprocess
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from samordna.meetings import letters, links, mail, services
from samordna.meetings.models import Meeting, Participant
from samordna.people.models import ProtectedIdentity
from samordna.people.tests.helpers import fictional_number, make_child, make_guardian
from samordna.plans.tests.factories import give_consent, make_plan


def build_meeting(world, **fields) -> Meeting:
    """Alva's SIP meeting convened by the school: the teacher, social services' worker, the
    school counsellor (a function), Alva and her guardian Kim, each with a link."""
    world.school.postal_address = "Box 12"
    world.school.postal_code = "99910"
    world.school.postal_city = "Testby"
    world.school.phone = "0999-100 20"
    world.school.save()
    child = make_child(world.school, postal_code="99901", city="Testby")
    make_guardian(child, postal_code="99902", city="Testby")
    plan = make_plan(child, world.school, world.teacher)
    give_consent(plan, world.social, documented_by=world.teacher)
    starts_at = (timezone.localtime() + timedelta(days=21)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    meeting = Meeting.objects.create(
        plan=plan,
        starts_at=starts_at,
        place="Testskolan, rum 12",
        questions="Hur kan rasterna bli tryggare?",
        booked_by=world.teacher,
        unit=world.school,
        convener=world.teacher,
        **fields,
    )
    services.invite_from_preparation(meeting, world.school)
    Participant.objects.create(
        meeting=meeting, kind=Participant.Kind.STAFF, user=world.social_worker, unit=world.social
    )
    Participant.objects.create(
        meeting=meeting,
        kind=Participant.Kind.FUNCTION,
        function=world.counsellor,
        unit=world.school,
    )
    give_links(meeting)
    return meeting


def give_links(meeting) -> None:
    for participant in meeting.participants.all():
        participant.new_link_nonce()
        participant.save(update_fields=["link_nonce"])


def pdf_text(content: bytes, tmp_path, *, layout=False) -> str:
    """The PDF's text as pdftotext reads it, pages separated by form feeds."""
    assert content.startswith(b"%PDF")
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    arguments = ["/usr/bin/pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(arguments, capture_output=True, check=True, text=True).stdout


def plain(text: str) -> str:
    """Runs of white space as single spaces."""
    return " ".join(text.split())


def page_count(content: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["/usr/bin/pdfinfo", str(path)], capture_output=True, text=True)
    return int(next(line.split()[-1] for line in info.stdout.splitlines() if "Pages:" in line))


def printed_token(text: str) -> str:
    """The token of the confirmation link printed in the letter (broken over lines)."""
    path = reverse("meetings:confirm", args=["TOKEN"]).split("TOKEN")[0]
    prefix = settings.SITE_URL.rstrip("/") + path
    joined = "".join(text.split())
    assert prefix in joined
    return joined.split(prefix, 1)[1].split("/", 1)[0]


def participant(meeting, kind) -> Participant:
    return meeting.participants.filter(kind=kind).first()


def swedish_when(meeting) -> str:
    with translation.override("sv"):
        return mail.when(meeting)


@pytest.mark.django_db
class TestLetter:
    def test_it_says_who_when_why_and_how_to_answer(self, world, tmp_path):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN)
        text = pdf_text(letters.letter_pdf(guardian, unit=world.school), tmp_path)
        flat = plain(text)
        assert "Kallelse till SIP-möte" in flat
        assert "Kim Testsson" in flat
        assert "Alva Testsson" in flat
        assert swedish_when(meeting) in flat
        assert "Testskolan, rum 12" in flat
        assert "Hur kan Alva få en trygg skolgång?" in flat
        assert "Hur kan rasterna bli tryggare?" in flat
        assert "Svara om du kommer" in flat
        assert "Vad är viktigt för dig?" in flat
        assert "Det är frivilligt att vara med." in flat
        assert "0999-100 20" in flat
        reading = links.read(printed_token(text))
        assert reading.state == links.State.VALID
        assert reading.participant == guardian

    def test_it_names_the_other_invitees_and_their_units_without_addresses(self, world, tmp_path):
        meeting = build_meeting(world)
        child = participant(meeting, Participant.Kind.CHILD)
        flat = plain(pdf_text(letters.letter_pdf(child, unit=world.school), tmp_path))
        assert "Soc Testsson – Socialtjänsten Testby" in flat
        assert "Kurator – Testskolan" in flat
        assert "Kim Testsson – Vårdnadshavare" in flat
        assert "Kims stig 7" not in flat  # the guardian's address
        assert "Testssons gränd 3" in flat  # the child's own, in the window

    def test_it_carries_the_link_as_a_qr_code(self, world):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN)
        html = letters._front(
            guardian, letters._loaded(meeting), world.school, timezone.localdate()
        )
        assert 'class="qr" src="data:image/png;base64,' in html

    def test_it_asks_for_a_phone_call_when_there_is_no_link(self, world, tmp_path):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN)
        services.record_answer(guardian, Participant.Response.ACCEPTED, Participant.Via.PHONE)
        flat = plain(pdf_text(letters.letter_pdf(guardian, unit=world.school), tmp_path))
        assert "Ring Testskolan, telefon 0999-100 20" in flat
        assert reverse("meetings:confirm", args=["TOKEN"]).split("TOKEN")[0] not in flat

    def test_it_puts_the_address_in_the_window(self, world, tmp_path):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN)
        content = letters.letter_pdf(guardian, unit=world.school)
        path = tmp_path / "letter.pdf"
        path.write_bytes(content)
        # The window of an H2 envelope: 110–190 mm from the left, 45–85 mm from the top.
        mm = 72 / 25.4
        window = ["-x", str(int(110 * mm)), "-y", str(int(45 * mm))]
        window += ["-W", str(int(80 * mm)), "-H", str(int(40 * mm))]
        inside = subprocess.run(
            ["/usr/bin/pdftotext", "-f", "1", "-l", "1", *window, str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        assert inside.split("\n")[:3] == ["Kim Testsson", "Kims stig 7", "999 02 Testby"]


@pytest.mark.django_db
class TestProtectedAddress:
    def protected_guardian(self, world, meeting) -> Participant:
        guardian = make_guardian(
            meeting.plan.child,
            given_name="Sam",
            number=fictional_number(date(1980, 5, 17), 991),
            street_address="Hemliga vägen 9",
            postal_code="99977",
            city="Gömby",
            protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION,
        )
        return Participant.objects.create(
            meeting=meeting, kind=Participant.Kind.GUARDIAN, guardian=guardian, link_nonce="x" * 32
        )

    def test_another_unit_prints_it_care_of_the_registering_unit(self, world, tmp_path):
        meeting = build_meeting(world)
        sam = self.protected_guardian(world, meeting)
        flat = plain(pdf_text(letters.letter_pdf(sam, unit=world.social), tmp_path))
        assert "Sam Testsson c/o Testskolan Box 12 999 10 Testby" in flat
        assert "Hemliga vägen" not in flat
        assert "Gömby" not in flat
        assert "999 77" not in flat

    def test_the_registering_unit_prints_it_care_of_itself_too(self, world, tmp_path):
        # A letter leaves the unit whoever prints it: the unit forwards it, knowing the address.
        meeting = build_meeting(world)
        sam = self.protected_guardian(world, meeting)
        flat = plain(pdf_text(letters.letter_pdf(sam, unit=world.school), tmp_path))
        assert "Sam Testsson c/o Testskolan Box 12 999 10 Testby" in flat
        assert "Hemliga vägen" not in flat

    def test_no_letter_shows_it(self, world, tmp_path):
        meeting = build_meeting(world)
        self.protected_guardian(world, meeting)
        flat = plain(pdf_text(letters.batch_pdf(meeting, unit=world.school), tmp_path))
        assert "Hemliga vägen 9" not in flat
        assert "c/o Testskolan" in flat


@pytest.mark.django_db
class TestLanguage:
    def test_it_writes_in_the_recipients_language(self, world, tmp_path):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN)
        guardian.guardian.preferred_language = "en"
        guardian.guardian.save()
        flat = plain(pdf_text(letters.letter_pdf(guardian, unit=world.school), tmp_path))
        assert "Invitation to a SIP meeting" in flat
        assert "What is important to you?" in flat
        assert "Answer whether you are coming" in flat
        assert "Kallelse" not in flat
        with translation.override("en"):
            assert mail.when(meeting) in flat

    def test_a_batch_mixes_languages_letter_by_letter(self, world, tmp_path):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN).guardian
        guardian.preferred_language = "en"
        guardian.save()
        pages = pdf_text(letters.batch_pdf(meeting, unit=world.school), tmp_path).split("\f")
        fronts = [i for i, page in enumerate(pages) if "Datum " in page or "Date " in page]
        # The child's, the guardian's, and the kurator's (no functional mailbox: by letter).
        assert len(fronts) == 3
        child_letter = plain(" ".join(pages[: fronts[1]]))
        guardian_letter = plain(" ".join(pages[fronts[1] : fronts[2]]))
        assert "Kallelse till SIP-möte" in child_letter
        assert "Inbjudna till mötet" in child_letter
        assert "Invitation to a SIP meeting" in guardian_letter
        assert "Who is invited" in guardian_letter
        assert "Inbjudna" not in guardian_letter

    def test_it_writes_swedish_when_samordna_lacks_the_language(self, world, tmp_path):
        meeting = build_meeting(world)
        guardian = participant(meeting, Participant.Kind.GUARDIAN)
        guardian.guardian.preferred_language = "so"
        guardian.guardian.save()
        flat = plain(pdf_text(letters.letter_pdf(guardian, unit=world.school), tmp_path))
        assert "Kallelse till SIP-möte" in flat


@pytest.mark.django_db
class TestBatch:
    def test_it_prints_one_letter_per_postal_participant(self, world, tmp_path):
        # The family by letter, and the kurator too: the school has no functional mailbox.
        meeting = build_meeting(world, kind=Meeting.Kind.FOLLOW_UP)
        recipients = letters.letter_recipients(meeting)
        assert [p.kind for p in recipients] == [
            Participant.Kind.CHILD,
            Participant.Kind.GUARDIAN,
            Participant.Kind.FUNCTION,
        ]
        calls = []
        content = letters.batch_pdf(
            meeting, unit=world.school, progress=lambda done, total: calls.append((done, total))
        )
        text = pdf_text(content, tmp_path)
        pages = text.split("\f")[:-1]
        assert len(pages) == page_count(content, tmp_path)
        first_pages = [page for page in pages if "Kallelse till uppföljningsmöte (SIP)\n" in page]
        assert len(first_pages) == 3
        assert "Testssons gränd 3" in first_pages[0]
        assert "Kims stig 7" in first_pages[1]
        assert "Kurator\nTestskolan\nBox 12\n999 10 Testby" in first_pages[2]
        assert "Alva" not in first_pages[2]  # a letter to staff names no child
        assert plain(text).count("Sida 1") == 3  # each letter counts its own pages
        assert calls[-1] == (3, 3)

    def test_it_fetches_the_participants_once(self, world, django_assert_max_num_queries):
        meeting = build_meeting(world)
        with django_assert_max_num_queries(2):
            recipients = letters.postal_participants(meeting)
            assert all(p.person.full_name for p in recipients)

    def test_an_empty_batch_says_so(self, world, tmp_path):
        meeting = build_meeting(world)
        world.school.functional_mailbox = "elevhalsan@testby.example"
        world.school.save()
        meeting.participants.filter(kind__in=Participant.FAMILY).delete()
        flat = plain(pdf_text(letters.batch_pdf(meeting, unit=world.school), tmp_path))
        assert "Ingen av de inbjudna till mötet får kallelsen med post." in flat
