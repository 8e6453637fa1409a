"""Protected identity never reaches another person: every kind of document, every page.

In the demo, Liam's mother Sanna has protected personal data (skyddad folkbokföring). Her
street address, phone and e-mail are known to the unit that registered her, social services
in Sagoby, and to nobody else. Liam's SIP is taken from consent to closure, producing
every kind of document samordna makes (documents.kinds: PDFs, files, e-mail); each is read
as its recipient reads it. None may carry her details: her own envelope goes "c/o" the
registering unit (documents.postal).

A kind without a sample here fails, so a new kind of document joins this test by
construction, as a new URL joins the access matrix. Conftest's mail backend refuses any
e-mail of no registered kind, anywhere in the suite.

The pages are crawled as every demo user who works with children, each acting for each of
their units: links followed from the start page and from Liam's pages, PDFs read too. Only
the registering unit's own record pages about the family may show the details.
"""

import subprocess
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import resolve, reverse
from django.utils import timezone

from conftest import verified_login
from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.models import CHILD_DATA_ROLES, Membership, User
from samordna.core.demo import load_demo
from samordna.documents.kinds import KINDS
from samordna.documents.mail import KIND_HEADER
from samordna.documents.models import DocumentJob
from samordna.meetings.models import Meeting, Participant
from samordna.meetings.services import invite_from_preparation
from samordna.organisations.models import Unit
from samordna.people.models import Guardian
from samordna.plans.models import Plan
from samordna.plans.tests.factories import give_consent

# The pages of the record the registering unit keeps: the one place the details show.
REGISTRY_PAGES = {"people:child_detail", "people:child_edit", "people:child_item_edit"}
# Not pages to read: leaving, switching language or unit, the admin, static files, and
# pages that hold no one's personal data (the unit directory, one's account, the statement).
SKIP = (
    "/logga-ut/",
    "/i18n/",
    "/admin/",
    "/static/",
    "/healthz",
    "/katalog/",
    "/konto/",
    "/tillganglighet/",
)
MAX_PAGES = 200


