"""Long text in every PDF: it wraps, stays on the page and is all there (issue 12 §5, 14 §7).

Every PDF kind of documents.kinds is made through its page, as a user makes it, for a SIP
whose every field that reaches paper is as long as samordna accepts: names, addresses,
places and other short fields at their model's max_length, free text (measures, goals,
minutes, the purpose) with a 240-character URL and a 240-character unbroken word. Each is
made twice: once with the short fields as words (long text that must flow onto more pages),
once with each as one unbroken word (that must wrap where there is no space).

Read with poppler's `pdftotext -bbox`, every word lies inside its page, no two words are
drawn over each other (text spilling out of a table cell or a box), and every value is
there in full. Every PDF is also tagged (PDF/UA), with a title and a language.
"""

import random
import re
import subprocess
import zlib
from datetime import timedelta
from html.parser import HTMLParser
from string import ascii_lowercase, digits
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from conftest import verified_login
from samordna.documents.kinds import KINDS
from samordna.documents.models import DocumentJob
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.tests.test_letters import build_meeting
from samordna.people.models import Guardian, Relative, Trustee
from samordna.plans.models import Goal, Measure, PlanVersion
from samordna.plans.services import snapshot

# No "f", "i" or "l": ligatures (fi, fl) would come back from pdftotext as one character.
LETTERS = "".join(c for c in ascii_lowercase if c not in "fil") + digits
STYLES = ["words", "unbroken"]


def letters(count: int, tag: str) -> str:
    """Letters of a sequence of `tag`'s own, so that no piece of one value is another's."""
    return "".join(random.Random(tag).choices(LETTERS, k=count))


def unbroken(length: int, tag: str) -> str:
    """`tag` and letters without a space: `length` characters."""
    return (tag + letters(length, tag))[:length]


def words(length: int, tag: str) -> str:
    """`tag` and short words: `length` characters, not ending in a space."""
    text = (tag + " " + " ".join(["ord", "och", "mer"] * length))[:length]
    return text[:-1] + "x" if text.endswith(" ") else text


