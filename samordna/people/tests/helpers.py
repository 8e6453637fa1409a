"""Small factories and POST-data builders for the people tests.

Identity numbers are fictional: birth numbers 980-999, the series kept for test persons.
"""

import io
import itertools
from datetime import date, timedelta

from django.core.management import call_command
from django.test import Client, override_settings
from stdnum import luhn

from conftest import make_user, verified_login
from samordna.access import index as access_index
from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.models import CHILD_DATA_ROLES, Membership, Role
from samordna.people.models import Child, Guardian, Guardianship

_serials = itertools.count()


def fictional_number(born: date, serial: int = 982) -> str:
    """A valid personnummer for `born` in the test series, written YYYYMMDD-NNNC."""
    assert 980 <= serial <= 999
    head = f"{born:%y%m%d}{serial}"
    return f"{born:%Y%m%d}-{serial}{luhn.calc_check_digit(head)}"


def next_number() -> str:
    """A fresh fictional number: 20 serials per birth date, then the next day."""
    n = next(_serials)
    return fictional_number(date(2013, 1, 1) + timedelta(days=n // 20), 980 + n % 20)


def digits(number: str) -> str:
    return number.replace("-", "")


def make_child(unit, *, given_name="Alva", family_name="Testsson", number=None, **fields):
    number = digits(number or next_number())
    fields.setdefault("street_address", f"{family_name}s gränd 3")
    fields.setdefault("phone", "0999-12 34 56")
    return Child.objects.create(
        given_name=given_name,
        family_name=family_name,
        identity_number=number,
        birth_date=date(int(number[:4]), int(number[4:6]), int(number[6:8])),
        registered_by_unit=unit,
        **fields,
    )


def make_guardian(child, *, given_name="Kim", family_name="Testsson", number=None, **fields):
    fields.setdefault("street_address", f"{given_name}s stig 7")
    fields.setdefault("phone", "0999-65 43 21")
    guardian = Guardian.objects.create(
        given_name=given_name,
        family_name=family_name,
        identity_number=digits(number or fictional_number(date(1980, 5, 17), 990)),
        registered_by_unit=child.registered_by_unit,
        **fields,
    )
    Guardianship.objects.create(child=child, guardian=guardian)
    return guardian


def child_post_data(**fields) -> dict:
    """The ChildForm fields as the registration page posts them."""
    data = {
        "version": "1",
        "given_name": "Alva",
        "family_name": "Testsson",
        "identity_number": "",
        "birth_date": "",
        "preferred_language": "sv",
        "street_address": "Testgatan 1",
        "postal_code": "99999",
        "city": "Testby",
        "phone": "0999-11 11 11",
        "email": "",
        "protected_identity": "",
    }
    data.update(fields)
    return {key: value for key, value in data.items() if value is not None}


def guardian_post_data(index: int, **fields) -> dict:
    """One guardian form of the formset with prefix "guardian"; empty means untouched."""
    data = {
        "given_name": "",
        "family_name": "",
        "identity_number": "",
        "kind": "guardian",
        "preferred_language": "sv",
        "street_address": "",
        "postal_code": "",
        "city": "",
        "phone": "",
        "email": "",
        "protected_identity": "",
    }
    data.update(fields)
    return {f"guardian-{index}-{key}": value for key, value in data.items() if value is not None}


def registration_data(
    *guardians: dict, empty_forms: int = 1, confirm: bool = True, **child_fields
) -> dict:
    """A whole registration POST: the child, the guardians, untouched extra forms; sent from
    the second step, with the reason (`confirm=False`: the first step, which a typed number
    needs)."""
    forms = [*guardians, *([{}] * empty_forms)]
    data = {
        "guardian-TOTAL_FORMS": str(len(forms)),
        "guardian-INITIAL_FORMS": "0",
        "guardian-MIN_NUM_FORMS": "0",
        "guardian-MAX_NUM_FORMS": "4",
        **child_post_data(**child_fields),
    }
    for index, fields in enumerate(forms):
        data.update(guardian_post_data(index, **fields))
    if confirm:
        data = {"confirm": "1", "reason": "Skolan ser ett behov av stöd"} | data
    return data


def edit_post_data(child: Child, **changes) -> dict:
    """The edit form as the page posts it for `child`, with `changes` typed in."""
    data = {
        "version": str(child.version),
        "given_name": child.given_name,
        "family_name": child.family_name,
        "preferred_language": child.preferred_language,
        "street_address": child.street_address,
        "postal_code": child.postal_code,
        "city": child.city,
        "phone": child.phone,
        "email": child.email,
        "protected_identity": child.protected_identity,
        "units": [str(pk) for pk in child.units.values_list("pk", flat=True)],
    }
    if child.interpreter_needed:
        data["interpreter_needed"] = "on"
    data.update(changes)
    return data


def client_for(user, unit=None) -> Client:
    """A new logged-in client, acting for `unit` (default: the user's first unit)."""
    client = Client()
    verified_login(client, user)
    if unit is not None:
        session = client.session
        session[SESSION_KEY] = unit.pk
        session.save()
    return client


def load_demo() -> None:
    with override_settings(DEBUG=True):  # the command refuses without, as in production
        call_command("load_demo", stdout=io.StringIO())


def member(units, roles=CHILD_DATA_ROLES, *, email="medarbetare@samordna.example"):
    """(user, unit) of the first membership with one of `roles` at one of `units`; a new
    caseworker (or the first role) at the first unit when there is none."""
    memberships = Membership.objects.filter(unit__in=units, role__in=roles)
    membership = memberships.select_related("user", "unit").order_by("pk").first()
    if membership is None:
        role = Role.CASEWORKER if Role.CASEWORKER in roles else sorted(roles)[0]
        user = make_user(email, units[0], role, given_name="Medarbetare")
        return user, units[0]
    return membership.user, membership.unit


def grant_family_name(monkeypatch, unit, family_name="Granted") -> None:
    """A stand-in for another app's reason: `unit` may see children named `family_name`.

    The registry is replaced for the test only, so the grant goes away with it. Call it
    before making the children: their rows are written when they are saved.
    """
    monkeypatch.setattr(access_index, "_grants", [])

    def grant(child_ids):
        named = Child.objects.filter(pk__in=child_ids, family_name=family_name)
        for pk in named.values_list("pk", flat=True):
            yield access_index.Row(pk, unit.pk, "granted")

    access_index.register_grant(grant)
