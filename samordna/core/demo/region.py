"""A fictional region at any scale, for benchmarks: `manage.py generate_region`.

Municipalities, each board its own principal (Barn- och utbildningsnämnden with the
preschools, schools and pupil health; Socialnämnden with social services), the region's
health units (BUP clinics and a ward, habilitation, primary care), contracted residential
homes, and their staff. Children of every age with guardians (siblings share them), a god
man for some unaccompanied young people, their schools; 20 % of the children have a SIP in
one of its states (draft, consent, booked, active, closed; some had an earlier one, closed),
with consents covering units or a whole principal, preparations, meetings with their
invitees, goals, measures, approved versions, follow-ups and closures; ten read-log rows per
child, a few by units that never took part (for the flagged log review).

The same seed and day give the same data. Dates count from `today`, as the demo's do, so the
booked meetings lie ahead and the consents of open SIPs are valid. Identity numbers come from
Skatteverket's test series (birth numbers 980–999; samordningsnummer when a day runs out),
organisation numbers from series no real organisation has.

It writes only into an empty database (`refusal`), so it cannot mix with real data, and in
one transaction. The organisations and staff go in with bulk_create; the millions of rows
about children go in as plain rows (`Table`: executemany, ids given here), since building a
model instance for each would take most of the ten minutes 100,000 children may take. No
signals, no services, no history rows: the data did not come through samordna's forms; the
access index (decision 34) is written from the rows at the end, as `refresh` writes it.
"""

import math
import random
import sys
import time as clock
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max
from django.utils import translation
from stdnum import luhn

from samordna.access import index as access_index
from samordna.access.models import ChildAccess
from samordna.accounts.models import Membership, Role, User
from samordna.audit.models import AccessLog, Action
from samordna.consents.models import Consent, ConsentParty
from samordna.core.demo import region_words as words
from samordna.meetings.models import Meeting, Participant
from samordna.organisations.models import Function, Principal, Unit
from samordna.people.models import (
    Child,
    Guardian,
    Guardianship,
    Language,
    ProtectedIdentity,
    Trustee,
)
from samordna.plans import measures as measure_fields
from samordna.plans.models import (
    ClosureReason,
    CoordinatorAssignment,
    FollowUp,
    Goal,
    Measure,
    Plan,
    PlanVersion,
    Preparation,
    ResponsibilityAssignment,
    Status,
)

STOCKHOLM = ZoneInfo("Europe/Stockholm")
PASSWORD = "samordna-region-2026"
MAX_CHILDREN = 200_000  # the test series holds about 260,000 children aged 0–17
SIP_SHARE = 0.20
# The state of a child's latest SIP, as shares of the children with one.
STATES = {
    Status.DRAFT: 0.06,
    Status.CONSENT: 0.06,
    Status.BOOKED: 0.10,
    Status.ACTIVE: 0.60,
    Status.CLOSED: 0.18,
}
EARLIER_SIP = 0.10  # of the children with a SIP: one before it, closed
LOG_ROWS = 10  # per child
UNRELATED_READS = 0.02  # of the log rows: by a unit that never took part
CHUNK = 2000  # children per round of inserts
BATCH = 5000  # rows per executemany

# (caseworkers, coordinators, managers) of a unit of each kind, before it grows with the
# children it serves.
STAFF = {
    Unit.Kind.PRESCHOOL: (2, 0, 1),
    Unit.Kind.COMPULSORY_SCHOOL: (3, 0, 1),
    Unit.Kind.UPPER_SECONDARY: (3, 0, 1),
    Unit.Kind.PUPIL_HEALTH: (4, 1, 1),
    Unit.Kind.SOCIAL_SERVICES: (6, 2, 1),
    Unit.Kind.CAMHS: (6, 1, 1),
    Unit.Kind.HABILITATION: (4, 1, 1),
    Unit.Kind.PRIMARY_CARE: (2, 0, 1),
    Unit.Kind.RESIDENTIAL_CARE: (2, 0, 1),
}
FUNCTIONS = {
    Unit.Kind.PRESCHOOL: (Function.Kind.SPECIAL_EDUCATOR, "Specialpedagog"),
    Unit.Kind.COMPULSORY_SCHOOL: (Function.Kind.MENTOR, "Mentor"),
    Unit.Kind.UPPER_SECONDARY: (Function.Kind.MENTOR, "Mentor"),
    Unit.Kind.PUPIL_HEALTH: (Function.Kind.COUNSELLOR, "Kurator"),
    Unit.Kind.SOCIAL_SERVICES: (Function.Kind.SOCIAL_WORKER, "Socialsekreterare"),
    Unit.Kind.CAMHS: (Function.Kind.PSYCHOLOGIST, "Psykolog"),
    Unit.Kind.HABILITATION: (Function.Kind.REPRESENTATIVE, "Representant"),
    Unit.Kind.PRIMARY_CARE: (Function.Kind.NURSE, "Sjuksköterska"),
    Unit.Kind.RESIDENTIAL_CARE: (Function.Kind.CONTACT_PERSON, "Kontaktperson"),
}
K = Unit.Kind
# Who registers a child, by age: (below this age, {kind of unit: weight}).
REGISTRARS = [
    (1, {K.SOCIAL_SERVICES: 50, K.PRIMARY_CARE: 50}),
    (6, {K.PRESCHOOL: 40, K.SOCIAL_SERVICES: 30, K.CAMHS: 10, K.HABILITATION: 10,
         K.PRIMARY_CARE: 10}),
    (16, {K.COMPULSORY_SCHOOL: 30, K.PUPIL_HEALTH: 30, K.SOCIAL_SERVICES: 25, K.CAMHS: 10,
          K.HABILITATION: 3, K.PRIMARY_CARE: 2}),
    (99, {K.UPPER_SECONDARY: 20, K.PUPIL_HEALTH: 25, K.SOCIAL_SERVICES: 25, K.CAMHS: 25,
          K.HABILITATION: 3, K.PRIMARY_CARE: 2}),
]  # fmt: skip
# Units that register siblings together (a school registers only its own pupil).
FAMILY_UNITS = {K.SOCIAL_SERVICES, K.PUPIL_HEALTH, K.CAMHS, K.HABILITATION, K.PRIMARY_CARE}
# The units around a child that a consent may cover besides its school.
AROUND = (K.PUPIL_HEALTH, K.SOCIAL_SERVICES, K.CAMHS, K.HABILITATION, K.PRIMARY_CARE)
OTHER_LANGUAGES = ["ar", "so", "ti", "prs", "fa", "ku", "uk", "pl", "bs", "fi", "en"]
ACTIONS = (Action.VIEW, Action.SEARCH, Action.PRINT, Action.UPDATE)


