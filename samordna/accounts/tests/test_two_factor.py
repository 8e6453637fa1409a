"""After the password, a code from the authenticator app (or a backup code) before any page
but the login, logout, two-factor and password-reset pages."""

import logging
import os
import subprocess
import sys
from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticToken

from conftest import PASSWORD, app_code, app_device
from samordna.accounts import two_factor
from samordna.people.tests.helpers import make_child

VERIFY = reverse("accounts:two_factor")
WRONG = "Koden är fel eller har redan använts"


def password_login(client, user):
    """The first step only: the password, through the login page as a person does."""
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    return client


def another_login(user):
    """The same user's password login in another browser."""
    return password_login(Client(), user)


def send_code(client, code, next_url="/"):
    return client.post(f"{VERIFY}?next={next_url}", {"code": code}, REMOTE_ADDR="192.0.2.20")


@pytest.fixture
def teacher(client, world):
    """The teacher has an app and has given the password, not yet the code."""
    app_device(world.teacher)
    return password_login(client, world.teacher)


def test_it_asks_for_the_code_before_the_start_page(teacher):
    response = teacher.get(reverse("core:start"))
    assert response.status_code == 302
    assert response.url == f"{VERIFY}?next=%2F"
    page = teacher.get(response.url).content.decode()
    assert "Tvåstegsverifiering" in page
    assert "Ange koden från din autentiseringsapp" in page


def test_it_asks_for_the_code_before_a_childs_data(teacher, world):
    child = make_child(world.school)
    url = reverse("people:child_detail", args=[child.pk])
    response = teacher.get(url)
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)
    assert child.given_name not in teacher.get(response.url).content.decode()


