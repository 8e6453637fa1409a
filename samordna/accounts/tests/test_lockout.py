"""django-axes: five failed logins for the same account from the same address lock that
pair out for 15 minutes, with a Swedish page that does not tell whether the account exists."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from conftest import PASSWORD, make_user
from samordna.accounts.models import Role

LOCKED = 429


def locked_text() -> str:
    with translation.override("sv"):
        return gettext(
            "Too many failed login attempts. Wait 15 minutes and try again, or contact your "
            "local administrator."
        )


def attempt(client, email, password="fel-losenord-123", ip="192.0.2.10"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def fail_five_times(client, email, ip="192.0.2.10"):
    answers = [attempt(client, email, ip=ip) for _ in range(5)]
    assert [a.status_code for a in answers[:4]] == [200] * 4
    return answers[-1]


def without_tokens(body: str) -> str:
    return re.sub(r"[A-Za-z0-9]{32,}", "", body)


def test_five_failures_lock_the_account_and_address_out(client, world):
    last = fail_five_times(client, world.teacher.email)
    assert last.status_code == LOCKED
    assert locked_text() in last.content.decode()
    assert '<html lang="sv">' in last.content.decode()
    # The right password does not help while the lock lasts.
    right = attempt(client, world.teacher.email, PASSWORD)
    assert right.status_code == LOCKED
    assert "_auth_user_id" not in client.session


def test_other_spellings_of_the_address_count_as_the_same_account(client, world):
    for email in ["larare@testby.example", "LARARE@testby.example", " Larare@Testby.example"]:
        attempt(client, email)
    attempt(client, "larare@testby.example")
    assert attempt(client, "LaRaRe@testby.example").status_code == LOCKED


def test_an_unknown_account_gets_the_same_answer(client, world):
    known = fail_five_times(client, world.teacher.email, ip="192.0.2.11")
    unknown = fail_five_times(client, "ingen@testby.example", ip="192.0.2.12")
    assert unknown.status_code == known.status_code == LOCKED
    assert without_tokens(unknown.content.decode()) == without_tokens(known.content.decode())


def test_another_address_can_still_log_in(client, world):
    fail_five_times(client, world.teacher.email)
    response = attempt(client, world.teacher.email, PASSWORD, ip="198.51.100.7")
    assert response.status_code == 302
    assert response.url == reverse("core:start")


def test_another_account_from_the_same_address_can_still_log_in(client, world):
    fail_five_times(client, world.teacher.email)
    assert attempt(client, world.social_worker.email, PASSWORD).status_code == 302


def test_the_lock_ends_after_15_minutes(client, world):
    fail_five_times(client, world.teacher.email)
    assert attempt(client, world.teacher.email, PASSWORD).status_code == LOCKED
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=14))
    assert attempt(client, world.teacher.email, PASSWORD).status_code == LOCKED
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, world.teacher.email, PASSWORD).status_code == 302


def test_an_administrator_can_lift_the_lock(client, world):
    fail_five_times(client, world.teacher.email)
    call_command("axes_reset", verbosity=0)
    assert attempt(client, world.teacher.email, PASSWORD).status_code == 302


def test_a_success_clears_the_count(client, world):
    for _ in range(4):
        attempt(client, world.teacher.email)
    assert attempt(client, world.teacher.email, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert attempt(client, world.teacher.email).status_code == 200


def test_failures_are_logged(client, world, caplog):
    with caplog.at_level("WARNING"):
        attempt(client, world.teacher.email)
    assert any("login failure" in record.getMessage() for record in caplog.records)


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("password1234", "password_too_common"),
        ("qwertyuiop123", "password_too_common"),
        ("larare.testby.example", "password_too_similar"),
        ("123456789012345", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_of_12_or_more_characters_are_refused(world, password, code):
    assert len(password) >= 12
    with pytest.raises(ValidationError) as refused:
        validate_password(password, world.teacher)
    assert code in {error.code for error in refused.value.error_list}


def test_behind_the_proxy_each_client_counts_by_the_address_the_proxy_saw(client, world, settings):
    """As in the read log: the last X-Forwarded-For entry, the one the proxy added. A forged
    first entry buys no more tries, and another client behind the same proxy is not locked."""
    settings.AUDIT_TRUST_X_FORWARDED_FOR = True

    def login(password, forwarded):
        return client.post(
            reverse("accounts:login"),
            {"username": world.teacher.email, "password": password},
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    answers = [login("fel-losenord-123", f"8.8.{n}.8, 9.9.9.9") for n in range(6)]
    assert [a.status_code for a in answers[4:]] == [LOCKED, LOCKED]
    assert login(PASSWORD, "9.9.9.10").status_code == 302


# The same name spelt otherwise: "ſ" (long s) is an "s" in NFKC, capitals fold to lower case;
# "ı" (dotless i) and "İ" (capital I with a dot) stay other names that reach no account,
# although PostgreSQL's UPPER folds them to "I".
LONG_S = "hanna.falk@angſvik.example"
CAPITALS = "HANNA.FALK@ANGSVIK.EXAMPLE"
OTHER_NAMES = ["hanna.falk@angsvık.example", "HANNA.FALK@ANGSVİK.EXAMPLE"]


@pytest.fixture
def hanna(world):
    return make_user("hanna.falk@angsvik.example", world.social, Role.CASEWORKER)


def test_a_locked_account_cannot_be_reached_through_another_spelling(client, hanna):
    fail_five_times(client, hanna.email)
    for spelling in [LONG_S, CAPITALS]:
        assert attempt(client, spelling, PASSWORD).status_code == LOCKED
    for spelling in OTHER_NAMES:
        assert attempt(client, spelling, PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session
    assert attempt(client, hanna.email, PASSWORD).status_code == LOCKED


def test_other_spellings_of_a_unicode_address_count_against_the_same_lockout(client, hanna):
    for spelling in [LONG_S, CAPITALS, LONG_S.upper(), hanna.email]:
        assert attempt(client, spelling).status_code == 200
    assert attempt(client, LONG_S).status_code == LOCKED
    assert attempt(client, hanna.email, PASSWORD).status_code == LOCKED
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {hanna.email}


def test_the_long_s_is_the_same_login_name(client, hanna):
    assert attempt(client, LONG_S, PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(hanna.pk)
