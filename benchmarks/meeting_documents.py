"""The meeting's papers: a protocol of ten pages or more, and 500 invitation letters as one batch.

Run: .venv/bin/python benchmarks/meeting_documents.py [letters] [--keep DIR]
     DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \
         .venv/bin/python benchmarks/meeting_documents.py
Targets: the protocol in at most 1 s, the 500 letters in at most 60 s. Prints seconds and
pages for each; --keep writes the PDFs to DIR. Figures go to benchmarks/README.md.
"""

import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from _setup import database_name, setup_django

PROTOCOL_TARGET, LETTERS_TARGET = 1.0, 60.0


def build_meetings(letters: int):
    """Nora's plan (demo) with 30 more measures and a new version; a held meeting with long
    minutes and a booked follow-up (the protocol), and a booked meeting that invites the
    family and `letters` − 3 relatives by post (the batch). Returns both and the unit."""
    from django.utils import timezone

    from samordna.accounts.models import User
    from samordna.meetings import services
    from samordna.meetings.models import Meeting, Participant
    from samordna.organisations.models import Unit
    from samordna.people.models import ProtectedIdentity, Relative
    from samordna.plans.models import Goal, Measure, Plan, PlanVersion
    from samordna.plans.services import snapshot

    plan = Plan.objects.get(child__given_name="Nora")
    sara = User.objects.get(email="sara.ek@sagoby.example")
    social = Unit.objects.get(name="Socialtjänsten Sagoby, barn och familj")
    units = list(Unit.objects.select_related("principal")[:8])
    goal = Goal.objects.create(plan=plan, term=Goal.Term.SHORT, text="Nora har en trygg vardag.")
    Measure.objects.bulk_create(
        Measure(
            plan=plan,
            goal=goal,
            description=f"Insats {n}: samtal, stöd i klassrummet och uppföljning med "
            "familjen varannan vecka, med en kort rapport till samordnaren.",
            responsible_unit=units[n % len(units)],
            timing="Hela läsåret",
        )
        for n in range(30)
    )
    PlanVersion.objects.create(
        plan=plan, number=2, approved_by=sara, attendees="Alla", content=snapshot(plan)
    )
    minutes = "\n\n".join(
        f"Del {n}: Nora berättar om hur skoldagen fungerar, vad som är svårt på rasterna och "
        "vad som hjälper. Familjen beskriver morgnarna och kontakten med skolan." * 2
        for n in range(7)
    )
    start = (timezone.localtime() + timedelta(days=21)).replace(
        hour=13, minute=0, second=0, microsecond=0
    )
    common = {
        "plan": plan,
        "kind": Meeting.Kind.FOLLOW_UP,
        "place": "Ekbackens skola, konferensrummet",
        "link": "https://mote.sagoby.example/sip-4711",
        "questions": "Hur har det gått med närvaron? Behövs fler insatser på rasterna?",
        "booked_by": sara,
        "unit": social,
        "convener": sara,
    }
    follow_up = Meeting.objects.create(starts_at=start + timedelta(days=90), **common)
    held = Meeting.objects.create(
        **common,
        starts_at=start,
        leader=sara,
        note_taker=sara,
        presentation_done=True,
        previous_plan_read=True,
        purpose_read=True,
        situation=minutes,
        actors_views=minutes,
        plan_read_aloud=True,
        other_notes=minutes,
        status=Meeting.Status.HELD,
        closed_at=timezone.now() + timedelta(days=22),
        closed_by=sara,
        next_meeting=follow_up,
    )
    services.invite_from_preparation(held, social)
    held.participants.update(attendance=Participant.Attendance.PRESENT)

    booked = Meeting.objects.create(starts_at=start + timedelta(days=7), **common)
    services.invite_from_preparation(booked, social)
    relatives = Relative.objects.bulk_create(
        Relative(
            child=plan.child,
            name=f"Släkting {n} Sagström",
            relation="moster",
            street_address=f"Lindvägen {n}",
            postal_code="99920",
            city="Sagoby",
            protected_identity=ProtectedIdentity.PROTECTED_REGISTRATION if n % 50 == 0 else "",
            registered_by_unit=plan.child.registered_by_unit,
        )
        for n in range(max(letters - 3, 0))
    )
    Participant.objects.bulk_create(
        Participant(meeting=booked, kind=Participant.Kind.RELATIVE, relative=relative)
        for relative in relatives
    )
    participants = list(booked.participants.all())
    for participant in participants:
        participant.new_link_nonce()
    Participant.objects.bulk_update(participants, ["link_nonce"])
    return held, booked, social


