import os
import shutil
import subprocess
import sys
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone, translation

from samordna.accounts.models import Membership, Role, User
from samordna.consents.who import age_on
from samordna.core.demo import DEMO_PASSWORD
from samordna.meetings.models import Meeting
from samordna.organisations.models import Function, Principal, Unit
from samordna.people.models import Child
from samordna.plans.models import Measure, Plan, PlanVersion, Status


@pytest.fixture(autouse=True)
def _debug(settings):
    """load_demo runs only with DEBUG on, as under make run."""
    settings.DEBUG = True


def counts():
    return [m.objects.count() for m in (Principal, Unit, Function, User, Membership)]


def test_it_loads_once_and_changes_nothing_the_second_time(db):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first[3] >= 12


def test_the_demo_covers_every_role_and_kind_of_unit(db):
    call_command("load_demo")
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)
    kinds = set(Unit.objects.values_list("kind", flat=True))
    for needed in [
        "preschool",
        "compulsory_school",
        "social_services",
        "pupil_health",
        "camhs",
        "habilitation",
        "primary_care",
        "residential_care",
    ]:
        assert needed in kinds
    # Each board of a municipality is its own principal: school and social services apart.
    municipal = Principal.objects.filter(kind=Principal.Kind.MUNICIPAL)
    assert sorted({p.name for p in municipal}) == ["Sagoby kommun", "Ängsviks kommun"]
    assert all(p.board for p in municipal)
    school, social = (
        Unit.objects.get(name="Ekbackens skola"),
        Unit.objects.get(name="Socialtjänsten Sagoby, barn och familj"),
    )
    assert school.principal != social.principal
    assert school.principal.organisation_number == social.principal.organisation_number
    assert Principal.objects.filter(kind=Principal.Kind.REGION).count() == 1
    home = Unit.objects.get(name="HVB Lindgården").principal
    assert home.contracted_by == Unit.objects.get(name="Socialtjänsten Ängsvik").principal


def test_every_demo_user_is_fictional_and_can_log_in(client, db):
    call_command("load_demo")
    for user in User.objects.all():
        assert user.email.endswith(".example")
        # Through the login page: django-axes needs the request to authenticate.
        client.logout()
        response = client.post(
            reverse("accounts:login"), {"username": user.email, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.email


def test_the_demo_shows_each_way_a_sip_goes(db):
    call_command("load_demo")
    plans = {plan.child.given_name: plan for plan in Plan.objects.select_related("child")}
    assert plans["Theo"].kind == Plan.Kind.INTERNAL
    assert plans["Wilma"].kind == Plan.Kind.DISCHARGE
    assert plans["Ella"].status == Status.CLOSED and plans["Ella"].closure_reason
    assert plans["Nora"].status == Status.ACTIVE
    # The unaccompanied child: a god man, no guardian, and the god man's consent.
    samir = plans["Samir"]
    assert not samir.child.guardians.exists()
    parties = samir.consents.get().parties.all()
    assert {bool(p.trustee_id) for p in parties} == {True, False}  # the god man and Samir
    # Liam's mother is protected: her own letter will go "c/o" social services.
    assert plans["Liam"].child.guardians.filter(protected_identity="registration").exists()
    # The kinds of measures: a need no one has taken on, other actors, a contracted home.
    measures = Measure.objects.filter(plan=samir)
    assert any(m.is_unassigned for m in measures)
    assert any(m.other_actor for m in measures)
    assert any(m.responsible_unit and m.responsible_unit.principal.contracted_by for m in measures)


def test_the_childrens_ages_fit_their_schools(db):
    call_command("load_demo")
    ages = {
        Unit.Kind.PRESCHOOL: range(1, 6),
        Unit.Kind.COMPULSORY_SCHOOL: range(6, 17),
        Unit.Kind.UPPER_SECONDARY: range(16, 21),
    }
    for child in Child.objects.prefetch_related("units"):
        age = age_on(child.birth_date, timezone.localdate())
        for unit in child.units.all():
            if unit.kind in ages:
                assert age in ages[unit.kind], (child.given_name, age, unit.name)


def test_its_dates_move_with_today(db):
    with time_machine.travel(date(2031, 3, 3)):
        call_command("load_demo")
        today = timezone.localdate()
        nora = Plan.objects.get(child__given_name="Nora")
        assert age_on(nora.child.birth_date, today) == 12
        assert nora.next_follow_up > today
        assert nora.versions.get().approved_on < today
        booked = Meeting.objects.filter(status=Meeting.Status.BOOKED)
        assert booked and all(m.starts_at.date() > today for m in booked)


def test_the_demo_plan_version_is_stored_in_swedish_on_a_fresh_machine(db, settings, tmp_path):
    """make run loads the demo on a machine where no catalogue was compiled yet: load_demo
    compiles it first, so the approved version's snapshot is Swedish, not English."""
    locale = tmp_path / "locale"
    shutil.copytree(Path(settings.BASE_DIR) / "samordna" / "locale", locale)
    for compiled in locale.rglob("*.mo"):
        compiled.unlink()
    settings.LOCALE_PATHS = [locale]  # as on a fresh checkout: .po files only
    with translation.override("sv"):
        assert translation.gettext("Short-term goal") == "Short-term goal"

    call_command("load_demo", stdout=StringIO())

    content = PlanVersion.objects.get(plan__child__given_name="Nora").content
    assert {goal["term"] for goal in content["goals"]} <= {"Kortsiktigt mål", "Långsiktigt mål"}
    assert {measure["status"] for measure in content["measures"]} == {"Pågår"}
    assert list(locale.rglob("django.mo"))


def test_it_refuses_to_run_with_debug_off(db, settings):
    """The demo accounts, a system administrator among them, share a published password."""
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("load_demo", stdout=StringIO())
    assert counts() == [0, 0, 0, 0, 0]


def test_manage_py_load_demo_exits_with_the_message_when_debug_is_off(tmp_path, settings):
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    result = subprocess.run(
        [sys.executable, "manage.py", "load_demo"],
        cwd=settings.BASE_DIR,
        env={**env, "SAMORDNA_VAR_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "CommandError: load_demo refuses to run with DEBUG off" in result.stderr
    assert "make run sets DEBUG=true" in result.stderr
    assert not (tmp_path / "samordna.sqlite3").exists()