def refusal() -> str:
    """Why the database cannot take a generated region, or "" when it is empty."""
    held = {
        "children": Child.objects.count(),
        "users": User.objects.count(),
        "principals": Principal.objects.count(),
    }
    if not any(held.values()):
        return ""
    counts = ", ".join(f"{count} {name}" for name, count in held.items())
    return (
        f"generate_region writes only into an empty database, and this one holds {counts}. "
        "Make a new one (createdb, or SAMORDNA_VAR_DIR for SQLite), migrate it and run "
        "generate_region there."
    )


class EmptyDatabaseRequired(Exception):
    pass


def generate(children: int, seed: int, *, today: date, progress: Callable | None = None):
    """Fill the empty database with a region of `children` children; returns the counts."""
    if not 1 <= children <= MAX_CHILDREN:
        raise ValueError(f"children must be between 1 and {MAX_CHILDREN}")
    started, cpu = clock.monotonic(), clock.process_time()
    with transaction.atomic():
        if reason := refusal():
            raise EmptyDatabaseRequired(reason)
        with translation.override(settings.LANGUAGE_CODE):
            region = Region(children, seed, today, progress or (lambda done, total: None))
            counts = region.build()
    if connection.vendor == "postgresql":
        # The planner's statistics, as autovacuum would gather them after a while.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts | {
        "seconds": round(clock.monotonic() - started, 1),
        "seconds of this process's CPU": round(clock.process_time() - cpu, 1),
    }


class Table:
    """The rows of one model, as dicts of column values, written with COPY (PostgreSQL) or
    executemany (SQLite).

    Ids are given here, from the table's highest; the database's own sequence is moved past
    them afterwards (`Tables.finish`). Values are adapted as the model's fields adapt them
    (dates, times, JSON), so both SQLite and PostgreSQL read them back as the ORM wrote them.
    """

    def __init__(self, model):
        self.model = model
        fields = model._meta.concrete_fields
        # A default made anew for each row (a uuid) must be given: this one is made once.
        self.defaults = [(f.attname, f.get_default()) for f in fields]
        self.adapters = [(i, adapter) for i, f in enumerate(fields) if (adapter := _adapter(f))]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        table = connection.ops.quote_name(model._meta.db_table)
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - names
        self.copy = f"COPY {table} ({columns}) FROM STDIN"
        self.next_id = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
        self.rows = []
        self.count = 0

    def new(self, **values) -> dict:
        """A row with its id; change it until the next write."""
        values["id"] = self.next_id
        self.next_id += 1
        self.rows.append(values)
        return values

    def write(self) -> None:
        rows = []
        for row in self.rows:
            values = [row.get(name, default) for name, default in self.defaults]
            for i, adapt in self.adapters:
                if values[i] is not None:
                    values[i] = adapt(values[i])
            rows.append(values)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: several times faster than INSERT
                with cursor.cursor.copy(self.copy) as copy:
                    for values in rows:
                        copy.write_row(values)
            else:
                for first in range(0, len(rows), BATCH):
                    cursor.executemany(self.sql, rows[first : first + BATCH])
        self.count += len(self.rows)
        self.rows = []


def _adapter(model_field) -> Callable | None:
    """How a value of the field goes to the database, as Django's backend would send it
    (SQLite: times as naive UTC text, dates as text, uuids as hex), or None as it is."""
    if isinstance(model_field, models.JSONField):
        return lambda value: model_field.get_db_prep_save(value, connection)
    if connection.vendor != "sqlite":
        return None
    if isinstance(model_field, models.DateTimeField):
        return lambda value: str(value.astimezone(UTC).replace(tzinfo=None))
    if isinstance(model_field, models.DateField):
        return str
    if isinstance(model_field, models.UUIDField):
        return lambda value: value.hex
    return None


