"""The nightly check rebuilds the rows from their sources and reports any difference; the
data migration builds the rows of existing data as the index would."""

import io
import logging
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from samordna.access import index
from samordna.access.models import ChildAccess, Reason
from samordna.people.tests.helpers import make_child
from samordna.plans.tests.factories import give_consent, make_plan


@pytest.fixture
def consented(world):
    """A child of the school; its plan's consent covers social services and the region."""
    child = make_child(world.school)
    consent = give_consent(
        make_plan(child, world.school, world.teacher), world.social, documented_by=world.teacher
    )
    consent.principals.add(world.region)
    return child


def check(*args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("check_child_access", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_it_reports_an_index_that_matches(consented):
    assert check() == (0, "The access index matches its sources.\n")


def test_it_reports_a_row_that_gives_access_without_a_source(world, consented, caplog):
    stray = ChildAccess.objects.create(child=consented, unit=world.bup, reason=Reason.REGISTERED)
    ChildAccess.objects.filter(unit=world.social).delete()

    with caplog.at_level(logging.ERROR, logger="samordna.access.index"):
        code, out = check()

    assert code == 1
    assert "1 row(s) missing or changed, 1 giving access without a source" in caplog.text
    assert f"not given by any source: <ChildAccess: {world.bup.pk} → {consented.pk}" in out
    assert f"missing or changed: Row(child_id={consented.pk}, unit_id={world.social.pk}" in out
    assert consented.given_name not in out + caplog.text  # ids only, no personal data

    code, out = check("--fix")

    assert code == 0
    assert out.endswith("Corrected: the access index matches its sources now.\n")
    stray.refresh_from_db()
    assert stray.ended_at is not None
    assert ChildAccess.objects.on().filter(unit=world.social, child=consented).exists()


def test_it_reports_changed_dates(world, consented):
    ChildAccess.objects.filter(unit=world.social).update(ended_at=timezone.now())

    assert check()[0] == 1
    assert check("--fix")[0] == 0
    assert ChildAccess.objects.get(unit=world.social).ended_at is None


def test_the_migration_builds_the_rows_the_sources_give(world, consented):
    consented.plans.get().consents.update(withdrawn_at=timezone.now())
    make_child(world.social)
    expected = set(ChildAccess.objects.values_list("child", "unit", "reason", "consent"))
    ChildAccess.objects.all().delete()

    import_module("samordna.access.migrations.0002_rows_for_existing_data").build(apps, None)

    assert not index.differences()
    rows = set(ChildAccess.objects.values_list("child", "unit", "reason", "consent"))
    assert rows == expected
    assert len(rows) == 4  # two registrations; social services, and BUP by its principal
