"""Tests for parsing, validating and normalising Swedish identity numbers."""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.se import personalid

from samordna.people.identity import (
    IdentityNumber,
    issue_reserve_number,
    normalise,
)

TODAY = date(2025, 6, 15)


def make_number(born: date, serial: str = "238", *, coordination: bool = False) -> str:
    """A fictional but valid 12-digit number for ``born`` (day + 60 for a samordningsnummer)."""
    day = born.day + 60 if coordination else born.day
    head = f"{born.year:04d}{born.month:02d}{day:02d}{serial}"
    return head + luhn.calc_check_digit(head[2:])


def with_digits(yyyymmdd: str, serial: str = "238") -> str:
    """A 12-digit number whose check digit is right, whatever the date says."""
    head = yyyymmdd + serial
    return head + luhn.calc_check_digit(head[2:])


def error_code(text: str, **kwargs) -> str:
    with pytest.raises(ValidationError) as caught:
        normalise(text, today=TODAY, **kwargs)
    message = str(caught.value.messages[0])
    assert message
    digits = "".join(char for char in text if char.isdigit())
    assert len(digits) < 6 or digits[-4:] not in message  # never echoes the number
    return caught.value.code


NUMBER = make_number(date(2012, 12, 3))


@pytest.mark.parametrize(
    "text",
    [
        NUMBER,
        f"{NUMBER[:8]}-{NUMBER[8:]}",
        NUMBER[2:],
        f"{NUMBER[2:8]}-{NUMBER[8:]}",
        f"  {NUMBER[2:8]}-{NUMBER[8:]}\n",
        f"\t{NUMBER}  ",
        f"{NUMBER[:8]}\u2013{NUMBER[8:]}",  # en dash pasted from a document
    ],
)
def test_it_normalises_every_accepted_format_to_twelve_digits(text):
    number = normalise(text, today=TODAY)
    assert number.value == NUMBER
    assert number.kind == "personnummer"
    assert number.birth_date == date(2012, 12, 3)
    assert personalid.is_valid(number.formatted)


def test_it_reads_plus_as_a_hundred_years_or_older():
    assert normalise("121212+1212", today=TODAY).value == "191212121212"
    assert normalise("19121212-1212", today=TODAY).birth_date == date(1912, 12, 12)
    assert normalise("121212-1212", today=TODAY).value == "201212121212"


def test_it_picks_the_century_from_the_injected_today():
    before_birthday, after_birthday = date(2025, 3, 1), date(2025, 7, 1)
    born = make_number(date(2025, 6, 1))[2:]
    assert normalise(born, today=after_birthday).birth_date == date(2025, 6, 1)
    assert normalise(born, today=before_birthday).birth_date == date(1925, 6, 1)
    newborn = make_number(date(2025, 1, 10))[2:]
    assert normalise(newborn, today=before_birthday).birth_date == date(2025, 1, 10)
    # "+" is written from the start of the calendar year in which a person turns 100.
    plus = f"{born[:6]}+{born[6:]}"
    assert normalise(plus, today=before_birthday).birth_date == date(1925, 6, 1)
    assert normalise(plus, today=date(2124, 12, 31)).birth_date == date(1925, 6, 1)
    assert normalise(plus, today=date(2125, 1, 1)).birth_date == date(2025, 6, 1)


def test_it_uses_the_local_date_when_today_is_not_given():
    assert normalise("191212121212").birth_date == date(1912, 12, 12)


def test_it_recognises_a_samordningsnummer():
    text = make_number(date(2012, 12, 3), coordination=True)
    for variant in (text, text[2:], f"{text[2:8]}-{text[8:]}"):
        number = normalise(variant, today=TODAY)
        assert number.value == text
        assert number.kind == "samordningsnummer"
        assert number.birth_date == date(2012, 12, 3)


def test_it_refuses_a_samordningsnummer_where_a_personnummer_is_expected():
    text = make_number(date(2012, 12, 3), coordination=True)
    assert error_code(text, allow_coordination=False) == "coordination_number"
    assert normalise(NUMBER, allow_coordination=False, today=TODAY).kind == "personnummer"


def test_it_refuses_a_wrong_check_digit():
    wrong = NUMBER[:-1] + str((int(NUMBER[-1]) + 1) % 10)
    assert error_code(wrong) == "checksum"
    assert error_code(wrong[2:]) == "checksum"
    assert error_code("19121212-1213") == "checksum"


@pytest.mark.parametrize("yyyymmdd", ["20230230", "20231301", "20230001", "20230100", "20230229"])
def test_it_refuses_a_date_that_does_not_exist(yyyymmdd):
    assert error_code(with_digits(yyyymmdd)) == "date"
    assert error_code(with_digits(yyyymmdd)[2:]) == "date"


def test_it_refuses_an_impossible_samordningsnummer_day():
    assert error_code(with_digits("20230290")) == "date"  # 30 February + 60
    assert error_code(with_digits("20230160")) == "date"  # day 0 + 60


