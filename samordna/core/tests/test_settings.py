"""The settings refuse an insecure production configuration with a message, not a traceback."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

CHECK = [sys.executable, "manage.py", "check"]


def run_with(env: dict) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DEBUG"}
    }
    return subprocess.run(
        CHECK,
        cwd=settings.BASE_DIR,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"DEBUG": "false", "ALLOWED_HOSTS": "sip.example"}, "SECRET_KEY must be set"),
        ({"DEBUG": "false", "SECRET_KEY": "short", "ALLOWED_HOSTS": "sip.example"}, "SECRET_KEY"),
        ({"DEBUG": "false", "SECRET_KEY": "k" * 50}, "ALLOWED_HOSTS must list"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false"),
    ],
)
def test_it_refuses_an_insecure_production(env, message):
    result = run_with(env)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_it_starts_with_a_proper_production_configuration():
    result = run_with({"DEBUG": "false", "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "sip.example"})
    assert result.returncode == 0, result.stderr


def test_the_basics_are_swedish():
    assert settings.LANGUAGE_CODE == "sv"
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_TZ is True


@pytest.mark.django_db
def test_postgresql_connections_compile_no_query_to_machine_code():
    """JIT took 440 of a 490 ms page at region scale (issue 15): it is off for samordna."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
