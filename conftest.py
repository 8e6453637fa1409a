"""Fixtures every app's tests share: a small world of two principals and their staff."""

import os
import time
from unittest import mock

import pytest
from django.core.mail.backends import locmem
from django.db.backends.base.operations import BaseDatabaseOperations
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from samordna.accounts.models import Membership, Role, User
from samordna.documents.kinds import KINDS
from samordna.documents.mail import KIND_HEADER
from samordna.organisations.models import Function, Principal, Unit

PASSWORD = "a-long-test-password-42"


@pytest.fixture(autouse=True, scope="session")
def _flush_lifts_the_audit_triggers():
    """Transactional tests end with a flush (TRUNCATE on PostgreSQL, DELETE on SQLite), which
    the audit tables' triggers refuse: the flush lifts them and puts them back."""
    from samordna.audit import triggers

    flush = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with triggers.suspended(self.connection):
            flush(self, sql_list)

    with mock.patch.object(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush):
        yield


@pytest.fixture(autouse=True)
def _fast_and_plain(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "conftest.KindCheckingBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _access_index_follows_its_sources(request, monkeypatch):
    """After every test that uses the database: the access index holds exactly the rows its
    sources give (samordna/access/index.py). A way of granting or ending access that does
    not refresh the index fails the test that takes it.

    Set up after the database (so checked before its rollback) and after monkeypatch (so
    checked with the grants the test registered)."""
    if "_django_db_helper" not in request.fixturenames and not request.node.get_closest_marker(
        "django_db"
    ):
        yield
        return
    request.getfixturevalue("_django_db_helper")
    yield
    from django.db import connection

    from samordna.access import index

    if not connection.needs_rollback:
        found = index.differences()
        assert not found, f"The access index differs from its sources:\n{found}"


class KindCheckingBackend(locmem.EmailBackend):
    """The test outbox, refusing a message that is not of a registered document kind: every
    mail the suite sends must be one the protected-identity test knows (documents.kinds)."""

    def send_messages(self, messages):
        for message in messages:
            kind = message.extra_headers.get(KIND_HEADER)
            assert kind in KINDS, f"an e-mail of no registered kind: {message.subject!r}"
        return super().send_messages(messages)


def make_user(email: str, unit: Unit, role: str, **fields) -> User:
    user = User.objects.create_user(
        email=email,
        password=PASSWORD,
        given_name=fields.pop("given_name", email.split("@")[0].title()),
        family_name=fields.pop("family_name", "Testsson"),
        **fields,
    )
    Membership.objects.create(user=user, unit=unit, role=role)
    return user


class World:
    """Two principals. Municipality: a school and social services. Region: BUP."""

    def __init__(self):
        self.municipality = Principal.objects.create(
            name="Testby kommun", kind=Principal.Kind.MUNICIPAL, organisation_number="2129990012"
        )
        self.region = Principal.objects.create(
            name="Region Testland", kind=Principal.Kind.REGION, organisation_number="2329990010"
        )
        self.school = Unit.objects.create(
            principal=self.municipality, name="Testskolan", kind=Unit.Kind.COMPULSORY_SCHOOL
        )
        self.social = Unit.objects.create(
            principal=self.municipality,
            name="Socialtjänsten Testby",
            kind=Unit.Kind.SOCIAL_SERVICES,
        )
        self.bup = Unit.objects.create(
            principal=self.region, name="BUP Testland", kind=Unit.Kind.CAMHS
        )
        self.counsellor = Function.objects.create(
            unit=self.school, kind=Function.Kind.COUNSELLOR, title="Kurator"
        )
        self.teacher = make_user("larare@testby.example", self.school, Role.CASEWORKER)
        self.school_head = make_user("rektor@testby.example", self.school, Role.MANAGER)
        self.social_worker = make_user("soc@testby.example", self.social, Role.CASEWORKER)
        self.local_admin = make_user("admin@testby.example", self.social, Role.LOCAL_ADMIN)
        self.psychologist = make_user("psykolog@testland.example", self.bup, Role.CASEWORKER)
        self.region_admin = make_user("admin@testland.example", self.bup, Role.LOCAL_ADMIN)
        self.system_admin = make_user("drift@testby.example", self.social, Role.SYSTEM_ADMIN)


@pytest.fixture
def world(db) -> World:
    return World()


def app_device(user: User) -> TOTPDevice:
    """The user's authenticator app (confirmed), made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Testapp", confirmed=True)


def app_code(device: TOTPDevice) -> str:
    """The code the app shows now; the next step's when this one was used (a login a few
    seconds earlier): the device accepts one step either side."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def verified_login(client, user: User):
    """Log a user in on a test client with both factors, as after typing an app code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_device(user).persistent_id
    session.save()
    return client


@pytest.fixture
def login(client):
    """Log a user in (password and second factor) on the test client; returns the client."""

    def _login(user: User):
        return verified_login(client, user)

    return _login


# --- Browser tests: Debian's Chromium through Playwright --------------------------------
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the tests still use the ORM.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    # The browser asks for English first: samordna must still answer in Swedish.
    context = browser.new_context(locale="en-US", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def axe_violations(page) -> list[dict]:
    """The WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["html"] for n in v["nodes"]][:3]}
        for v in results.response["violations"]
    ]


def browser_login(page, user: User, password: str = PASSWORD) -> None:
    """Log in as a person does: password, then the code the user's app shows now."""
    device = app_device(user)
    page.goto("/logga-in/")
    page.get_by_label("E-postadress").fill(user.email)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url("**/tvastegsverifiering/**")
    page.get_by_label("Kod").fill(app_code(device))
    page.get_by_role("button", name="Verifiera").click()
    page.wait_for_url("**/")