def url(length: int, tag: str) -> str:
    """A URL of `length` characters with a few path segments."""
    path = "/".join(letters(30, tag + str(n)) for n in range(length // 30 + 1))
    return (f"https://www.{tag}.example/{path}")[:length]


def free_text(tag: str) -> str:
    """Free text as staff write it, with a 240-character URL and a 240-character word."""
    return (
        f"{words(400, tag)}\n\n{url(240, tag + 'u')} och {unbroken(240, tag + 'w')}"
        f"\n{words(120, tag + 'e')}"
    )


class LongCase:
    """A SIP, its meeting (held, with minutes) and its people and units, every printed field
    as long as samordna accepts, in one style."""

    def __init__(self, world, style: str, capture):
        self.world, self.style, self.capture = world, style, capture
        self.values: dict[str, str] = {}
        w = world
        meeting = build_meeting(w, leader=w.social_worker, note_taker=w.teacher)
        self.meeting, self.plan, self.child = meeting, meeting.plan, meeting.plan.child
        self.stretch("municipality", w.municipality, "name")
        self.stretch("region", w.region, "name")
        for label, unit in (("school", w.school), ("social", w.social), ("bup", w.bup)):
            unit.postal_code = "99910"
            fields = ("name", "visiting_address", "postal_address", "postal_city", "phone")
            self.stretch(label, unit, *fields)
        for label in ("teacher", "social_worker", "psychologist", "school_head"):
            self.stretch(label, getattr(w, label), "given_name", "family_name")
        self.stretch("counsellor", w.counsellor, "title")
        person = ("given_name", "family_name", "street_address", "city", "phone")
        self.child.postal_code = "99901"
        self.stretch("child", self.child, *person)
        self.guardian = Guardian.objects.get(guardianships__child=self.child)
        self.guardian.postal_code = "99902"
        self.stretch("guardian", self.guardian, *person)
        relative = Relative(child=self.child, registered_by_unit=w.school, postal_code="99903")
        self.stretch("relative", relative, "name", "relation", "street_address", "city")
        trustee = Trustee(child=self.child, registered_by_unit=w.school, postal_code="99904")
        self.stretch("trustee", trustee, "name", "street_address", "city")

        plan = self.plan
        plan.overall_responsibility = w.municipality
        plan.coordinator, plan.coordinator_unit = w.teacher, w.school
        text = ("child_wishes", "reason", "purpose", "needs", "family_contact")
        self.stretch("plan", plan, *text)
        goal = Goal(plan=plan, term=Goal.Term.SHORT)
        self.stretch("goal", goal, "text")
        # The school's own measure, and one by another actor that BUP wrote down.
        own = Measure(
            plan=plan,
            goal=goal,
            responsible_unit=w.school,
            kept_by_unit=w.school,
            responsible_person=w.teacher,
        )
        self.stretch("measure1", own, "description", "timing")
        other = Measure(
            plan=plan,
            goal=goal,
            kept_by_unit=w.bup,
            other_actor_kind=Measure.OtherActor.CIVIL_SOCIETY,
        )
        self.stretch("measure2", other, "description", "timing", "other_actor")
        bup = Measure(plan=plan, goal=goal, responsible_unit=w.bup, kept_by_unit=w.bup)
        self.stretch("measure3", bup, "description")
        version = PlanVersion(
            plan=plan,
            number=1,
            approved_by=w.teacher,
            approved_on=timezone.localdate(),
            meeting=meeting,
            content=snapshot(plan),
        )
        self.stretch("version", version, "attendees")

        meeting.link = url(200, "motet")
        meeting.no_show = True
        meeting.no_show_offer = Meeting.NoShowOffer.NEW_TIME
        minutes = ("situation", "actors_views", "other_notes", "no_show_note", "no_next_reason")
        self.stretch("meeting", meeting, "place", "questions", *minutes)
        self.values["meeting.link"] = meeting.link
        for kind, fields in (
            (Participant.Kind.RELATIVE, {"relative": relative}),
            (Participant.Kind.TRUSTEE, {"trustee": trustee}),
        ):
            participant = Participant(meeting=meeting, kind=kind, **fields)
            participant.new_link_nonce()
            participant.save()
        interpreter = Participant(meeting=meeting, kind=Participant.Kind.INTERPRETER)
        self.stretch("interpreter", interpreter, "name", "language")
        # Who comes for the school counsellor's function, once the unit has answered.
        function = meeting.participants.get(kind=Participant.Kind.FUNCTION)
        self.stretch("function", function, "name")

    def stretch(self, label: str, obj, *fields: str) -> None:
        """Fill `fields` of `obj` to their longest, remember each value, and save."""
        for name in fields:
            field = obj._meta.get_field(name)
            # A tag of its own, without the letters of ligatures.
            tag = re.sub(r"[^a-z]", "", label + name)[:8].replace("f", "v")
            tag = tag.replace("i", "y").replace("l", "x") + str(len(self.values))
            if self.style == "plain":
                value = tag.capitalize()
            elif field.max_length is None:
                value = free_text(tag)
            elif name == "phone":
                value = ("0999" + "1234" * 10)[: field.max_length]
                if self.style == "words":
                    value = ("0999 " + "12 34 " * 10)[: field.max_length].strip()
            elif self.style == "words":
                value = words(field.max_length, tag)
            else:
                value = unbroken(field.max_length, tag)
            setattr(obj, name, value)
            self.values[f"{label}.{name}"] = value
        obj.save()

    def of(self, *names: str) -> list[str]:
        """The values named `label.field`; `label.*` for all of a label's."""
        found = []
        for name in names:
            label, field = name.split(".")
            found += [
                value
                for key, value in self.values.items()
                if key == name or (field == "*" and key.startswith(f"{label}."))
            ]
            assert field == "*" or name in self.values, name
        return found

    # --- Making each kind, as its user does -------------------------------------------
    def get(self, user, url: str, method: str = "get", data=None):
        """A request by `user`, whose on-commit work (a document job) runs as it ends."""
        with self.capture(execute=True):
            response = getattr(verified_login(Client(), user), method)(url, data or {})
        assert response.status_code in (200, 302), f"{url}: {response.status_code}"
        return response

    def pdf(self, user, url: str) -> bytes:
        response = self.get(user, url)
        assert response["Content-Type"] == "application/pdf", url
        return b"".join(response.streaming_content) if response.streaming else response.content

    def hold(self) -> None:
        Meeting.objects.filter(pk=self.meeting.pk).update(
            status=Meeting.Status.HELD, closed_at=timezone.now() + timedelta(seconds=1)
        )

    def make(self, kind: str) -> tuple[bytes, list[str]]:
        """The PDF of `kind` as its user gets it, and the values it must show in full."""
        w, plan, meeting = self.world, self.plan, self.meeting
        window = ["school.name", "municipality.name", "school.postal_address"]
        window += ["school.postal_city", "school.phone"]
        person = ["given_name", "family_name", "street_address", "city"]
        if kind in ("plan", "my_plan"):
            name = "plans:pdf" if kind == "plan" else "plans:my_plan_pdf"
            content = self.pdf(w.teacher, reverse(name, args=[plan.pk]))
            values = self.of("plan.child_wishes", "plan.family_contact", "goal.text")
            values += self.of("measure1.description", "measure1.timing", "measure2.timing")
            values += self.of("child.given_name", "child.family_name", "teacher.given_name")
            values += self.of("school.name", "measure2.other_actor")
            if kind == "plan":
                values += self.of("plan.purpose", "plan.needs", "version.attendees")
                values += self.of("bup.name", "measure3.description")
                values += self.of(*(f"guardian.{field}" for field in [*person, "phone"]))
                values += self.of("child.street_address", "child.city", "municipality.name")
                values += self.of("region.name")
            return content, values
        if kind == "consent_form":
            content = self.pdf(w.teacher, reverse("consents:form_pdf", args=[plan.pk]))
            values = self.of(*(f"child.{field}" for field in person), "plan.purpose")
            values += self.of(*(f"guardian.{field}" for field in person))
            return content, values + self.of("school.name", "municipality.name")
        if kind == "invitation_letters":
            guardian = meeting.participants.get(kind=Participant.Kind.GUARDIAN)
            args = [plan.pk, meeting.pk, guardian.pk]
            content = self.pdf(w.teacher, reverse("meetings:letter", args=args))
            return content, self.letter_values(window, person, ["guardian"])
        if kind == "invitation_letters_batch":
            url = reverse("meetings:letters_batch", args=[plan.pk, meeting.pk])
            response = self.get(w.teacher, url, "post")
            job = DocumentJob.objects.get(pk=resolve(urlsplit(response.url).path).kwargs["pk"])
            content = self.pdf(w.teacher, reverse("documents:download", args=[job.pk]))
            family = ["child", "guardian", "relative", "trustee"]
            return content, self.letter_values(window, person, family)
        if kind in ("protocol", "protocol_post"):
            self.hold()
            name = "meetings:protocol" if kind == "protocol" else "meetings:protocol_post"
            content = self.pdf(w.teacher, reverse(name, args=[plan.pk, meeting.pk]))
            values = self.of("meeting.*", "plan.purpose", "child.given_name", "school.name")
            values += self.of("teacher.family_name", "social_worker.given_name")
            values += self.of("interpreter.name", "interpreter.language", "relative.relation")
            values += self.of("plan.child_wishes", "goal.text", "measure1.description")
            values += self.of("measure1.timing", "measure2.other_actor", "counsellor.title")
            values += self.of("function.name")
            if kind == "protocol_post":
                values += self.of(*window, "trustee.street_address", "guardian.city")
            return content, values
        if kind == "log_extract":
            self.pdf(w.teacher, reverse("plans:pdf", args=[plan.pk]))
            url = reverse("audit:extract_pdf", args=[self.child.pk])
            content = self.pdf(w.school_head, url)
            values = self.of("municipality.name", "child.given_name", "child.family_name")
            return content, values + self.of("school_head.given_name", "teacher.family_name")
        if kind == "closure_letters":
            url = reverse("plans:close", args=[plan.pk])
            note = free_text("avsxut")
            data = {"reason": "other", "note": note, "confirm": "on"}
            assert self.get(w.teacher, url, "post", data).status_code == 302
            content = self.pdf(w.teacher, reverse("plans:closure_letter", args=[plan.pk]))
            values = self.of(*window, "school.visiting_address", "plan.family_contact")
            values += self.of(
                *(f"{who}.{field}" for who in ("child", "guardian") for field in person)
            )
            values += self.of("trustee.name", "trustee.street_address", "teacher.given_name")
            return content, [*values, note]
        if kind == "cancellation_letters":
            # Invited, the family by letter (the relative and trustee as well), then cancelled.
            meeting.participants.update(invited_sequence=meeting.sequence)
            url = reverse("meetings:cancel", args=[plan.pk, meeting.pk])
            self.get(w.teacher, url, "post")
            url = reverse("meetings:cancellation_letters", args=[plan.pk, meeting.pk])
            content = self.pdf(w.teacher, url)
            values = self.of(*window, "meeting.place", "child.given_name", "child.family_name")
            values += self.of("relative.name", "trustee.name")
            for who in ("child", "guardian"):
                values += self.of(*(f"{who}.{field}" for field in person))
            return content, values + self.of("trustee.street_address", "relative.city")
        raise AssertionError(kind)

    def letter_values(self, window, person, recipients) -> list[str]:
        values = self.of(*window, "meeting.place", "meeting.link", "meeting.questions")
        values += self.of("plan.purpose", "child.given_name", "child.family_name")
        values += self.of("teacher.given_name", "teacher.family_name", "social.name")
        values += self.of("counsellor.title", "interpreter.name", "interpreter.language")
        values += self.of("relative.name", "relative.relation", "trustee.name", "function.name")
        for who in recipients:
            fields = person if who in ("child", "guardian") else ["name", "street_address", "city"]
            values += self.of(*(f"{who}.{field}" for field in fields))
        return values


# --- Reading a PDF ----------------------------------------------------------------------
class Words(HTMLParser):
    """The pages and words of `pdftotext -bbox`: [(width, height, [(x0, y0, x1, y1, text)])]."""

    def __init__(self):
        super().__init__()
        self.pages, self.box = [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "page":
            self.pages.append((float(attrs["width"]), float(attrs["height"]), []))
        elif tag == "word":
            self.box = [float(attrs[key]) for key in ("xmin", "ymin", "xmax", "ymax")]

    def handle_data(self, data):
        if self.box is not None:
            self.pages[-1][2].append((*self.box, data))
            self.box = None


def catalogue_language(content: bytes) -> str:
    """The document's language (/Lang of its catalogue), also from a compressed stream."""
    parts = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    for part in parts:
        for catalogue in re.findall(rb"/Type\s*/Catalog(.*?)>>", part, re.DOTALL):
            language = re.search(rb"/Lang\s*\(([^)]*)\)", catalogue)
            if language:
                return language.group(1).decode()
    return ""


def run(tool: str, content: bytes, tmp_path, *arguments: str) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        [f"/usr/bin/{tool}", *arguments, str(path), *(["-"] if tool == "pdftotext" else [])],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def shows(text: list[str], value: str) -> bool:
    """Whether the words of a PDF carry `value` whole and in order: perhaps with a word broken
    over lines, and with other words between its parts (a running head or page number where
    it crosses a page), but with nothing of it left out."""
    tokens = value.split()
    head = tokens[0][:4]
    for start, word in enumerate(text):
        if head in word and follows([word[word.index(head) :], *text[start + 1 :]], tokens):
            return True
    return False


def follows(parts: list[str], tokens: list[str]) -> bool:
    """The tokens, in order, among the parts: each a part of its own (the last perhaps with
    punctuation after it), or several parts of four letters or more and then its last."""
    index, rest = 0, tokens[0]
    for part in parts:
        if part == rest or (index == len(tokens) - 1 and part.startswith(rest)):
            index += 1
            if index == len(tokens):
                return True
            rest = tokens[index]
        elif len(part) >= 4 and rest.startswith(part):
            rest = rest[len(part) :]
    return False


def overlaps(a, b) -> bool:
    """Two words drawn over each other: their boxes share more than a third of the smaller."""
    width = min(a[2], b[2]) - max(a[0], b[0])
    height = min(a[3], b[3]) - max(a[1], b[1])
    if width <= 0 or height <= 0:
        return False
    smaller = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1]))
    return width * height > smaller / 3