class Tables:
    """A Table for each model the children's rows go to, written in an order of their own
    (foreign keys are checked at commit, on both databases)."""

    MODELS = {
        "children": Child,
        "attends": Child.units.through,
        "guardians": Guardian,
        "guardianships": Guardianship,
        "trustees": Trustee,
        "plans": Plan,
        "consents": Consent,
        "consent_units": Consent.units.through,
        "consent_principals": Consent.principals.through,
        "parties": ConsentParty,
        "preparations": Preparation,
        "invited_units": Preparation.invited_units.through,
        "meetings": Meeting,
        "participants": Participant,
        "goals": Goal,
        "measures": Measure,
        "versions": PlanVersion,
        "follow_ups": FollowUp,
        "coordinators": CoordinatorAssignment,
        "responsibilities": ResponsibilityAssignment,
        "log_rows": AccessLog,
    }

    def __init__(self):
        self.tables = {name: Table(model) for name, model in self.MODELS.items()}

    def __getattr__(self, name: str) -> Table:
        return self.__dict__["tables"][name]

    def write(self) -> None:
        for table in self.tables.values():
            table.write()

    def finish(self) -> dict:
        """Move the databases' id sequences past the ids given; the counts of rows."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.MODELS.values()))
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
        return {name: table.count for name, table in self.tables.items()}


def insert(objects: list) -> list:
    if objects:
        type(objects[0]).objects.bulk_create(objects, batch_size=BATCH)
    return objects


def test_series_number(birth: date, serial: int, coordination: bool = False) -> str:
    """A personnummer (or samordningsnummer) with a test-series birth number, as stored."""
    day = birth.day + (60 if coordination else 0)
    head = f"{birth:%y%m}{day:02d}{serial}"
    return f"{birth:%Y%m}{day:02d}{serial}{luhn.calc_check_digit(head)}"


def organisation_number(prefix: str, serial: int) -> str:
    head = f"{prefix}{serial:03d}"
    return f"{head[:6]}-{head[6:]}{luhn.calc_check_digit(head)}"


def ascii_name(text: str) -> str:
    return text.lower().translate(str.maketrans("åäöé ", "aaoe-"))


class Numbers:
    """Identity numbers, each once: ten birth numbers a day for each sex (980–999, even for
    girls), then ten samordningsnummer; a day that runs out moves to the day before."""

    def __init__(self):
        self.used = defaultdict(int)

    def issue(self, birth: date, female: bool) -> tuple[str, date]:
        while self.used[birth, female] >= 20:
            birth -= timedelta(days=1)
        taken = self.used[birth, female]
        self.used[birth, female] += 1
        serial = 980 + 2 * (taken % 10) + (0 if female else 1)
        return test_series_number(birth, serial, coordination=taken >= 10), birth


@dataclass
class Town:
    """A municipality: its two boards and their units, and the region's units it uses."""

    index: int
    name: str
    children: int
    domain: str
    postal_code: str
    education: Principal = None
    social_board: Principal = None
    units: dict = field(default_factory=dict)

    def unit(self, rng, kind: str) -> Unit:
        return rng.choice(self.units[kind])


@dataclass
class Family:
    """Siblings share their guardians, address and language, registered by one unit."""

    town: Town
    unit: Unit
    family_name: str
    street: str
    language: str
    protected: str
    guardians: list  # rows


@dataclass
class Kid:
    """What the generator remembers of a child while it makes the child's SIPs and log."""

    row: dict
    town: Town
    unit: Unit
    age_days: int
    guardians: list
    trustee: dict | None
    attends: list
    readers: list = field(default_factory=list)  # units that took part
    # (consent, ids of its units, ids of its principals): whom it covered, and when.
    consents: list = field(default_factory=list)
    plan: dict | None = None

    def had_reason(self, unit: Unit, at: datetime) -> bool:
        """What the access index said of the unit and the child at the moment (decision 34):
        it registered the child, or a consent covered it that day and was not withdrawn."""
        if unit.pk == self.row["registered_by_unit_id"]:
            return True
        day = at.astimezone(STOCKHOLM).date()
        return any(
            (unit.pk in units or unit.principal_id in principals)
            and consent["given_on"] <= day
            and (consent.get("valid_until") is None or day <= consent["valid_until"])
            and (consent.get("withdrawn_at") is None or at < consent["withdrawn_at"])
            for consent, units, principals in self.consents
        )

    @property
    def age(self) -> int:
        return self.age_days // 365