def test_it_accepts_29_february_only_in_a_leap_year():
    assert normalise(with_digits("20240229"), today=TODAY).birth_date == date(2024, 2, 29)
    assert error_code(with_digits("19000229")) == "date"


def test_it_refuses_a_birth_date_in_the_future():
    assert error_code(make_number(date(2025, 6, 16))) == "future"
    assert error_code(make_number(date(2031, 1, 1))) == "future"
    assert normalise(make_number(TODAY), today=TODAY).birth_date == TODAY


@pytest.mark.parametrize(
    "text",
    [
        NUMBER[:9] + "A" + NUMBER[10:],
        NUMBER[:6] + " " + NUMBER[6:],
        f"{NUMBER[:4]} {NUMBER[4:8]} {NUMBER[8:]}",
        f"{NUMBER[:8]}--{NUMBER[8:]}",
        f"{NUMBER[:4]}-{NUMBER[4:]}",
        f"{NUMBER[:8]}+{NUMBER[8:]}",
        f"{NUMBER[:8]}:{NUMBER[8:]}",
        f"-{NUMBER}",
        f"{NUMBER}-",
        "\uff12\uff10" + NUMBER[2:],  # full-width digits
        "abcdefghij",
    ],
)
def test_it_refuses_characters_in_the_wrong_places(text):
    assert error_code(text) == "format"


@pytest.mark.parametrize("text", ["", "   ", "2012120", NUMBER[:11], NUMBER + "1", NUMBER[1:]])
def test_it_refuses_the_wrong_number_of_digits(text):
    assert error_code(text) == "length"


def test_it_issues_the_next_free_reserve_number():
    born = date(2012, 12, 3)
    used = {"20121203R001", "20121203R002"}
    number = issue_reserve_number(born, taken=used.__contains__)
    assert number == IdentityNumber("20121203R003", "reservnummer", born)
    assert issue_reserve_number(born, taken=lambda value: False).value == "20121203R001"
    with pytest.raises(RuntimeError):
        issue_reserve_number(born, taken=lambda value: True)


def test_it_accepts_a_reserve_number_but_never_as_a_personnummer():
    for text in ("20121203R007", "20121203r007", " 20121203-R007 "):
        number = normalise(text, allow_coordination=False, today=TODAY)
        assert number.value == "20121203R007"
        assert number.kind == "reservnummer"
        assert number.birth_date == date(2012, 12, 3)
        assert not personalid.is_valid(text)
    assert normalise(str(number), today=TODAY) == number
    assert error_code("20230230R001") == "date"
    assert error_code("20310101R001") == "future"
    assert error_code("201212R007") == "format"


def test_it_formats_and_is_immutable():
    number = normalise(NUMBER, today=TODAY)
    assert str(number) == number.formatted == f"{NUMBER[:8]}-{NUMBER[8:]}"
    with pytest.raises(FrozenInstanceError):
        number.value = "191212121212"  # type: ignore[misc]


@given(
    text=st.one_of(st.text(), st.text(alphabet="0123456789-+ Rr\u2013", max_size=16)),
    allow_coordination=st.booleans(),
)
def test_it_only_ever_raises_validation_error(text, allow_coordination):
    try:
        number = normalise(text, allow_coordination=allow_coordination, today=TODAY)
    except ValidationError:
        return
    assert len(number.value) == 12
    assert normalise(number.value, today=TODAY) == number


@st.composite
def birth_and_today(draw):
    today = draw(st.dates(date(2000, 1, 1), date(2099, 12, 31)))
    return draw(st.dates(date(1900, 1, 1), today)), today


@given(
    dates=birth_and_today(),
    serial=st.integers(0, 999),
    coordination=st.booleans(),
)
def test_it_reads_every_textual_format_of_a_generated_number_alike(dates, serial, coordination):
    born, today = dates
    full = make_number(born, f"{serial:03d}", coordination=coordination)
    separator = "+" if born.year <= today.year - 100 else "-"
    texts = [full, f"{full[:8]}-{full[8:]}", f"{full[2:8]}{separator}{full[8:]}"]
    if separator == "-":
        texts.append(full[2:])
    for text in texts:
        number = normalise(text, today=today)
        assert (number.value, number.birth_date) == (full, born)
        assert number.kind == ("samordningsnummer" if coordination else "personnummer")


@given(born=st.dates(), serial=st.integers(0, 999))
def test_it_never_lets_a_reserve_number_pass_as_a_real_one(born, serial):
    ymd = f"{born.year:04d}{born.month:02d}{born.day:02d}"
    for text in (f"{ymd}R{serial:03d}", f"{ymd}-R{serial:03d}", f"{ymd}r{serial:03d}"):
        assert not personalid.is_valid(text)
    number = issue_reserve_number(born, taken=lambda value: False)
    assert not personalid.is_valid(number.value)
    assert not personalid.is_valid(number.formatted)