def pages(pdf: bytes) -> int:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        info = subprocess.run(  # noqa: S603 (a fixed program on our own file)
            ["/usr/bin/pdfinfo", file.name], capture_output=True, text=True, check=True
        )
    lines = info.stdout.splitlines()
    return int(next(line.split()[-1] for line in lines if line.startswith("Pages:")))


def baseline_pdf(pages: int) -> bytes:
    """WeasyPrint's floor: `pages` A4 pages of plain paragraphs, one page a section, the
    same font and size as the letters."""
    from weasyprint import HTML

    paragraph = "<p>" + "Samordnad individuell plan för barn och unga. " * 25 + "</p>"
    style = (
        "<style>@page { size: A4; margin: 15mm 20mm } section { break-before: page } "
        "body { font-family: 'Liberation Sans'; font-size: 11pt; line-height: 1.4 }</style>"
    )
    sections = f"<section>{paragraph * 3}</section>" * pages
    return HTML(string=style + sections).write_pdf()


def timed(fn):
    """(result, wall seconds, CPU seconds of this process): the machine is shared, so the
    CPU time says more about the code than the wall time."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def main(letters: int, keep: Path | None) -> None:
    setup_django()
    from samordna.meetings import letters as letter_module
    from samordna.meetings import protocol

    held, booked, unit = build_meetings(letters)
    postal = len(letter_module.postal_participants(booked))
    protocol.protocol_pdf(held, unit=unit)  # warm-up: WeasyPrint, fonts, templates

    protocol_pdf, protocol_wall, protocol_cpu = timed(
        lambda: protocol.protocol_pdf(held, unit=unit)
    )
    protocol_pages = pages(protocol_pdf)
    assert protocol_pages >= 10, protocol_pages
    batch, batch_wall, batch_cpu = timed(lambda: letter_module.batch_pdf(booked, unit=unit))
    batch_pages = pages(batch)
    floor, floor_wall, floor_cpu = timed(lambda: baseline_pdf(batch_pages))
    assert pages(floor) == batch_pages, pages(floor)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"database: {database_name()}, one run each, in-process; seconds wall (CPU)")
    print(
        f"protocol: {protocol_wall:6.2f} s ({protocol_cpu:.2f} s CPU), {protocol_pages} pages "
        f"(target ≤ {PROTOCOL_TARGET:.0f} s)"
    )
    print(
        f"letters:  {batch_wall:6.2f} s ({batch_cpu:.2f} s CPU), {postal} letters, "
        f"{batch_pages} pages, {batch_wall / postal * 1000:.0f} ms a letter "
        f"(target ≤ {LETTERS_TARGET:.0f} s)"
    )
    print(
        f"baseline: {floor_wall:6.2f} s ({floor_cpu:.2f} s CPU), {batch_pages} pages of plain "
        f"text; letters/baseline {batch_wall / floor_wall:.2f} (CPU {batch_cpu / floor_cpu:.2f})"
    )
    print(f"peak memory of the process: {peak:.0f} MB")
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        (keep / "protocol.pdf").write_bytes(protocol_pdf)
        (keep / "letters.pdf").write_bytes(batch)
        (keep / "protocol-post.pdf").write_bytes(protocol.protocol_for_post(held, unit=unit))


if __name__ == "__main__":
    arguments = sys.argv[1:]
    keep_dir = None
    if "--keep" in arguments:
        index = arguments.index("--keep")
        keep_dir = Path(arguments[index + 1])
        del arguments[index : index + 2]
    main(int(arguments[0]) if arguments else 500, keep_dir)