class Region:
    def __init__(self, children: int, seed: int, today: date, progress: Callable):
        self.total = children
        self.rng = random.Random(seed)
        self.today = today
        self.now = datetime.combine(today, time(17), tzinfo=STOCKHOLM)
        self.progress = progress
        self.numbers = Numbers()
        self.password = make_password(PASSWORD, salt=f"samordna-region-{seed:08d}")
        self.staff = defaultdict(lambda: defaultdict(list))  # unit pk → role → users
        self.emails = set()
        self.phones = set()
        self.counts = {}
        self.family = None  # the last family, for its next child

    def build(self) -> dict:
        self.organisations()
        self.t = Tables()
        self.progress(0, self.total)
        done = 0
        for town in self.towns:
            for first in range(0, town.children, CHUNK):
                size = min(CHUNK, town.children - first)
                self.write([self.child(town) for _ in range(size)])
                done += size
                self.progress(done, self.total)
        counts = self.counts | self.t.finish()
        # The rows went in past the ORM's signals: the access index is written from them.
        access_index.refresh(Child.objects.values_list("pk", flat=True))
        return counts | {"access_rows": ChildAccess.objects.count()}

    # --- Time and small random things ---------------------------------------------------
    def day(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def at(self, days: int, hour: int, minute: int = 0) -> datetime:
        return datetime.combine(self.day(days), time(hour, minute), tzinfo=STOCKHOLM)

    def office_hours(self, days: int) -> datetime:
        return self.at(days, self.rng.randint(8, 15), self.rng.choice((0, 15, 30, 45)))

    def chance(self, share: float) -> bool:
        return self.rng.random() < share

    def family_name(self) -> str:
        return self.rng.choice(words.FAMILY_HEADS) + self.rng.choice(words.FAMILY_TAILS)

    def street(self) -> str:
        name = self.family_name() + self.rng.choice(words.STREET_TAILS)
        return f"{name} {self.rng.randint(1, 120)}"

    def phone(self) -> str:
        while (number := self.rng.randrange(100_000, 1_000_000)) in self.phones:
            pass
        self.phones.add(number)
        return f"0999-{number // 1000} {number % 1000:03d}"

    def email(self, given: str, family: str, domain: str) -> str:
        base = f"{ascii_name(given)}.{ascii_name(family)}"
        email, serial = f"{base}@{domain}", 1
        while email in self.emails:
            serial += 1
            email = f"{base}{serial}@{domain}"
        self.emails.add(email)
        return email

    def pick(self, unit: Unit, *roles: str) -> User:
        """A member of staff of the unit in the first of the roles it has."""
        for role in (*roles, Role.CASEWORKER):
            if people := self.staff[unit.pk][role]:
                return self.rng.choice(people)
        raise AssertionError(f"{unit} has no caseworkers")

    # --- The organisations and their staff (bulk_create: a few thousand rows) ------------
    def organisations(self) -> None:
        rng = self.rng
        count = max(2, math.ceil(self.total / 8000))
        names = rng.sample([h + t for h in words.TOWN_HEADS for t in words.TOWN_TAILS], count)
        shares = _apportion(self.total, [1 / (rank + 1) ** 0.8 for rank in range(count)])
        self.towns = [
            Town(i, name, shares[i], f"{ascii_name(name)}.example", f"999 {10 + i:02d}")
            for i, name in enumerate(names)
        ]
        for town in self.towns:
            number = organisation_number("212999", 100 + town.index)
            town.education, town.social_board = (
                Principal(
                    name=f"{town.name} kommun",
                    kind=Principal.Kind.MUNICIPAL,
                    organisation_number=number,
                    board=board,
                )
                for board in ("Barn- och utbildningsnämnden", "Socialnämnden")
            )
        self.region = Principal(
            name=words.REGION_NAME,
            kind=Principal.Kind.REGION,
            organisation_number=organisation_number("232999", 100),
        )
        boards = [p for town in self.towns for p in (town.education, town.social_board)]
        insert([*boards, self.region])
        owners = insert(
            [
                Principal(
                    name=f"Hemmet {words.HOMES[i % len(words.HOMES)]} AB",
                    kind=Principal.Kind.PRIVATE,
                    organisation_number=organisation_number("559999", 100 + i),
                    contracted_by=self.towns[i % count].social_board,
                )
                for i in range(max(1, round(self.total / 50_000)))
            ]
        )
        self.units = []
        self.region_domain = f"{ascii_name(words.REGION_NAME.split()[-1])}.example"
        for town in self.towns:
            self.municipal_units(town)
        self.regional_units()
        homes = [
            self.add_unit(
                self.towns[i % count],
                owner,
                K.RESIDENTIAL_CARE,
                owner.name.replace("Hemmet ", "HVB ").removesuffix(" AB"),
                domain=f"{ascii_name(owner.name.split()[1])}.example",
            )
            for i, owner in enumerate(owners)
        ]
        for town in self.towns:
            town.units["homes"] = homes
        insert(self.units)
        self.staff_for(self.units)
        self.counts |= {"principals": len(boards) + 1 + len(owners), "units": len(self.units)}

    def add_unit(self, town, principal, kind, name, *, served=0.0, domain=None) -> Unit:
        unit = Unit(
            principal=principal,
            name=name,
            kind=kind,
            visiting_address=f"{self.street()}, {town.name}",
            postal_address=f"Box {self.rng.randint(100, 999)}",
            postal_code=town.postal_code,
            postal_city=town.name,
            phone=self.phone(),
            functional_mailbox=f"{ascii_name(name.split(',')[0])}@{domain or town.domain}",
        )
        unit.served = served  # the children it serves: its staff grows with them
        self.units.append(unit)
        return unit

    def municipal_units(self, town: Town) -> None:
        n = town.children

        def several(kind, principal, bases, pattern, count, **options):
            town.units[kind] = [
                self.add_unit(town, principal, kind, name, **options)
                for name in _names(bases, pattern, count)
            ]

        school = town.education
        several(K.PRESCHOOL, school, words.PRESCHOOLS, "{} förskola", max(1, round(n / 600)))
        several(K.COMPULSORY_SCHOOL, school, words.SCHOOLS, "{} skola", max(1, round(n / 450)))
        several(K.UPPER_SECONDARY, school, [town.name], "{} gymnasium", max(1, round(n / 2500)))
        teams = max(1, round(n / 10_000))
        several(K.PUPIL_HEALTH, school, [town.name], "Elevhälsan {}", teams, served=n / teams)
        teams = max(1, round(n / 12_000))
        pattern = "Socialtjänsten {}, barn och familj"
        several(K.SOCIAL_SERVICES, town.social_board, [town.name], pattern, teams, served=n / teams)
        primary_care = f"Vårdcentralen {town.name}"
        several(K.PRIMARY_CARE, self.region, [primary_care], "{}", 1, domain=self.region_domain)

    def regional_units(self) -> None:
        """BUP clinics and habilitation in the largest towns, each serving several; a ward."""
        for kind, pattern, per in (
            (K.CAMHS, "BUP {}", 25_000),
            (K.HABILITATION, "Habiliteringen {}", 50_000),
        ):
            hosts = self.towns[: max(1, round(self.total / per))]
            clinics = [
                self.add_unit(
                    host,
                    self.region,
                    kind,
                    pattern.format(host.name),
                    served=self.total / len(hosts),
                    domain=self.region_domain,
                )
                for host in hosts
            ]
            for i, town in enumerate(self.towns):
                town.units[kind] = [clinics[i % len(clinics)]]
        name = "BUP heldygnsvård, avdelning 34"
        ward = self.add_unit(self.towns[0], self.region, K.CAMHS, name, domain=self.region_domain)
        self.ward = ward

    def staff_for(self, units: list[Unit]) -> None:
        users, memberships, functions, holders = [], [], [], []

        def member(unit, role, given, family, email):
            user = User(
                email=email,
                given_name=given,
                family_name=family,
                password=self.password,
                phone=self.phone(),
            )
            user.unit = unit  # each generated user works at one unit
            users.append(user)
            memberships.append(Membership(user=user, unit=unit, role=role))
            self.staff[unit.pk][role].append(user)

        for unit in units:
            caseworkers, coordinators, managers = STAFF[unit.kind]
            caseworkers += round(unit.served / 4000)
            roles = [Role.CASEWORKER] * caseworkers + [Role.COORDINATOR] * coordinators
            domain = unit.functional_mailbox.split("@")[1]
            for role in roles + [Role.MANAGER] * managers:
                given = self.rng.choice(words.WOMEN + words.MEN)
                family = self.family_name()
                member(unit, role, given, family, self.email(given, family, domain))
            kind, title = FUNCTIONS[unit.kind]
            function = Function(unit=unit, kind=kind, title=title)
            functions.append(function)
            holders += [(function, user) for user in self.staff[unit.pk][Role.CASEWORKER][:2]]
        # Each principal's local administrator at its first unit; the first is the system's.
        first_units = {}
        for unit in units:
            first_units.setdefault(unit.principal_id, unit)
        for number, unit in enumerate(first_units.values()):
            role = Role.SYSTEM_ADMIN if number == 0 else Role.LOCAL_ADMIN
            domain = unit.functional_mailbox.split("@")[1]
            board = unit.principal.board or unit.principal.name
            member(unit, role, "Systemförvaltare", board, f"admin{number}@{domain}")
        insert(users)
        insert(memberships)
        insert(functions)
        Holder = Function.holders.through
        insert([Holder(function=function, user=user) for function, user in holders])
        self.counts |= {"users": len(users)}

    # --- Children and families ----------------------------------------------------------
    def child(self, town: Town) -> Kid:
        rng = self.rng
        female = self.chance(0.49)
        born = self.today - timedelta(days=rng.randrange(0, 18 * 365 - 3))
        number, birth = self.numbers.issue(born, female)
        age_days = (self.today - birth).days
        family = self.family
        siblings = family and family.town is town and family.unit.kind in FAMILY_UNITS
        if not (siblings and self.chance(0.25)):
            unit = self.registering_unit(town, age_days // 365)
            family = self.family = self.new_family(town, unit, age_days // 365)
        row = self.t.children.new(
            given_name=rng.choice(words.GIRLS if female else words.BOYS),
            family_name=family.family_name,
            identity_number=number,
            birth_date=birth,
            preferred_language=family.language,
            interpreter_needed=family.language not in (Language.SWEDISH, Language.ENGLISH),
            protected_identity=family.protected,
            registered_by_unit_id=family.unit.pk,
            street_address=family.street,
            postal_code=town.postal_code,
            city=town.name,
            registered_at=self.office_hours(-rng.randint(0, min(age_days, 1500))),
        )
        trustee = None
        if not family.guardians:  # an unaccompanied young person with a god man
            trustee = self.t.trustees.new(
                child_id=row["id"],
                name=f"{rng.choice(words.WOMEN + words.MEN)} {self.family_name()}",
                appointed_on=self.day(-rng.randint(30, 600)),
                chief_guardian=f"Överförmyndarnämnden {town.name}",
                chief_guardian_contact=self.phone(),
                registered_by_unit_id=family.unit.pk,
                street_address=self.street(),
                postal_code=town.postal_code,
                city=town.name,
                phone=self.phone(),
            )
        for guardian in family.guardians:
            self.t.guardianships.new(child_id=row["id"], guardian_id=guardian["id"])
        attends = self.schools(town, age_days // 365)
        if age_days >= 10 * 365 and self.chance(0.005):
            attends.append(rng.choice(town.units["homes"]))
        for unit in attends:
            self.t.attends.new(child_id=row["id"], unit_id=unit.pk)
        return Kid(row, town, family.unit, age_days, family.guardians, trustee, attends)

    def registering_unit(self, town: Town, age: int) -> Unit:
        if age >= 12 and self.chance(0.005):
            return self.ward
        weights = next(kinds for below, kinds in REGISTRARS if age < below)
        kind = self.rng.choices(list(weights), list(weights.values()))[0]
        return town.unit(self.rng, kind)

    def schools(self, town: Town, age: int) -> list[Unit]:
        if age < 1:
            return []
        kind = K.PRESCHOOL if age < 6 else K.COMPULSORY_SCHOOL if age < 16 else K.UPPER_SECONDARY
        return [town.unit(self.rng, kind)]

    def new_family(self, town: Town, unit: Unit, age: int) -> Family:
        rng = self.rng
        family_name = self.family_name()
        language = Language.SWEDISH if self.chance(0.88) else rng.choice(OTHER_LANGUAGES)
        protected = ""
        if self.chance(0.004):
            protected = ProtectedIdentity.PROTECTED_REGISTRATION
        elif self.chance(0.006):
            protected = ProtectedIdentity.CONFIDENTIALITY_MARKING
        street = self.street()
        count = 1 if self.chance(0.15) else 2
        if age >= 14 and self.chance(0.03):
            count = 0
        guardians = []
        for i in range(count):
            female = i == 0
            given = rng.choice(words.WOMEN if female else words.MEN)
            own_name = family_name if self.chance(0.75) else self.family_name()
            birth = self.today - timedelta(days=rng.randrange((age + 20) * 365, (age + 45) * 365))
            email = self.email(given, own_name, "post.example") if self.chance(0.6) else ""
            guardians.append(
                self.t.guardians.new(
                    given_name=given,
                    family_name=own_name,
                    identity_number=self.numbers.issue(birth, female)[0],
                    preferred_language=language,
                    interpreter_needed=language not in (Language.SWEDISH, Language.ENGLISH),
                    protected_identity=protected,
                    registered_by_unit_id=unit.pk,
                    street_address=street,
                    postal_code=town.postal_code,
                    city=town.name,
                    phone=self.phone(),
                    email=email,
                )
            )
        return Family(town, unit, family_name, street, language, protected, guardians)

    def write(self, kids: list[Kid]) -> None:
        """A chunk of children: their SIPs (20 % of all, among those a year or older), the
        read log, and every row written."""
        eligible = [kid for kid in kids if kid.age >= 1]
        chosen = self.rng.sample(eligible, min(len(eligible), round(SIP_SHARE * len(kids))))
        for kid, state in zip(chosen, _deal(self.rng, STATES, chosen), strict=True):
            start = self.plan(kid, state)
            ends_before = start - 30
            old_enough = kid.age_days + ends_before > 400
            if state != Status.DRAFT and old_enough and self.chance(EARLIER_SIP):
                self.plan(kid, Status.CLOSED, ends_before=ends_before)
        for kid in kids:
            self.read_log(kid)
        self.t.write()

    # --- SIPs ---------------------------------------------------------------------------
    def plan(self, kid: Kid, state: str, ends_before: int = 0) -> int:
        """One SIP in the state; returns the day it started (days from today)."""
        rng, t = self.rng, self.t
        initiating = kid.unit
        convener = self.pick(initiating)
        units, principals = self.participating(kid, initiating)
        end = ends_before - rng.randint(1, 60)  # the day a closed one closed
        start = {
            Status.DRAFT: -rng.randint(1, 30),
            Status.CONSENT: -rng.randint(5, 45),
            Status.BOOKED: -rng.randint(10, 60),
            Status.ACTIVE: -rng.randint(40, 720),
            Status.CLOSED: end - rng.randint(60, 700),
        }[state]
        start = max(start, -kid.age_days)
        kind = Plan.Kind.SIP
        if initiating.pk == self.ward.pk:
            kind = Plan.Kind.DISCHARGE
        elif not principals and all(u.principal_id == initiating.principal_id for u in units):
            kind = Plan.Kind.INTERNAL
        plan = t.plans.new(
            child_id=kid.row["id"],
            kind=kind,
            status=state,
            initiating_unit_id=initiating.pk,
            convener_id=convener.pk,
            child_wishes=rng.choice(words.CHILD_WISHES),
            reason=rng.choice(words.REASONS),
            purpose=rng.choice(words.PURPOSES),
            needs=rng.choice(words.NEEDS),
            created_at=self.office_hours(start),
        )
        if kid.plan is None or state != Status.CLOSED:
            kid.plan = plan
        goals = self.goals(plan, state)
        if state == Status.DRAFT:
            return start
        consent = self.consent(plan, kid, units, principals, convener, start)
        self.preparation(plan, units)
        if state == Status.CONSENT:
            return start
        staff = [convener] + [self.pick(unit) for unit in units]
        first = Meeting.Kind.FIRST
        if state == Status.BOOKED:
            if self.chance(0.08):
                cancelled = -rng.randint(1, 5)
                self.meeting(plan, kid, staff, cancelled, first, Meeting.Status.CANCELLED)
            day = 0 if self.chance(0.05) else rng.randint(1, 30)  # a few meet today at eight
            self.meeting(plan, kid, staff, day, first, Meeting.Status.BOOKED)
            return start
        # Active or closed: the first meeting held, then follow-ups every few months.
        last = end if state == Status.CLOSED else -1
        days = [min(start + rng.randint(21, 35), last)]
        while days[-1] + 120 < last:
            days.append(days[-1] + rng.randint(90, 180))
        held = [
            self.meeting(
                plan, kid, staff, day, Meeting.Kind.FOLLOW_UP if i else first, Meeting.Status.HELD
            )
            for i, day in enumerate(days)
        ]
        for previous, following in zip(held, held[1:], strict=False):
            previous["next_meeting_id"] = following["id"]
        lead = initiating if not units or self.chance(0.7) else rng.choice(units)
        coordinator = self.pick(lead, Role.COORDINATOR)
        plan.update(
            coordinator_id=coordinator.pk,
            coordinator_unit_id=lead.pk,
            overall_responsibility_id=lead.principal_id,
        )
        self.assign(plan, held[0], coordinator, lead)
        content = self.content(plan, coordinator, lead, goals, [initiating, *units], state, start)
        self.version(plan, held[0], 1, content, staff)
        number = 1
        for meeting in held[1:]:
            self.follow_up(plan, meeting)
            if self.chance(0.3):
                number += 1
                self.version(plan, meeting, number, content, staff)
        if state == Status.CLOSED:
            self.close(plan, consent, end, held[-1])
        elif self.chance(0.8):
            day = rng.randint(1, 90)
            follow_up = Meeting.Kind.FOLLOW_UP
            booked = self.meeting(plan, kid, staff, day, follow_up, Meeting.Status.BOOKED)
            held[-1]["next_meeting_id"] = booked["id"]
            plan["next_follow_up"] = self.day(day)
        elif self.chance(0.5):
            plan["next_follow_up"] = self.day(-rng.randint(1, 60))  # overdue
        return start

    def participating(self, kid: Kid, initiating: Unit) -> tuple[list[Unit], list[Principal]]:
        """The units a consent covers, and the principals it names whole (the region)."""
        around = [kid.town.unit(self.rng, kind) for kind in AROUND]
        candidates = [u for u in dict.fromkeys([*kid.attends, *around]) if u.pk != initiating.pk]
        count = self.rng.choices((1, 2, 3), (35, 45, 20))[0]
        units = self.rng.sample(candidates, min(count, len(candidates)))
        if self.chance(0.08):
            return [u for u in units if u.principal_id != self.region.pk], [self.region]
        return units, []

    def goals(self, plan: dict, state: str) -> list[dict]:
        rng = self.rng
        count = rng.randint(0, 1) if state in (Status.DRAFT, Status.CONSENT) else rng.randint(1, 3)
        goals = []
        for i in range(count):
            text = rng.choice(words.SHORT_GOALS if i else words.LONG_GOALS)
            term = Goal.Term.SHORT if i else Goal.Term.LONG
            goals.append(
                self.t.goals.new(plan_id=plan["id"], term=term, text=text, in_childs_words=not i)
            )
        return goals

    def consent(self, plan, kid, units, principals, convener, start) -> dict:
        rng, t = self.rng, self.t
        given = min(start + rng.randint(1, 4), 0)
        how = [Consent.Informed.ORALLY]
        if self.chance(0.5):
            how.append(Consent.Informed.IN_WRITING)
        consent = t.consents.new(
            plan_id=plan["id"],
            information="Skolgång och frånvaro, hälsa, familjens situation och insatser.",
            form=rng.choice(Consent.Form.values),
            given_on=self.day(given),
            informed_on=self.day(given - rng.randint(0, 3)),
            informed_how=how,
            valid_until=self.day(rng.randint(60, 700)) if self.chance(0.4) else None,
            documented_by_id=convener.pk,
            documented_by_unit_id=plan["initiating_unit_id"],
            created_at=self.office_hours(given),
        )
        for unit in units:
            t.consent_units.new(consent_id=consent["id"], unit_id=unit.pk)
        for principal in principals:
            t.consent_principals.new(consent_id=consent["id"], principal_id=principal.pk)
        for guardian in kid.guardians:
            t.parties.new(consent_id=consent["id"], guardian_id=guardian["id"], is_child=False)
        if kid.trustee:
            t.parties.new(consent_id=consent["id"], trustee_id=kid.trustee["id"], is_child=False)
        if kid.age >= settings.SIP_CHILD_CONSENT_AGE:
            t.parties.new(consent_id=consent["id"], is_child=True)
        kid.readers += units
        kid.consents.append((consent, {u.pk for u in units}, {p.pk for p in principals}))
        if principals:
            kid.readers.append(kid.town.unit(rng, K.CAMHS))
        return consent

    def preparation(self, plan: dict, units: list[Unit]) -> None:
        preparation = self.t.preparations.new(
            plan_id=plan["id"],
            child_participation=self.rng.choice(Preparation.ChildParticipation.values),
            views_gathering="Kuratorn träffar barnet före mötet.",
        )
        for unit in units:
            self.t.invited_units.new(preparation_id=preparation["id"], unit_id=unit.pk)

    def meeting(self, plan, kid, staff, day, kind, status) -> dict:
        """A meeting `day` days from today; one today began at eight."""
        rng = self.rng
        starts = self.at(day, 8) if day == 0 else self.at(day, rng.choice((9, 10, 13, 14)))
        booked = max(plan["created_at"], starts - timedelta(days=rng.randint(21, 30)))
        convener = staff[0]
        meeting = self.t.meetings.new(
            plan_id=plan["id"],
            kind=kind,
            starts_at=starts,
            place=f"{kid.unit.name}, mötesrummet",
            status=status,
            booked_by_id=convener.pk,
            booked_at=booked,
            unit_id=kid.unit.pk,
            convener_id=convener.pk,
            leader_id=convener.pk,
            note_taker_id=staff[-1].pk,
            uid=uuid.UUID(int=rng.getrandbits(128), version=4),
            sequence=1 if status == Meeting.Status.CANCELLED else 0,
        )
        if status == Meeting.Status.HELD:
            meeting.update(
                presentation_done=True,
                previous_plan_read=kind == Meeting.Kind.FOLLOW_UP,
                purpose_read=True,
                situation=rng.choice(words.SITUATIONS),
                actors_views=rng.choice(words.VIEWS),
                plan_read_aloud=True,
                closed_at=starts + timedelta(minutes=90),
                closed_by_id=convener.pk,
            )
        self.invitees(meeting, kid, staff)
        return meeting

    def invitees(self, meeting: dict, kid: Kid, staff: list[User]) -> None:
        kinds = Participant.Kind
        people = [{"kind": kinds.STAFF, "user_id": u.pk, "unit_id": u.unit.pk} for u in staff]
        people.append({"kind": kinds.CHILD})
        people += [{"kind": kinds.GUARDIAN, "guardian_id": g["id"]} for g in kid.guardians]
        if kid.trustee:
            people.append({"kind": kinds.TRUSTEE, "trustee_id": kid.trustee["id"]})
        sent = meeting["booked_at"]
        for person in people:
            participant = self.t.participants.new(
                meeting_id=meeting["id"],
                invited_at=sent,
                invited_sequence=meeting["sequence"],
                **person,
            )
            if meeting["status"] == Meeting.Status.HELD:
                participant.update(
                    response=Participant.Response.ACCEPTED,
                    response_via=Participant.Via.LINK,
                    responded_at=sent + timedelta(days=2),
                    attendance=Participant.Attendance.ABSENT
                    if self.chance(0.08)
                    else Participant.Attendance.PRESENT,
                )
            elif meeting["status"] == Meeting.Status.BOOKED:
                if self.chance(0.5):
                    participant.update(
                        response=Participant.Response.ACCEPTED,
                        response_via=Participant.Via.LINK,
                        responded_at=sent + timedelta(days=1),
                    )
                else:
                    participant["link_nonce"] = f"{self.rng.getrandbits(128):032x}"

    def assign(self, plan: dict, meeting: dict, coordinator: User, lead: Unit) -> None:
        """The coordinator and the overall responsibility, decided at the first meeting."""
        assigned = {
            "plan_id": plan["id"],
            "assigned_by_id": plan["convener_id"],
            "meeting_id": meeting["id"],
            "assigned_at": meeting["starts_at"] + timedelta(hours=1),
        }
        reason = "Utsedd på SIP-mötet."
        self.t.coordinators.new(
            coordinator_id=coordinator.pk, unit_id=lead.pk, reason=reason, **assigned
        )
        self.t.responsibilities.new(
            principal_id=lead.principal_id, reason="Har de flesta insatserna.", **assigned
        )

    def content(self, plan, coordinator, lead, goals, units, state, start) -> dict:
        """The measures, and the plan's content as plans.services.snapshot stores it in an
        approved version (measures described by plans/measures.py)."""
        rng = self.rng
        goal_objects = {goal["id"]: Goal(**goal) for goal in goals}
        described = []
        for _ in range(rng.randint(2, 5)):
            unit = rng.choice(units)
            goal = rng.choice(goals)
            measure = self.t.measures.new(
                plan_id=plan["id"],
                goal_id=goal["id"],
                kept_by_unit_id=unit.pk,
                starts_on=self.day(start + rng.randint(20, 40)),
                status=Measure.Status.DONE if state == Status.CLOSED else Measure.Status.ONGOING,
            )
            roll = rng.random()
            if roll < 0.05:  # a need no principal has taken on yet
                measure.update(
                    description="En kontaktperson på fritiden.",
                    timing="Varannan helg",
                    status=Measure.Status.PLANNED,
                )
            elif roll < 0.10:  # by an actor outside the directory
                actor, kind, description = rng.choice(words.OTHER_ACTORS)
                measure.update(other_actor=actor, other_actor_kind=kind, description=description)
            else:
                person = self.pick(unit)
                measure.update(
                    description=rng.choice(words.MEASURES[unit.kind]),
                    responsible_unit_id=unit.pk,
                    responsible_person_id=person.pk,
                    ends_on=measure["starts_on"] + timedelta(days=rng.randint(60, 360)),
                )
                # Most units mark a measure done when it ends; the rest get a reminder.
                if measure["ends_on"] < self.today and self.chance(0.85):
                    measure["status"] = Measure.Status.DONE
            instance = Measure(**measure)
            instance.goal, instance.kept_by_unit = goal_objects[goal["id"]], unit
            if instance.responsible_unit_id:
                instance.responsible_unit, instance.responsible_person = unit, person
            described.append(measure_fields.describe(instance))
        # The shape of plans.services.snapshot, built from the plain rows (no model instances
        # for the plan and its goals): change both together.
        return {
            "child_wishes": plan["child_wishes"],
            "purpose": plan["purpose"],
            "needs": plan["needs"],
            "overall_responsibility": str(lead.principal),
            "coordinator": f"{coordinator}, {lead}",
            "family_contact": "",
            "goals": [
                {
                    "id": goal.pk,
                    "term": goal.get_term_display(),
                    "term_code": goal.term,
                    "text": goal.text,
                    "in_childs_words": goal.in_childs_words,
                }
                for goal in goal_objects.values()
            ],
            "measures": described,
        }

    def version(self, plan, meeting, number, content, staff) -> None:
        self.t.versions.new(
            plan_id=plan["id"],
            number=number,
            meeting_id=meeting["id"],
            approved_on=meeting["starts_at"].date(),
            approved_at=meeting["starts_at"] + timedelta(hours=1, minutes=20),
            approved_by_id=plan["convener_id"],
            attendees=", ".join(["Barnet", "vårdnadshavarna", *map(str, staff)]),
            content=content,
        )

    def follow_up(self, plan: dict, meeting: dict) -> None:
        self.t.follow_ups.new(
            plan_id=plan["id"],
            held_on=meeting["starts_at"].date(),
            wishes_met="Delvis.",
            measures_delivered="Ja.",
            how_measures_work="Bra, i rätt ordning.",
            results="Frånvaron har minskat.",
            assessments="Alla ser framsteg.",
            recorded_by_id=plan["convener_id"],
            recorded_at=meeting["starts_at"] + timedelta(hours=2),
        )

    def close(self, plan: dict, consent: dict, end: int, last: dict) -> None:
        """Closed after the last meeting; the consent withdrawn, ended with it, or left."""
        closed = self.office_hours(end)
        plan.update(
            closed_at=closed,
            closure_reason=self.rng.choice(ClosureReason.values),
            closure_note=self.rng.choice(words.CLOSURE_NOTES),
        )
        last["no_next_reason"] = "SIP:en avslutas."
        if plan["closure_reason"] == ClosureReason.CONSENT_WITHDRAWN:
            consent.update(withdrawn_at=closed - timedelta(days=1), withdrawn_by="Vårdnadshavarna")
        elif self.chance(0.85):
            consent["valid_until"] = closed.date()

    # --- The read log -------------------------------------------------------------------
    def read_log(self, kid: Kid) -> None:
        """Ten reads of the child in the last year (since it was registered), by the units
        that took part, and a few by units that never did."""
        rng = self.rng
        units = [kid.unit, *kid.readers]
        since = max(kid.row["registered_at"], self.now - timedelta(days=365))
        span = max(1, int((self.now - since).total_seconds()))
        for _ in range(LOG_ROWS):
            unit = rng.choice(self.units if self.chance(UNRELATED_READS) else units)
            about_plan = kid.plan is not None and self.chance(0.4)
            at = since + timedelta(seconds=rng.randrange(span))
            self.t.log_rows.new(
                at=at,
                had_reason=kid.had_reason(unit, at),
                user_id=self.pick(unit).pk,
                acting_unit_id=unit.pk,
                child_id=kid.row["id"],
                object_type="plans.plan" if about_plan else "people.child",
                object_id=str(kid.plan["id"] if about_plan else kid.row["id"]),
                action=rng.choices(ACTIONS, (70, 20, 5, 5))[0],
                client_ip=f"10.{rng.randrange(256)}.{rng.randrange(1, 255)}.1",
            )


def _names(bases: list[str], pattern: str, count: int) -> list[str]:
    """`count` unit names from the bases, numbered when there are more than one of a base."""
    names = []
    for i in range(count):
        name = pattern.format(bases[i % len(bases)])
        if count > len(bases):
            name += f" {i // len(bases) + 1}"
        names.append(name)
    return names


def _apportion(total: int, weights: list[float]) -> list[int]:
    """`total` split in proportion to the weights, in whole numbers (largest remainder)."""
    exact = [total * w / sum(weights) for w in weights]
    whole = [int(x) for x in exact]
    order = sorted(range(len(exact)), key=lambda i: exact[i] - whole[i], reverse=True)
    for i in order[: total - sum(whole)]:
        whole[i] += 1
    return whole


def _deal(rng: random.Random, shares: dict, items: list) -> list:
    """One key of `shares` per item, in exactly those proportions, in random order."""
    counts = _apportion(len(items), list(shares.values()))
    dealt = [key for key, n in zip(shares, counts, strict=True) for _ in range(n)]
    rng.shuffle(dealt)
    return dealt


def print_progress(stream=None) -> Callable[[int, int], None]:
    """A progress line on stderr: redrawn on a terminal, every tenth otherwise."""
    stream = stream or sys.stderr
    started = clock.monotonic()
    shown = {"tenth": -1}

    def show(done: int, total: int) -> None:
        seconds = clock.monotonic() - started
        line = f"generate_region: {done:,} of {total:,} children ({done / total:4.0%}), "
        line += f"{seconds:4.0f} s"
        if stream.isatty():
            stream.write(f"\r{line}" + ("\n" if done == total else ""))
        elif (tenth := done * 10 // total) > shown["tenth"]:
            shown["tenth"] = tenth
            stream.write(line + "\n")
        stream.flush()

    return show
