"""`manage.py serve` (make run) starts the web server and the worker with SITE_URL set to
the address it serves on, so that links in the demo's e-mails and letters lead back to it."""

import subprocess

import pytest
from django.core.management import CommandError, call_command

from samordna.core.management.commands import serve


class Started:
    """A process that stopped at once: serve gives up, having shown how it started them."""

    calls: list[dict] = []

    def __init__(self, arguments, **options):
        Started.calls.append({"arguments": arguments, **options})

    def poll(self):
        return 1

    def wait(self, timeout=None):
        return 1


@pytest.fixture
def started(monkeypatch):
    Started.calls = []
    monkeypatch.setattr(subprocess, "Popen", Started)
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.delenv("SITE_URL_FILE", raising=False)
    return Started.calls


def run_serve(*arguments):
    with pytest.raises(CommandError, match="could not start"):
        call_command("serve", *arguments)


def test_it_gives_both_processes_the_address_it_serves_on(started, monkeypatch):
    monkeypatch.setenv("HOST", "127.0.0.2")
    monkeypatch.setenv("PORT", "8765")
    run_serve()
    assert [call["arguments"][2] for call in started][:1] == ["gunicorn"]
    assert "run_worker" in started[1]["arguments"]
    assert "127.0.0.2:8765" in started[0]["arguments"]
    assert [call["env"]["SITE_URL"] for call in started] == ["http://127.0.0.2:8765"] * 2


def test_it_follows_the_command_line_too(started):
    run_serve("--host", "::1", "--port", "9001")
    assert [call["env"]["SITE_URL"] for call in started] == ["http://[::1]:9001"] * 2


def test_a_site_url_that_is_set_wins(started, monkeypatch):
    monkeypatch.setenv("SITE_URL", "https://sip.kommun.example")
    run_serve("--port", "9002")
    assert [call["env"]["SITE_URL"] for call in started] == ["https://sip.kommun.example"] * 2


def test_the_processes_keep_the_rest_of_the_environment(started, monkeypatch):
    monkeypatch.setenv("DEMO_SKIP_2FA", "true")
    run_serve()
    assert all(call["env"]["DEMO_SKIP_2FA"] == "true" for call in started)
    assert serve.process_environment("http://x:1")["SITE_URL"] == "http://x:1"
