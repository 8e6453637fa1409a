import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samordna.organisations.models import Principal


def test_it_normalises_a_valid_organisation_number(db):
    principal = Principal.objects.create(
        name="Testby kommun", kind=Principal.Kind.MUNICIPAL, organisation_number="2129990012"
    )
    assert principal.organisation_number == "212999-0012"


@pytest.mark.parametrize("number", ["212999-0013", "12345", "abcdef-ghij"])
def test_it_refuses_an_invalid_organisation_number_in_swedish(number):
    principal = Principal(name="X", kind=Principal.Kind.OTHER, organisation_number=number)
    with pytest.raises(ValidationError) as error:
        principal.full_clean()
    assert "giltigt svenskt organisationsnummer" in str(error.value)


def municipal(board: str = "", **fields) -> Principal:
    return Principal(
        name="Testby kommun",
        kind=Principal.Kind.MUNICIPAL,
        organisation_number="2129990012",
        board=board,
        **fields,
    )


def test_a_municipal_principal_must_name_its_board(db):
    with pytest.raises(ValidationError) as error:
        municipal(board="  ").full_clean()

    assert list(error.value.message_dict) == ["board"]
    assert "Ange nämnden: en kommun är inte en enda huvudman." in str(error.value)


def test_a_region_needs_no_board(db):
    Principal(
        name="Region Testland", kind=Principal.Kind.REGION, organisation_number="2329990010"
    ).full_clean()


def test_the_boards_of_one_municipality_share_its_organisation_number(db):
    social = municipal("Socialnämnden")
    social.full_clean()
    social.save()
    school = municipal("Barn- och utbildningsnämnden")
    school.full_clean()
    school.save()

    assert str(social) == "Socialnämnden i Testby kommun"
    assert Principal.objects.filter(organisation_number="212999-0012").count() == 2


def test_a_board_is_registered_once(db):
    municipal("Socialnämnden").save()

    with pytest.raises(ValidationError) as error:
        municipal("Socialnämnden").full_clean()
    assert "Det finns redan en huvudman med det här organisationsnumret och den här nämnden" in str(
        error.value
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        municipal("Socialnämnden").save()
