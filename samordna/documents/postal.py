"""Where a person's address, phone and e-mail may appear: the one policy for every letter,
plan, protocol, consent form, e-mail, calendar file, export and page.

A person with protected personal data (sekretessmarkering, skyddad folkbokföring) has
contact details that only the unit that registered them may know. Whatever leaves that
unit, or is seen by anyone else, gets one of two things only:

- on the person's own envelope, "c/o" the registering unit and that unit's postal address
  (the unit forwards the letter): `envelope`;
- everywhere else, nothing: `contact` answers None, and a document prints the name alone.

The registering unit's own pages about the person (the record it keeps) are the one place
the details show: `contact(person, for_unit=unit)`. Documents never pass a unit, whoever
prints them: a plan printed by the registering unit is still handed to everyone.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Contact:
    """What may be shown of a person's contact details; empty parts are blank."""

    address: str
    phone: str
    email: str

    def __bool__(self) -> bool:
        return bool(self.address or self.phone or self.email)


def postal_line(code: str, city: str) -> str:
    """Postal code and city on one line, the code written "123 45" as the postal service asks."""
    code = (code or "").strip()
    if len(code) == 5 and code.isdigit():
        code = f"{code[:3]} {code[3:]}"
    return " ".join(part for part in (code, (city or "").strip()) if part)


def is_protected(person) -> bool:
    return bool(getattr(person, "protected_identity", ""))


def contact(person, *, for_unit=None) -> Contact | None:
    """The person's address, phone and e-mail, or None when they are protected.

    `for_unit` is given only by the pages of the record the unit keeps about the person:
    the unit that registered a protected person sees what it registered.
    """
    if is_protected(person) and (for_unit is None or for_unit.pk != person.registered_by_unit_id):
        return None
    town = postal_line(person.postal_code, person.city)
    address = ", ".join(part for part in (person.street_address, town) if part)
    return Contact(address=address, phone=person.phone, email=person.email)


def unit_lines(unit) -> list[str]:
    """A unit's postal address, line by line, without its name."""
    lines = [unit.postal_address, postal_line(unit.postal_code, unit.postal_city)]
    return [line for line in lines if line]


def envelope(person, name: str) -> list[str]:
    """The lines in the window of a letter to `person` (written to as `name`): their own
    address, or, when it is protected, "c/o" the unit that registered them."""
    if is_protected(person):
        via = person.registered_by_unit
        lines = [name, f"c/o {via.name}", *unit_lines(via)]
    else:
        lines = [name, person.street_address, postal_line(person.postal_code, person.city)]
    return [line for line in lines if line]


def unit_envelope(name: str, unit) -> list[str]:
    """The lines in the window of a letter to someone reached at a unit (a function)."""
    return [line for line in (name, unit.name, *unit_lines(unit)) if line]
