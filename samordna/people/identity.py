"""Swedish identity numbers for children and guardians: the one place that parses them.

Accepted input (surrounding whitespace is ignored):

* personnummer or samordningsnummer with 12 digits: ``YYYYMMDDNNNN`` or ``YYYYMMDD-NNNN``;
* the same with 10 digits: ``YYMMDDNNNN``, ``YYMMDD-NNNN`` or ``YYMMDD+NNNN``. Without ``+`` the
  century is the latest one that does not put the birth date in the future. ``+`` is written
  from the year a person turns 100, so it means the latest year ending in YY that is at least
  100 years ago;
* a reserve number issued by this system, see below.

A samordningsnummer (coordination number) is a personnummer whose day has 60 added. Every
number is stored as 12 characters without separator, e.g. ``201203142383``.

Reserve numbers (reservnummer) are issued by this system for a child who has neither number.
Format: ``YYYYMMDD`` + ``R`` + a three-digit serial, e.g. ``20121203R001`` (shown as
``20121203-R001``). It carries the birth date and fits the same 12-character column, yet it can
never collide with a real number: a stored personnummer or samordningsnummer is always 12
digits, while a reserve number always has the letter R in position 9, so the two sets are
disjoint (``stdnum`` also rejects every reserve number). Serials run 001-999 per birth date;
the caller's ``taken`` check plus a unique constraint on the column keep them unique.

``stdnum.se.personalid`` (an alias of ``stdnum.se.personnummer``) is not used for parsing: it
rejects samordningsnummer, takes the century from the system clock and silently drops spaces
and colons inside a number. Its Luhn module computes the check digit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

Kind = Literal["personnummer", "samordningsnummer", "reservnummer"]

RESERVE_LETTER = "R"
COORDINATION_OFFSET = 60  # added to the day of birth in a samordningsnummer

_LONG = re.compile(r"([0-9]{8})-?([0-9]{4})")
_SHORT = re.compile(r"([0-9]{6})([-+]?)([0-9]{4})")
_RESERVE = re.compile(r"([0-9]{8})-?[Rr]([0-9]{3})")
_ALLOWED = frozenset("0123456789-+")
# Word processors and web pages often turn the hyphen into another dash.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))

MESSAGES = {
    "format": _("Write the number as YYYYMMDD-NNNN or YYMMDD-NNNN, using digits only."),
    "length": _("The number must have 10 or 12 digits."),
    "date": _("The date in the number does not exist."),
    "future": _("The date in the number is in the future."),
    "checksum": _("The check digit does not match. Check the last four digits."),
    "coordination_number": _(
        "This is a coordination number (samordningsnummer), not a personal identity number."
    ),
}


@dataclass(frozen=True, slots=True)
class IdentityNumber:
    value: str  # 12 characters, no separator
    kind: Kind
    birth_date: date  # for a samordningsnummer: the real day, i.e. the number's day minus 60

    @property
    def formatted(self) -> str:
        return f"{self.value[:8]}-{self.value[8:]}"

    def __str__(self) -> str:
        return self.formatted


def _error(code: str) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code)


def _birth_date(year: int, month: int, day: int, today: date) -> date:
    try:
        born = date(year, month, day)
    except ValueError:
        raise _error("date") from None
    if born > today:
        raise _error("future")
    return born


def _full_year(yy: int, month: int, day: int, plus: bool, today: date) -> int:
    year = today.year - (today.year - yy) % 100  # latest year ending in yy, not after this year
    if plus:
        return year - 100
    if (year, month, day) > (today.year, today.month, today.day):
        year -= 100
    return year


def normalise(
    value: str, *, allow_coordination: bool = True, today: date | None = None
) -> IdentityNumber:
    """Parse and validate a number as typed by a person; raise ValidationError if it is wrong."""
    today = timezone.localdate() if today is None else today
    text = str(value).strip().translate(_DASHES)
    if match := _RESERVE.fullmatch(text):
        ymd, serial = match.groups()
        born = _birth_date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]), today)
        return IdentityNumber(f"{ymd}{RESERVE_LETTER}{serial}", "reservnummer", born)
    if not _ALLOWED.issuperset(text):
        raise _error("format")
    if sum(char.isdigit() for char in text) not in (10, 12):
        raise _error("length")
    match = _LONG.fullmatch(text) or _SHORT.fullmatch(text)
    if match is None:
        raise _error("format")
    ymd, serial = match[1], match.groups()[-1]
    month, day = int(ymd[-4:-2]), int(ymd[-2:])
    coordination = day > COORDINATION_OFFSET
    if coordination:
        day -= COORDINATION_OFFSET
    if len(ymd) == 8:
        year = int(ymd[:4])
    else:
        year = _full_year(int(ymd[:2]), month, day, match[2] == "+", today)
    born = _birth_date(year, month, day, today)
    if not luhn.is_valid(ymd[-6:] + serial):
        raise _error("checksum")
    if coordination and not allow_coordination:
        raise _error("coordination_number")
    kind: Kind = "samordningsnummer" if coordination else "personnummer"
    return IdentityNumber(f"{year:04d}{ymd[-4:]}{serial}", kind, born)


def issue_reserve_number(birth_date: date, taken: Callable[[str], bool]) -> IdentityNumber:
    """The reserve number with the lowest serial that ``taken`` does not report as used."""
    ymd = f"{birth_date.year:04d}{birth_date.month:02d}{birth_date.day:02d}"
    for serial in range(1, 1000):
        value = f"{ymd}{RESERVE_LETTER}{serial:03d}"
        if not taken(value):
            return IdentityNumber(value, "reservnummer", birth_date)
    raise RuntimeError("Every reserve number for this birth date is taken.")
