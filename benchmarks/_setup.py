"""Shared set-up for the benchmarks: a fresh database with the demo data, Django ready.

SQLite in a temporary directory by default (WAL, as `make run`); DATABASE_URL for PostgreSQL.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdef")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SAMORDNA_VAR_DIR", tempfile.mkdtemp(prefix="samordna-bench-"))
    import django
    from django.core.management import call_command
    from django.test import override_settings

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    with override_settings(DEBUG=True):  # load_demo refuses without, as in production
        call_command("load_demo", verbosity=0)


def rate(fn, n: int) -> float:
    """Calls per second of fn over n calls, after a short warm-up."""
    for _ in range(min(20, n)):
        fn()
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def database_name() -> str:
    from django.db import connection

    return connection.vendor