def problems(content: bytes, values: list[str], tmp_path) -> list[str]:
    parser = Words()
    # -raw: in the order the text is drawn, cell by cell, not in lines across the columns.
    parser.feed(run("pdftotext", content, tmp_path, "-raw", "-bbox"))
    found = []
    for number, (width, height, boxes) in enumerate(parser.pages, start=1):
        for x0, y0, x1, y1, text in boxes:
            if x0 < 0 or y0 < 0 or x1 > width + 0.5 or y1 > height + 0.5:
                found.append(f"page {number}: {text[:30]!r} leaves the page ({x1:.0f}, {y1:.0f})")
        lines = sorted(boxes, key=lambda box: box[1])
        for index, a in enumerate(lines):
            for b in lines[index + 1 :]:
                if b[1] >= a[3]:
                    break
                if overlaps(a, b):
                    found.append(f"page {number}: {a[4][:20]!r} over {b[4][:20]!r}")
    text = [word[4] for _width, _height, boxes in parser.pages for word in boxes]
    found += [f"missing: {value[:40]!r}…" for value in values if not shows(text, value)]
    return found


@pytest.fixture(params=STYLES)
def long_case(request, world, django_capture_on_commit_callbacks):
    return LongCase(world, request.param, django_capture_on_commit_callbacks)


