"""Children and log rows for the audit tests, on top of the shared `world`."""

from datetime import date, timedelta
from unittest import mock

import pytest
from django.utils import timezone
from stdnum import luhn

from samordna.audit.models import AccessLog, Action
from samordna.people.models import Child


def identity_number(serial: int, born: date = date(2014, 3, 12)) -> str:
    """A fictional personnummer: birth numbers 980-999 are never issued."""
    digits = f"{born:%y%m%d}{serial:03d}"
    return f"{born:%Y}{digits[2:]}{luhn.calc_check_digit(digits)}"


@pytest.fixture
def make_child(world):
    def _make(serial: int = 980, unit=None, **fields) -> Child:
        return Child.objects.create(
            given_name=fields.pop("given_name", f"Barn{serial}"),
            family_name=fields.pop("family_name", "Testsson"),
            identity_number=identity_number(serial),
            birth_date=date(2014, 3, 12),
            registered_by_unit=unit or world.school,
            **fields,
        )

    return _make


@pytest.fixture
def log_row(world):
    def _log(child, user=None, unit=None, action=Action.VIEW, age=None, **fields) -> AccessLog:
        """A row logged now, or `age` (a timedelta) ago: `at` is set on insert and never after."""
        row = AccessLog(
            user=user or world.teacher,
            acting_unit=unit or world.school,
            child_id=child.pk,
            object_type=fields.pop("object_type", "people.child"),
            object_id=str(child.pk),
            action=action,
            client_ip=fields.pop("client_ip", "192.0.2.10"),
            **fields,
        )
        moment = timezone.now() - (age or timedelta())
        with mock.patch("django.utils.timezone.now", return_value=moment):
            AccessLog.objects.bulk_create([row])
        return row

    return _log
