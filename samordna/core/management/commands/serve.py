"""Run samordna as make run does: gunicorn and the background worker, then say ready.

Links in e-mails and letters start with SITE_URL: unless it is set, both processes get the
address served here, so that a link made by the demo leads back to it. Ctrl-C stops every
process it started.
"""

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from samordna.core.demo import DEMO_PASSWORD, demo_logins


def _stop(signum, frame):
    raise KeyboardInterrupt


def process_environment(base_url: str) -> dict[str, str]:
    """The environment of the web server and the worker: this one, with SITE_URL set to the
    address served unless it (or SITE_URL_FILE) is set already."""
    environment = dict(os.environ)
    if not (environment.get("SITE_URL") or environment.get("SITE_URL_FILE")):
        environment["SITE_URL"] = base_url
    return environment


class Command(BaseCommand):
    help = "Start the web server and the worker; print the demo logins when /healthz answers."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", "2")))

    def handle(self, *args, host, port, workers, **options):
        # Ctrl-C and a service manager's SIGTERM both mean "stop everything cleanly", also
        # when this process was started with SIGINT ignored (as background jobs are).
        signal.signal(signal.SIGINT, _stop)
        signal.signal(signal.SIGTERM, _stop)
        base_url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
        environment = process_environment(base_url)
        processes = [
            subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "samordna.wsgi",
                    "--bind",
                    f"{host}:{port}",
                    "--workers",
                    str(workers),
                    "--access-logfile",
                    "-",
                    "--graceful-timeout",
                    "5",
                ],
                env=environment,
            ),
            # In a process group of its own, so that Ctrl-C in the terminal does not reach
            # it besides the SIGTERM below: one signal lets it finish a running task.
            subprocess.Popen(  # noqa: S603 - fixed argument list, no shell
                [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_worker"],
                env=environment,
                process_group=0,
            ),
        ]
        try:
            self.wait_until_healthy(base_url, processes)
            self.print_ready(base_url)
            while all(process.poll() is None for process in processes):
                time.sleep(0.5)
            raise CommandError("A samordna process stopped unexpectedly; see the log above.")
        except KeyboardInterrupt:
            self.stdout.write("\nStopping samordna …")
        finally:
            for process in processes:
                if process.poll() is None:
                    process.send_signal(signal.SIGTERM)
            for process in processes:
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.stdout.write("samordna stopped.")

    def wait_until_healthy(self, base_url: str, processes, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if any(process.poll() is not None for process in processes):
                raise CommandError("samordna could not start; see the log above.")
            try:
                with urllib.request.urlopen(f"{base_url}/healthz", timeout=2) as response:  # noqa: S310
                    if json.load(response).get("healthy"):
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, ValueError):
                pass
            time.sleep(0.3)
        raise CommandError(f"{base_url}/healthz did not report healthy within {timeout:.0f} s.")

    def print_ready(self, base_url: str) -> None:
        logins = demo_logins()
        width = max(len(login["email"]) for login in logins)
        lines = [
            "",
            f"samordna is ready: {base_url}",
            "",
            f"Demo logins (password for all: {DEMO_PASSWORD}):",
        ]
        lines += [
            f"  {login['email']:<{width}}  {login['role']}, {login['unit']}" for login in logins
        ]
        lines += ["", *self.two_factor_lines(base_url), "", "Press Ctrl-C to stop.", ""]
        self.stdout.write("\n".join(lines))

    @staticmethod
    def two_factor_lines(base_url: str) -> list[str]:
        if settings.DEMO_SKIP_2FA:
            return [
                "Two-factor login: DEMO_SKIP_2FA is on, so the demo users log in with the",
                "password alone. To try it, log in, open",
                f"  {base_url}/konto/tvastegsverifiering/",
                "and set up an authenticator app; that user is then asked for a code at every",
                "login.",
            ]
        return [
            "Two-factor login: every user sets up an authenticator app at the first login",
            "(a QR code) and then gives a code from it at each login.",
        ]
