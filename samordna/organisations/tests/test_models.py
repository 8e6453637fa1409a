import pytest
from django.core.exceptions import ValidationError

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