PDF_KINDS = ["plan", "my_plan", "closure_letters", "consent_form", "invitation_letters"]
PDF_KINDS += ["invitation_letters_batch", "protocol", "protocol_post", "log_extract"]
PDF_KINDS += ["cancellation_letters"]
TITLES = {
    "plan": "Samordnad individuell plan (SIP)",
    "my_plan": "Min plan",
    "closure_letters": "SIP:en gäller inte längre",
    "consent_form": "Samtycke till samverkan i en SIP",
    "invitation_letters": "Kallelse till SIP-möte",
    "invitation_letters_batch": "Kallelse till SIP-möte",
    "protocol": "Protokoll",
    "protocol_post": "Protokoll",
    "log_extract": "Loggutdrag",
    "cancellation_letters": "Mötet är inställt",
}


def test_every_kind_of_pdf_is_here():
    others = {"log_extract_csv"} | {kind for kind in KINDS if kind.startswith("mail_")}
    assert set(KINDS) - others == set(PDF_KINDS) - {"invitation_letters_batch"}


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_long_text_wraps_on_the_page_and_is_all_there(long_case, kind, tmp_path):
    content, values = long_case.make(kind)
    assert len(values) >= 5
    assert problems(content, values, tmp_path) == []


@pytest.mark.parametrize("kind", PDF_KINDS)
def test_every_pdf_is_tagged_with_a_title_and_a_language(
    world, kind, tmp_path, django_capture_on_commit_callbacks
):
    """PDF/UA: a screen reader finds the structure, the title and the language to read in."""
    case = LongCase(world, "plain", django_capture_on_commit_callbacks)
    content, _values = case.make(kind)
    info = run("pdfinfo", content, tmp_path)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    title = re.search(r"^Title:\s+(.+)$", info, re.MULTILINE)
    assert title and title.group(1) == TITLES[kind]
    assert catalogue_language(content) == "sv"


def test_a_letter_whose_first_section_fills_more_than_a_page_stays_one_letter():
    """WeasyPrint gives each page the anchors of the boxes on it, so a first section that
    runs over a page (a long place or address) carries its id on both pages."""
    from samordna.documents import pdf
    from samordna.documents.letters import split_letters

    long = "<p>" + " ".join(["ord"] * 1500) + "</p>"
    html = (
        '<section id="letter-1">' + long + "</section>"
        '<section id="letter-2" style="break-before: page"><p>Kort</p></section>'
    )
    pages = pdf.render("invitation_letters", html).pages
    assert len(pages) == 3
    assert [len(letter) for letter in split_letters(pages, "letter-")] == [2, 1]
