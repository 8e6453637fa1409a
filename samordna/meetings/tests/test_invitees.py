"""Who is invited and how the invitation reaches them: units chosen in the preparation send
a representative, a function, unit or interpreter without e-mail gets a letter, and nobody
is marked invited when nothing went out."""

import subprocess

from django.core import mail

from samordna.audit.models import AccessLog
from samordna.meetings.models import Participant
from samordna.meetings.tests.helpers import book, confirm_url, ics_of, page, url
from samordna.notifications.tests.helpers import assert_no_child_data
from samordna.plans.models import Preparation


def pdf_text(response, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(response.content)
    result = subprocess.run(
        ["/usr/bin/pdftotext", "-layout", str(path), "-"], capture_output=True, text=True
    )
    return result.stdout


def post_address(unit, street="Box 12", code="99910", city="Testby", mailbox=""):
    unit.postal_address, unit.postal_code, unit.postal_city = street, code, city
    unit.functional_mailbox = mailbox
    unit.save()


# --- Units invited as their representative --------------------------------------------------
def test_booking_invites_the_units_of_the_preparation_unless_already_represented(
    world, plan, login
):
    # The school convenes (and has its kurator invited), BUP has its psychologist: only
    # social services is invited as a unit.
    Preparation.objects.get(plan=plan).invited_units.add(world.school, world.social, world.bup)
    meeting = book(login(world.teacher), plan)
    units = meeting.participants.filter(kind=Participant.Kind.UNIT)
    assert [p.unit for p in units] == [world.social]
    assert units.get().display_name == "Representant"


def test_a_unit_answers_through_its_mailbox_and_says_who_comes(world, plan, login):
    post_address(world.social, mailbox="socialtjansten@testby.example")
    Preparation.objects.get(plan=plan).invited_units.add(world.social)
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    (message,) = [m for m in mail.outbox if m.to == ["socialtjansten@testby.example"]]
    assert "Er verksamhet är kallad att skicka en representant. Ange vem som kommer." in (
        message.body
    )
    assert ics_of(message)["METHOD"] == "REQUEST"
    assert_no_child_data([message], plan.child)
    link = confirm_url(message)
    client.logout()
    form = page(client.get(link))
    assert "Socialtjänsten Testby är kallad att skicka en representant." in form
    refused = client.post(link, {"response": "accepted", "name": ""})
    assert "Ange namnet på den som kommer." in page(refused)
    client.post(link, {"response": "accepted", "name": "Sam Socionom"})
    unit = meeting.participants.get(kind=Participant.Kind.UNIT)
    assert unit.display_name == "Representant (Sam Socionom)"
    detail = page(login(world.teacher).get(url("detail", meeting)))
    assert "Representant (Sam Socionom)" in detail and "Verksamhet (representant)" in detail


def test_the_convener_invites_a_unit_once(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    data = {"kind": "unit", "unit": world.social.pk}
    assert client.post(url("add_participant", meeting), data).status_code == 302
    again = client.post(url("add_participant", meeting), data)
    assert again.status_code == 400
    assert "Redan kallad till det här mötet." in page(again)
    assert meeting.participants.filter(kind="unit", unit=world.social).count() == 1


# --- A letter when there is no e-mail -----------------------------------------------------
def test_a_function_without_a_mailbox_gets_a_letter_that_names_no_child(
    world, plan, login, tmp_path
):
    post_address(world.school)  # a postal address, no functional mailbox
    client = login(world.teacher)
    meeting = book(client, plan)
    response = client.post(url("send_invitations", meeting), follow=True)
    # e-mail: the teacher and the psychologist; letters: Alva, Maja and the kurator
    assert "2 kallelser skickas med e-post; 3 brev är klara att skriva ut." in page(response)
    kurator = meeting.participants.get(kind=Participant.Kind.FUNCTION)
    assert kurator.invited_sequence == 0 and kurator.by_post
    letter = client.get(url("letter", meeting, kurator.pk))
    assert letter["Content-Type"] == "application/pdf"
    text = pdf_text(letter, tmp_path)
    flat = " ".join(text.split())
    assert "Kurator Testskolan Box 12 999 10 Testby" in flat  # the window
    assert "Er verksamhet är kallad till ett möte om en samordnad individuell plan (SIP)" in flat
    assert "Kallelsen kommer med post eftersom vi inte har någon e-" in flat  # e-postadress
    assert "/svar/" in flat.replace(" ", "")
    for secret in ("Alva", "Testberg", "Maja", "Vad är viktigt för dig?", "samtycke"):
        assert secret not in flat, secret


def test_an_interpreter_without_e_mail_gets_a_letter_at_their_own_address(
    world, plan, login, tmp_path
):
    client = login(world.teacher)
    meeting = book(client, plan)
    data = {
        "kind": "interpreter",
        "language": "arabiska",
        "name": "Tolkservice Test AB",
        "email": "",
        "street_address": "Tolkvägen 2",
        "postal_code": "99960",
        "city": "Testby",
    }
    assert client.post(url("add_participant", meeting), data).status_code == 302
    client.post(url("send_invitations", meeting))
    interpreter = meeting.participants.get(kind=Participant.Kind.INTERPRETER)
    assert interpreter.invited_sequence == 0 and interpreter.by_post
    flat = " ".join(pdf_text(client.get(url("letter", meeting, interpreter.pk)), tmp_path).split())
    assert "Tolkservice Test AB Tolkvägen 2 999 60 Testby" in flat
    assert "Du är ombedd att tolka (arabiska)" in flat
    assert "Alva" not in flat and "/sip/" not in flat.replace(" ", "")


def test_nobody_is_marked_invited_when_nothing_can_go_out(world, plan, login):
    # The school has neither a functional mailbox nor a postal address; Maja has no address.
    client = login(world.teacher)
    meeting = book(client, plan)
    guardian = meeting.participants.get(kind=Participant.Kind.GUARDIAN).guardian
    guardian.street_address = ""
    guardian.save()
    response = client.post(url("send_invitations", meeting), follow=True)
    text = page(response)
    assert "2 kallelser skickas med e-post; 1 brev är klara att skriva ut." in text
    assert "Kunde inte kallas eftersom adress saknas: Kurator, Maja Testberg." in text
    assert "Kurator, Testskolan: Verksamheten har varken funktionsbrevlåda eller postadress." in (
        text
    )
    assert "Maja Testberg: Ingen postadress är registrerad." in text
    not_invited = meeting.participants.filter(invited_sequence__isnull=True)
    assert sorted(not_invited.values_list("kind", flat=True)) == ["function", "guardian"]
    assert all(not p.link_nonce for p in not_invited)
    assert len(mail.outbox) == 2
    # Once the unit has an address, the next send reaches it.
    post_address(world.school, mailbox="elevhalsan@testby.example")
    response = client.post(url("send_invitations", meeting), follow=True)
    assert "1 kallelser skickas med e-post; 0 brev är klara att skriva ut." in page(response)
    assert meeting.participants.get(kind=Participant.Kind.FUNCTION).invited_sequence == 0


def test_a_protected_guardian_is_reached_through_the_registering_unit(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    guardian = meeting.participants.get(kind=Participant.Kind.GUARDIAN).guardian
    guardian.protected_identity = "registration"
    guardian.save()
    client.post(url("send_invitations", meeting))
    # The school registered her and has no postal address: the letter has nowhere to go.
    assert meeting.participants.get(guardian=guardian).invited_sequence is None
    post_address(world.school)
    client.post(url("send_invitations", meeting))
    assert meeting.participants.get(guardian=guardian).invited_sequence == 0


# --- Taken off: the calendar's CANCEL -------------------------------------------------------
def test_removing_an_invited_person_cancels_their_calendar_entry(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    client.post(url("send_invitations", meeting))
    mail.outbox.clear()
    psychologist = meeting.participants.get(user=world.psychologist)
    client.post(url("remove_participant", meeting, psychologist.pk))
    (message,) = mail.outbox
    assert message.to == [world.psychologist.email]
    assert message.subject.startswith("Inte längre kallad: SIP-möte")
    calendar = ics_of(message)
    assert calendar["METHOD"] == "CANCEL"
    assert str(calendar.walk("VEVENT")[0]["UID"]) == f"{meeting.uid}@samordna"
    assert_no_child_data([message], plan.child)
    assert not meeting.participants.filter(user=world.psychologist).exists()


# --- Whom a person can be chosen from ---------------------------------------------------
def test_only_staff_who_work_with_children_can_be_invited_by_name(world, plan, login):
    """Administrators manage accounts, not cases: the participant form does not offer them
    (one rule with the plan's other pickers: accounts.models.child_staff)."""
    client = login(world.teacher)
    meeting = book(client, plan)
    form = client.get(url("detail", meeting)).context["participant_form"]
    offered = set(form.fields["user"].queryset)
    assert world.social_worker in offered and world.teacher in offered
    assert world.local_admin not in offered  # a local administrator at social services
    refused = client.post(
        url("add_participant", meeting), {"kind": "staff", "user": world.local_admin.pk}
    )
    assert refused.status_code == 400
    assert not meeting.participants.filter(user=world.local_admin).exists()


# --- The read log: the fetch logs the read, the service the change ------------------------
def test_a_refused_change_is_logged_as_a_read_and_a_made_one_as_a_change(world, plan, login):
    client = login(world.teacher)
    meeting = book(client, plan)
    logged = AccessLog.objects.filter(child=plan.child, user=world.teacher).order_by("id")
    before = logged.count()
    invalid = client.post(url("add_participant", meeting), {"kind": "staff"})  # nobody chosen
    assert invalid.status_code == 400
    assert list(logged[before:].values_list("action", flat=True)) == ["view"]
    before = logged.count()
    data = {"kind": "staff", "user": world.social_worker.pk}
    assert client.post(url("add_participant", meeting), data).status_code == 302
    assert list(logged[before:].values_list("action", flat=True)) == ["view", "update"]
