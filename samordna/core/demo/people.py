"""The demo's children and the adults around them, their ages counted from today.

Identity numbers are made for each load from the birth date and a serial in 980–999, the
series Skatteverket keeps for test persons; the unaccompanied child has a reserve number.
Every person has a house and a phone of their own, so that no one's details are anyone
else's.
"""

import itertools
from datetime import date, timedelta

from stdnum import luhn

from samordna.organisations.models import Unit
from samordna.people import identity
from samordna.people.models import (
    Child,
    Guardian,
    Guardianship,
    Language,
    ProtectedIdentity,
    Relative,
    Trustee,
)

PROTECTED = ProtectedIdentity.PROTECTED_REGISTRATION
MARKED = ProtectedIdentity.CONFIDENTIALITY_MARKING

# given, family, age (years, days past the birthday), serial (None: a reserve number),
# registering unit, school and other units, language, protected, guardians
# [(given, family, age, serial, protected)]
CHILDREN = [
    ("Nora", "Sagström", (12, 80), 982, "Elevhälsan Sagoby", ["Ekbackens skola"],
     Language.SWEDISH, "",
     [("Karin", "Sagström", (48, 200), 986, ""), ("Mattias", "Sagström", (45, 40), 987, "")]),
    ("Liam", "Björkvik", (10, 150), 983, "Socialtjänsten Sagoby, barn och familj",
     ["Ekbackens skola"], Language.SWEDISH, "",
     [("Sanna", "Björkvik", (41, 330), 988, PROTECTED), ("Per", "Björkvik", (39, 150), 989, "")]),
    ("Ella", "Sjöberg", (17, 20), 984, "BUP Sagoland", ["Sagoby gymnasium"], Language.SWEDISH,
     MARKED, [("Maria", "Sjöberg", (51, 270), 990, MARKED)]),
    ("Theo", "Lindgren", (4, 190), 985, "Solrosens förskola", ["Solrosens förskola"],
     Language.ARABIC, "", [("Lina", "Lindgren", (34, 170), 992, "")]),
    ("Samir", "Nouri", (16, 45), None, "Socialtjänsten Ängsvik",
     ["Ängsviks skola", "HVB Lindgården"], Language.DARI, "", []),
    ("Wilma", "Fjällström", (15, 100), 994, "BUP heldygnsvård, avdelning 34", ["Ekbackens skola"],
     Language.SWEDISH, "",
     [("Anna", "Fjällström", (44, 10), 996, ""), ("Jonas", "Fjällström", (46, 300), 997, "")]),
]  # fmt: skip


def born(today: date, age: tuple[int, int]) -> date:
    """The birth date of someone `years` old, `days` past the last birthday."""
    years, days = age
    try:
        birthday = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        birthday = today.replace(year=today.year - years, day=28)
    return birthday - timedelta(days=days)


def number(birth: date, serial: int) -> str:
    """A valid personnummer in the test series, written as samordna stores it."""
    head = f"{birth:%y%m%d}{serial}"
    return f"{birth:%Y%m%d}{serial}{luhn.calc_check_digit(head)}"


def _address(family: str, house: int, unit: Unit) -> dict:
    return {
        "street_address": f"{family}s väg {house}",
        "postal_code": unit.postal_code,
        "city": unit.postal_city,
        "phone": f"0999-{house:02d} {house:02d} {house:02d}",
    }


def _email(given: str, family: str) -> str:
    plain = f"{given}.{family}".lower().translate(str.maketrans("åäöé", "aaoe"))
    return f"{plain}@post.example"


def load_children(today: date) -> None:
    units = {unit.name: unit for unit in Unit.objects.all()}
    houses = itertools.count(21)
    for given, family, age, serial, registrar, attends, language, protected, guardians in CHILDREN:
        unit = units[registrar]
        birth = born(today, age)
        if serial is None:
            parsed = identity.issue_reserve_number(birth, taken=lambda _value: False)
        else:
            parsed = identity.normalise(number(birth, serial), today=today)
        child = Child.objects.create(
            given_name=given,
            family_name=family,
            identity_number=parsed.value,
            birth_date=parsed.birth_date,
            preferred_language=language,
            interpreter_needed=language not in (Language.SWEDISH, Language.ENGLISH),
            protected_identity=protected,
            registered_by_unit=unit,
            **_address(family, next(houses), unit),
        )
        child.units.set(units[name] for name in attends)
        for g_given, g_family, g_age, g_serial, g_protected in guardians:
            guardian = Guardian.objects.create(
                given_name=g_given,
                family_name=g_family,
                identity_number=number(born(today, g_age), g_serial),
                preferred_language=language,
                interpreter_needed=child.interpreter_needed,
                protected_identity=g_protected,
                registered_by_unit=unit,
                email=_email(g_given, g_family),
                **_address(g_family, next(houses), unit),
            )
            Guardianship.objects.create(child=child, guardian=guardian)
    liam = Child.objects.get(given_name="Liam")
    Relative.objects.create(
        child=liam,
        name="Ingrid Björkvik",
        relation="Mormor",
        registered_by_unit=liam.registered_by_unit,
        **_address("Ingrids", next(houses), liam.registered_by_unit),
    )
    samir = Child.objects.get(given_name="Samir")
    Trustee.objects.create(
        child=samir,
        name="Göran Ekholm",
        appointed_on=today - timedelta(days=300),
        chief_guardian="Överförmyndarnämnden Ängsvik",
        chief_guardian_contact="0999-200 90",
        registered_by_unit=samir.registered_by_unit,
        email="goran.ekholm@post.example",
        **_address("Ekholms", next(houses), samir.registered_by_unit),
    )