def flat(text: str) -> str:
    return " ".join(text.split())


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(content)
    result = subprocess.run(
        ["/usr/bin/pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    )
    return flat(result.stdout)


def text_of(response, tmp_path) -> str:
    """What the recipient reads: a PDF's text, a download's or a page's content."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"] == "application/pdf":
        return pdf_text(content, tmp_path)
    return flat(content.decode("utf-8-sig"))


def mail_text(message) -> str:
    parts = [message.subject, message.body]
    for _name, content, _type in message.attachments:
        parts.append(content.decode() if isinstance(content, bytes) else str(content))
    return flat("\n".join(parts))


class Links(HTMLParser):
    """The href of every link on a page."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href and not href.startswith(("#", "mailto:", "tel:")):
            self.hrefs.append(href)

    @classmethod
    def of(cls, html: str) -> list[str]:
        parser = cls()
        parser.feed(html)
        return parser.hrefs


class Case:
    """Liam's SIP, led by social services (Sara Ek), taken through its life."""

    def __init__(self, tmp_path, capture):
        self.tmp_path = tmp_path
        self.capture = capture
        self.sanna = Guardian.objects.get(given_name="Sanna")
        self.plan = Plan.objects.get(child__given_name="Liam")
        self.child = self.plan.child
        self.social = self.child.registered_by_unit
        self.school = Unit.objects.get(name="Ekbackens skola")
        self.bup = Unit.objects.get(name="BUP Sagoland")
        self.lead = self.client_for("sara.ek@sagoby.example", self.social)
        self.outputs: dict[str, list[tuple[str, str]]] = {}

    def client_for(self, email: str, unit) -> Client:
        client = verified_login(Client(), User.objects.get(email=email))
        session = client.session
        session[SESSION_KEY] = unit.pk
        session.save()
        return client

    def request(self, client, method: str, url: str, data=None):
        """A request whose on-commit work (queued e-mail, document jobs) runs as it ends."""
        with self.capture(execute=True):
            response = getattr(client, method)(url, data or {})
        assert response.status_code in (200, 302), f"{method} {url}: {response.status_code}"
        return response

    def read(self, kind: str, label: str, client, url: str) -> None:
        response = self.request(client, "get", url)
        assert response.status_code == 200, url
        self.outputs.setdefault(kind, []).append((label, text_of(response, self.tmp_path)))

    def mails(self) -> None:
        """File every e-mail sent so far under its kind."""
        for message in mail.outbox:
            kind = message.extra_headers[KIND_HEADER]
            self.outputs.setdefault(kind, []).append((f"mail to {message.to}", mail_text(message)))
        mail.outbox.clear()

    def run(self) -> None:
        """Consent, and a meeting booked with the invitations sent."""
        sara = User.objects.get(email="sara.ek@sagoby.example")
        give_consent(self.plan, self.school, self.bup, documented_by=sara)
        self.meeting = Meeting.objects.create(
            plan=self.plan,
            starts_at=timezone.now() + timedelta(days=30),
            place="Socialtjänsten Sagoby, rum Linnea",
            booked_by=sara,
            unit=self.social,
            convener=sara,
        )
        invite_from_preparation(self.meeting, self.social)
        for user in ("nils.dahl@sagoby.example", "amira.nasser@sagoland.example"):
            member = User.objects.get(email=user)
            Participant.objects.create(
                meeting=self.meeting,
                kind=Participant.Kind.STAFF,
                user=member,
                unit=member.memberships.first().unit,
            )
        meeting_url = f"/sip/{self.plan.pk}/moten/{self.meeting.pk}/"
        self.request(self.lead, "post", meeting_url + "kalla/")
        self.mails()
        self.meeting_url = meeting_url

    def make_every_kind(self) -> None:
        for sample in SAMPLES.values():
            sample(self)
        self.mails()

    def crawl_as_everyone(self, start: list[str]) -> list[tuple[Membership, str, str]]:
        """(membership, url, text) of every page each user who works with children reaches
        by links, acting for each of their units."""
        pages = []
        memberships = Membership.objects.filter(role__in=CHILD_DATA_ROLES).select_related(
            "user", "unit"
        )
        for membership in memberships:
            client = self.client_for(membership.user.email, membership.unit)
            pages += [(membership, url, text) for url, text in self.crawl(client, start)]
        return pages

    def crawl(self, client, start: list[str]):
        queue, seen = list(start), set(start)
        while queue and len(seen) <= MAX_PAGES:
            url = queue.pop(0)
            response = client.get(url)
            if response.status_code != 200:
                continue
            text = text_of(response, self.tmp_path)
            yield url, text
            if response["Content-Type"].startswith("text/html"):
                for link in Links.of(response.content.decode()):
                    target = urlsplit(urljoin(url, link))
                    path = target.path + (f"?{target.query}" if target.query else "")
                    if target.netloc or path in seen or path.startswith(SKIP):
                        continue
                    seen.add(path)
                    queue.append(path)


# --- How each kind is made, and read by whom ----------------------------------------------
def plan_pdfs(case: Case) -> None:
    for email, unit in (
        ("sara.ek@sagoby.example", case.social),
        ("amira.nasser@sagoland.example", case.bup),
    ):
        client = case.client_for(email, unit)
        case.read("plan", f"the plan printed by {unit}", client, f"/sip/{case.plan.pk}/sip.pdf")
        case.read("my_plan", f"“My plan” by {unit}", client, f"/sip/{case.plan.pk}/min-plan.pdf")


def consent_form(case: Case) -> None:
    url = reverse("consents:form_pdf", args=[case.plan.pk])
    case.read("consent_form", "the consent form", case.lead, url)


def invitation_letters(case: Case) -> None:
    meeting = case.meeting
    for participant in meeting.participants.filter(kind__in=Participant.FAMILY):
        url = reverse("meetings:letter", args=[case.plan.pk, meeting.pk, participant.pk])
        case.read("invitation_letters", f"the letter to {participant}", case.lead, url)
    response = case.request(
        case.lead, "post", reverse("meetings:letters_batch", args=[case.plan.pk, meeting.pk])
    )
    job = DocumentJob.objects.get(pk=resolve(urlsplit(response.url).path).kwargs["pk"])
    url = reverse("documents:download", args=[job.pk])
    case.read("invitation_letters", "all letters", case.lead, url)


def cancellation_letters(case: Case) -> None:
    """A second meeting, invited and then cancelled: its letters to those invited by post."""
    sara = User.objects.get(email="sara.ek@sagoby.example")
    meeting = Meeting.objects.create(
        plan=case.plan,
        starts_at=timezone.now() + timedelta(days=40),
        place="Socialtjänsten Sagoby, rum Linnea",
        booked_by=sara,
        unit=case.social,
        convener=sara,
    )
    invite_from_preparation(meeting, case.social)
    args = [case.plan.pk, meeting.pk]
    case.request(case.lead, "post", reverse("meetings:send_invitations", args=args))
    case.request(case.lead, "post", reverse("meetings:cancel", args=args))
    url = reverse("meetings:cancellation_letters", args=args)
    case.read("cancellation_letters", "the cancellation letters", case.lead, url)


def protocols(case: Case) -> None:
    meeting = case.meeting
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.HELD, closed_at=timezone.now()
    )
    args = [case.plan.pk, meeting.pk]
    case.read("protocol", "the protocol", case.lead, reverse("meetings:protocol", args=args))
    bup = case.client_for("amira.nasser@sagoland.example", case.bup)
    case.read("protocol", "the protocol for BUP", bup, reverse("meetings:protocol", args=args))
    url = reverse("meetings:protocol_post", args=args)
    case.read("protocol_post", "the protocol by post", case.lead, url)


def log_extracts(case: Case) -> None:
    manager = case.client_for("anders.nyberg@sagoby.example", case.social)
    for kind, name in (("log_extract", "extract_pdf"), ("log_extract_csv", "extract_csv")):
        url = reverse(f"audit:{name}", args=[case.child.pk])
        case.read(kind, f"the log extract ({name})", manager, url)


def closure_letters(case: Case) -> None:
    url = reverse("plans:close", args=[case.plan.pk])
    case.request(case.lead, "post", url, {"reason": "no_joint_needs", "note": "", "confirm": "on"})
    url = reverse("plans:closure_letter", args=[case.plan.pk])
    case.read("closure_letters", "the closure letters", case.lead, url)


def account_mails(case: Case) -> None:
    """Not about a child at all; made here so that every kind is read."""
    reset = {"email": "sara.ek@sagoby.example"}
    case.request(Client(), "post", reverse("accounts:password_reset"), reset)
    it_unit = Unit.objects.get(name="Digitaliseringsenheten Sagoby")
    admin = case.client_for("elin.sjo@sagoby.example", it_unit)
    data = {
        "email": "ny.kollega@sagoby.example",
        "given_name": "Ny",
        "family_name": "Kollega",
        "phone": "",
        "unit": str(case.social.pk),
        "role": "caseworker",
        "title": "",
    }
    response = case.request(admin, "post", reverse("accounts:user_create"), data)
    assert response.status_code == 302, "the new user was not created"


# Every kind of documents.kinds, and the function that makes it (in this order: the
# closure comes last but for the mails about accounts). E-mails of the kinds below are
# made along the way: invitations when they are sent, notifications at closure.
SAMPLES = {
    "plan": plan_pdfs,
    "consent_form": consent_form,
    "invitation_letters": invitation_letters,
    "cancellation_letters": cancellation_letters,
    "protocol": protocols,
    "log_extract": log_extracts,
    "closure_letters": closure_letters,
    "mail_password_reset": account_mails,
}
MADE_BY = {
    "my_plan": "plan",
    "protocol_post": "protocol",
    "log_extract_csv": "log_extract",
    "mail_invitation": "sending the invitations",
    "mail_notification": "closure_letters",
    "mail_welcome": "mail_password_reset",
}


@pytest.fixture
def case(db, tmp_path, django_capture_on_commit_callbacks) -> Case:
    load_demo()
    case = Case(tmp_path, django_capture_on_commit_callbacks)
    case.run()
    return case


def secrets(person) -> list[str]:
    return [flat(value) for value in (person.street_address, person.phone, person.email)]


# Where documents may be made: each of these places makes them under a registered kind.
MAKERS = {
    "from weasyprint": {"samordna/documents/pdf.py"},
    "import weasyprint": set(),
    "EmailMessage(": {"samordna/documents/mail.py"},
    "EmailMultiAlternatives": set(),
    "send_mail(": {"samordna/accounts/forms.py"},  # PasswordLinkForm, through documents.mail
    "send_mass_mail": set(),
    "mail_admins": set(),
    "csv.writer": {"samordna/audit/extract.py"},  # the log extract, kind log_extract_csv
    "to_ical": {"samordna/meetings/ics.py"},  # attached to mail_invitation only
}


def test_documents_are_made_only_through_the_registered_kinds():
    """A PDF, e-mail or file made anywhere else would escape the samples above."""
    root = Path(settings.BASE_DIR)
    found = {marker: set() for marker in MAKERS}
    for path in (root / "samordna").rglob("*.py"):
        relative = str(path.relative_to(root))
        if "/tests/" in relative or "/migrations/" in relative:
            continue
        source = path.read_text()
        for marker in MAKERS:
            if marker in source:
                found[marker].add(relative)
    assert found == MAKERS


def test_every_kind_of_document_is_made_here():
    known = set(SAMPLES) | set(MADE_BY)
    assert sorted(set(KINDS) - known) == [], "add a sample for each new kind of document"
    assert sorted(known - set(KINDS)) == []


def test_no_document_carries_a_protected_persons_details(case):
    """And her own letters go "c/o", and the other guardian's letter has only his address."""
    assert all(secrets(case.sanna)), "the demo gives Sanna an address, a phone and an e-mail"
    case.make_every_kind()
    missing = sorted(set(KINDS) - set(case.outputs))
    assert missing == [], f"kinds of document this run did not make: {missing}"
    leaks = [
        f"{kind}: {label} shows {secret!r}"
        for kind, outputs in case.outputs.items()
        for label, text in outputs
        for secret in secrets(case.sanna)
        if secret in text
    ]
    assert leaks == []

    care_of = f"Sanna Björkvik c/o {case.social.name}"
    for kind in ("invitation_letters", "cancellation_letters", "closure_letters", "protocol_post"):
        assert any(care_of in text for _label, text in case.outputs[kind]), kind

    per = Guardian.objects.get(given_name="Per", family_name="Björkvik")
    for label, text in case.outputs["invitation_letters"]:
        if label == f"the letter to {per.full_name}":
            assert flat(per.street_address) in text
        elif "all letters" not in label:
            assert flat(per.street_address) not in text, label


def test_no_page_shows_them_but_the_registering_units_own_record(case):
    pages = case.crawl_as_everyone(["/", f"/barn/{case.child.pk}/", case.meeting_url])
    assert len(pages) > 100, "the crawl reached too little to prove anything"
    assert any("sip.pdf" in url for _member, url, _text in pages), "no PDF was read"
    leaks = []
    for membership, url, text in pages:
        found = [secret for secret in secrets(case.sanna) if secret in text]
        own_record = (
            membership.unit == case.social
            and resolve(urlsplit(url).path).view_name in REGISTRY_PAGES
        )
        if found and not own_record:
            leaks.append(f"{url} as {membership.user} for {membership.unit}: {found}")
    assert leaks == []
    # The registering unit does see what it registered, on its record of the family.
    assert any(
        membership.unit == case.social and all(s in text for s in secrets(case.sanna))
        for membership, _url, text in pages
    )