def test_it_asks_for_the_code_before_the_admin(client, world):
    app_device(world.system_admin)
    password_login(client, world.system_admin)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_it_asks_htmx_requests_to_go_to_the_two_factor_page(teacher):
    response = teacher.get(reverse("people:child_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(VERIFY)


def test_it_lets_the_half_logged_in_reach_logout_and_the_public_pages(teacher):
    assert teacher.get(reverse("core:accessibility")).status_code == 200
    assert teacher.get(reverse("core:healthz")).status_code in {200, 503}
    assert teacher.post(reverse("accounts:logout")).url == reverse("accounts:login")


def test_it_sends_a_user_without_an_app_to_set_one_up(client, world):
    password_login(client, world.teacher)
    response = client.get(VERIFY + "?next=/barn/")
    assert response.status_code == 302
    assert response.url == reverse("accounts:two_factor_enrol") + "?next=%2Fbarn%2F"


def test_it_accepts_the_code_from_the_app(teacher, world):
    response = send_code(teacher, app_code(app_device(world.teacher)), next_url="/barn/")
    assert response.status_code == 302
    assert response.url == "/barn/"
    assert teacher.get(reverse("core:start")).status_code == 200


def test_it_does_not_follow_a_next_to_another_site(teacher, world):
    response = send_code(teacher, app_code(app_device(world.teacher)), "https://evil.example/")
    assert response.url == reverse("core:start")


def test_it_refuses_a_wrong_code_in_swedish(teacher):
    response = send_code(teacher, "000000")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert teacher.get(reverse("core:start")).status_code == 302


def test_it_refuses_a_code_used_once_already(world, teacher):
    device = app_device(world.teacher)
    code = app_code(device)
    assert send_code(teacher, code).status_code == 302
    other = another_login(world.teacher)
    assert WRONG in send_code(other, code).content.decode()


def test_a_backup_code_works_once_only(teacher, world, settings):
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    codes = two_factor.new_backup_codes(world.teacher)
    assert send_code(teacher, codes[0].upper()).status_code == 302
    assert teacher.get(reverse("core:start")).status_code == 200
    assert StaticToken.objects.filter(device__user=world.teacher).count() == 9

    again = another_login(world.teacher)
    assert WRONG in send_code(again, codes[0]).content.decode()
    assert send_code(again, codes[1]).status_code == 302


def test_wrong_codes_in_a_row_must_wait(teacher, world):
    """django-otp doubles the wait after each wrong code (1 s, 2 s, 4 s, ...)."""
    assert WRONG in send_code(teacher, "000000").content.decode()
    throttled = send_code(teacher, app_code(app_device(world.teacher)))
    assert "För många felaktiga koder. Vänta en stund" in throttled.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):
        assert send_code(teacher, app_code(app_device(world.teacher))).status_code == 302


def test_five_wrong_codes_lock_the_account_out_and_end_the_login(teacher, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    answers = [send_code(teacher, f"00000{n}") for n in range(5)]
    assert [a.status_code for a in answers] == [200, 200, 200, 200, 429]
    assert "Inloggningen är tillfälligt spärrad" in answers[-1].content.decode()
    assert "_auth_user_id" not in teacher.session
    attempt = AccessAttempt.objects.get()
    assert attempt.username == "larare@testby.example"
    assert "000004" not in attempt.post_data


def test_it_logs_success_and_failure_without_the_code(teacher, world, caplog):
    with caplog.at_level(logging.INFO, logger="samordna.accounts.two_factor"):
        send_code(teacher, "123456")
    with (
        caplog.at_level(logging.INFO, logger="samordna.accounts.two_factor"),
        time_machine.travel(timezone.now() + timedelta(seconds=2)),
    ):
        code = app_code(app_device(world.teacher))
        send_code(teacher, code)
    messages = [record.getMessage() for record in caplog.records]
    assert any("Two-factor login failure" in m for m in messages)
    assert any("Two-factor login success" in m for m in messages)
    assert not any("123456" in m or code in m for m in messages)


# --- The demo switch --------------------------------------------------------------------
def test_the_demo_switch_lets_users_without_an_app_in(client, world, settings):
    settings.DEMO_SKIP_2FA = True
    password_login(client, world.teacher)
    assert client.get(reverse("core:start")).status_code == 200


def test_the_demo_switch_still_asks_users_with_an_app_for_the_code(teacher, settings):
    settings.DEMO_SKIP_2FA = True
    assert teacher.get(reverse("core:start")).url.startswith(VERIFY)


def run_check(**env) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DEMO_SKIP_2FA"}}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env={**base, "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "sip.example", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_demo_switch_refuses_to_start_with_debug_off():
    result = run_check(DEBUG="false", DEMO_SKIP_2FA="true")
    assert result.returncode == 2
    assert "samordna refuses to start: DEMO_SKIP_2FA" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_demo_switch_works_with_debug_on():
    assert run_check(DEBUG="true", DEMO_SKIP_2FA="true").returncode == 0


def test_a_local_admin_resets_a_lost_phone(world, login):
    """The old app stops working at once: every session of the user asks for a second factor
    again, and the next login sets up a new app."""
    device = app_device(world.teacher)
    teacher = Client()
    teacher.post(reverse("accounts:login"), {"username": world.teacher.email, "password": PASSWORD})
    teacher.post(VERIFY, {"code": app_code(device)})
    assert teacher.get(reverse("core:start")).status_code == 200
    admin = login(world.local_admin)
    page = admin.get(reverse("accounts:user_detail", args=[world.teacher.pk])).content.decode()
    assert "Återställ tvåstegsverifiering" in page
    response = admin.post(
        reverse("accounts:reset_two_factor", args=[world.teacher.pk]), follow=True
    )
    assert "Tvåstegsverifieringen återställdes." in response.content.decode()
    assert two_factor.app_device(world.teacher) is None
    assert teacher.get(reverse("core:start")).status_code == 302


def test_a_local_admin_of_another_principal_cannot_reset(world, login):
    app_device(world.teacher)
    region_admin = login(world.region_admin)
    response = region_admin.post(reverse("accounts:reset_two_factor", args=[world.teacher.pk]))
    assert response.status_code == 404
    assert two_factor.app_device(world.teacher) is not None
