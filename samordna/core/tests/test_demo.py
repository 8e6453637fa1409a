from django.core.management import call_command
from django.urls import reverse

from samordna.accounts.models import Membership, Role, User
from samordna.core.demo import DEMO_PASSWORD
from samordna.organisations.models import Function, Principal, Unit


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
    assert Principal.objects.filter(kind=Principal.Kind.MUNICIPAL).count() == 2
    assert Principal.objects.filter(kind=Principal.Kind.REGION).count() == 1


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
