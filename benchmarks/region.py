"""A region, not a village (issue 15 §5–6): the pages at 1,000 and 100,000 children, on the
real server, under load, and writes under concurrency.

Run:  .venv/bin/python benchmarks/region.py                    # SQLite and PostgreSQL
      .venv/bin/python benchmarks/region.py --databases sqlite --scales small
Needs wrk (apt-get install wrk) and, for PostgreSQL, a server at BENCH_POSTGRES
(default postgres://postgres@127.0.0.1:5432, trust).

For each database and scale it makes (or reuses) a database with `generate_region` —
SQLite files in var/bench/, PostgreSQL databases samordna_region_small and
samordna_region_big — then starts samordna as `manage.py serve` does (gunicorn with its
default workers, background worker, DEBUG off) under benchmarks/region_site.py, which only
adds the bare view of region_urls.py. wrk drives each page on loopback with one connection
per thread, logged in as the staff of one social services unit (sessions made as after a
password and an app code). It prints p50/p95/p99 and requests/s per page and scale, the
scale ratio p95(region) ÷ p95(small), and the floor ratio: a page's requests/s ÷ the bare
view's (session, user, acting unit, one log insert), same server, same run. Then, on the
last scale, N clients edit their own plans and record the minutes of their own meetings
for 30 s; afterwards SQL checks that every acknowledged save is in the database. Each run
is appended to benchmarks/results.md with the machine's description.
"""

import argparse
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SCALES = {"small": 1_000, "region": 100_000}
POSTGRES = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
POSTGRES_NAMES = {"small": "samordna_region_small", "region": "samordna_region_big"}
SEED = 1
PAGE_THREADS = 8  # wrk's connections, one per thread
CLIENTS = {"postgresql": 20, "sqlite": 8}
DUMMY_TASKS = "django_tasks.backends.dummy.DummyBackend"
WRK = shutil.which("wrk")
RESULTS = ROOT / "benchmarks" / "results.md"
# (key, label): the order they are driven and printed in.
PAGES = [
    ("bare", "bare view (floor)"),
    ("start", "start page /"),
    ("children", "child list /barn/"),
    ("search", "child search (name)"),
    ("plans", "SIP list /sip/"),
    ("log", "log review, flagged"),
    ("child", "child page"),
    ("plan", "plan page"),
    ("meeting", "meeting page"),
    ("save", "plan save (POST)"),
    ("protocol", "protocol PDF"),
]


def log(message: str) -> None:
    print(message, flush=True)


# --- The environment of each database and scale -----------------------------------------
def environment(database: str, scale: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DEMO_SKIP_2FA")}
    env.pop("DATABASE_URL", None)
    env |= {
        "DJANGO_SETTINGS_MODULE": "benchmarks.region_site",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SAMORDNA_VAR_DIR": str(ROOT / "var" / "bench" / f"region-{scale}-{database}"),
        "PYTHONPATH": str(ROOT),
        # The reminders the worker sends stay in this process: no mail leaves the machine.
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    if database == "postgresql":
        env["DATABASE_URL"] = f"{POSTGRES}/{POSTGRES_NAMES[scale]}"
    return env


def fresh_database(database: str, scale: str, env: dict, drop: bool) -> None:
    """Make the database (PostgreSQL) or its directory (SQLite); drop it first if asked."""
    var = Path(env["SAMORDNA_VAR_DIR"])
    if database == "sqlite":
        if drop:
            for file in var.glob("samordna.sqlite3*"):
                file.unlink()
        var.mkdir(parents=True, exist_ok=True)
        return
    var.mkdir(parents=True, exist_ok=True)
    import psycopg

    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        name = POSTGRES_NAMES[scale]
        if drop:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not exists.fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')


def in_django(step: str, env: dict, argument: dict) -> dict:
    """Run a step of this file inside Django (prepare, verify) for one database."""
    result = subprocess.run(  # noqa: S603 - this file, fixed arguments
        [PYTHON, __file__, "--step", step, json.dumps(argument)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- Inside Django: make or reuse the region, pick the users and pages ------------------
def step_prepare(argument: dict) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    from samordna.notifications.models import Notification
    from samordna.people.models import Child

    call_command("migrate", verbosity=0)
    call_command("compiletranslations", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    children = argument["children"]
    held = Child.objects.count()
    if held == 0:
        call_command("generate_region", children=children, seed=SEED, stdout=sys.stderr)
    elif held < children or held > children + 100:
        raise SystemExit(
            f"The database holds {held} children, not the {children} of this scale: "
            "run with --fresh to make it again."
        )
    swept = None if Notification.objects.exists() else first_sweep()
    return pages_and_clients(argument["clients"]) | {"swept": swept}


def first_sweep() -> dict:
    """The reminders a new region has due all at once, sent before the server starts, their
    mail not sent (a task backend that keeps nothing). A running installation sent them
    over time; left to the worker, they would share the CPU with the pages for minutes."""
    from django.test import override_settings

    from samordna.notifications import reminders

    started, cpu = time.monotonic(), time.process_time()
    with override_settings(TASKS={"default": {"BACKEND": DUMMY_TASKS}}):
        created = reminders.sweep()
    return {
        "notifications": created,
        "seconds": time.monotonic() - started,
        "cpu": time.process_time() - cpu,
    }


def session(user, unit) -> str:
    """A session cookie for the user acting for the unit, with both factors given."""
    from django.conf import settings
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client = Client()
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    store = client.session
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store["acting_unit_id"] = unit.pk
    store.save()
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def pages_and_clients(clients: int) -> dict:
    """The pages each wrk thread drives (8 threads), and the concurrency clients' plans."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from samordna.accounts.models import Role
    from samordna.meetings.models import Meeting
    from samordna.organisations.models import Unit
    from samordna.people.models import Child
    from samordna.plans.models import Plan, Status

    threads = PAGE_THREADS
    # The social services unit of the largest municipality: generated first.
    unit = Unit.objects.filter(kind=Unit.Kind.SOCIAL_SERVICES).order_by("pk").first()
    staff = [m.user for m in unit.memberships.filter(role__in=[Role.CASEWORKER, Role.COORDINATOR])]
    manager = unit.memberships.get(role=Role.MANAGER).user
    csrf = secrets.token_hex(16)
    cookies = [
        f"sessionid={session(staff[i % len(staff)], unit)}; csrftoken={csrf}"
        for i in range(threads)
    ]
    manager_cookie = f"sessionid={session(manager, unit)}; csrftoken={csrf}"
    # The unit's own children with an active SIP: child, plan, meeting and protocol pages.
    plans = list(
        Plan.objects.filter(
            status=Status.ACTIVE, initiating_unit=unit, meetings__status=Meeting.Status.HELD
        )
        .select_related("child")
        .distinct()
        .order_by("pk")[:threads]
    )
    held = {
        m.plan_id: m
        for m in Meeting.objects.filter(plan__in=plans, status=Meeting.Status.HELD).order_by(
            "-starts_at"
        )
    }

    def thread_pages(paths_of, cookie_of=lambda i: cookies[i]):
        return [{"cookie": cookie_of(i), "paths": paths_of(i)} for i in range(threads)]

    def plan_of(i):
        return plans[i % len(plans)]

    pages = {
        "bare": thread_pages(lambda i: [f"/bench/bare/{plan_of(i).child_id}/"]),
        "start": thread_pages(lambda i: ["/"]),
        "children": thread_pages(lambda i: ["/barn/"]),
        "search": thread_pages(
            lambda i: [f"/barn/?q={urllib.parse.quote(plan_of(i).child.family_name)}"]
        ),
        "plans": thread_pages(lambda i: ["/sip/"]),
        "log": thread_pages(lambda i: ["/logg/?flagged=on"], lambda i: manager_cookie),
        "child": thread_pages(lambda i: [f"/barn/{plan_of(i).child_id}/"]),
        "plan": thread_pages(lambda i: [f"/sip/{plan_of(i).pk}/"]),
        "meeting": thread_pages(
            lambda i: [f"/sip/{plan_of(i).pk}/moten/{held[plan_of(i).pk].pk}/"]
        ),
        "protocol": thread_pages(
            lambda i: [f"/sip/{plan_of(i).pk}/moten/{held[plan_of(i).pk].pk}/protokoll.pdf"]
        ),
    }
    # Saving: each thread its own open plan, as a caseworker of the unit that leads it.
    open_plans = list(Plan.objects.filter(status=Status.ACTIVE).order_by("pk")[:threads])
    saves = []
    for plan in open_plans:
        lead = plan.coordinator_unit or plan.initiating_unit
        user = lead.memberships.filter(role=Role.CASEWORKER).first().user
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "child_wishes": plan.child_wishes,
                "purpose": plan.purpose,
                "needs": "Sparad av benchmark.",
                "family_contact": "",
            }
        )
        saves.append(
            {
                "cookie": f"sessionid={session(user, lead)}; csrftoken={csrf}",
                "paths": [f"/sip/{plan.pk}/andra/"],
                "method": "POST",
                "body": f"{body}&version=",
                "version": plan.version,
            }
        )
    pages["save"] = saves
    # Concurrency: other open plans, each with a booked meeting that began half an hour ago.
    writers = []
    for plan in (
        Plan.objects.filter(status=Status.ACTIVE, meetings__status=Meeting.Status.BOOKED)
        .exclude(pk__in=[p.pk for p in open_plans])
        .distinct()
        .order_by("pk")[:clients]
    ):
        meeting = plan.meetings.filter(status=Meeting.Status.BOOKED).first()
        Meeting.objects.filter(pk=meeting.pk).update(
            starts_at=timezone.now() - timedelta(minutes=30)
        )
        lead = plan.coordinator_unit or plan.initiating_unit
        user = lead.memberships.filter(role=Role.CASEWORKER).first().user
        writers.append(
            {
                "plan": plan.pk,
                "meeting": meeting.pk,
                "cookie": f"sessionid={session(user, lead)}; csrftoken={csrf}",
                "csrf": csrf,
            }
        )
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT 1")
        version = cursor.fetchone()[0]
    if connection.vendor == "sqlite":
        import sqlite3

        version = f"SQLite {sqlite3.sqlite_version} (WAL)"
    return {
        "pages": pages,
        "writers": writers,
        "database": str(version).split(" on ")[0],
        "child_count": Child.objects.count(),
    }


# --- Inside Django: after the concurrency run, is every acknowledged save there? --------
def step_verify(argument: dict) -> dict:
    import django

    django.setup()
    from samordna.audit.models import AccessLog, Action
    from samordna.meetings.models import Meeting
    from samordna.plans.models import Plan

    started = datetime.fromisoformat(argument["started"])
    lost = []
    for client in argument["clients"]:
        plan = Plan.objects.get(pk=client["plan"])
        meeting = Meeting.objects.get(pk=client["meeting"])
        updates = AccessLog.objects.filter(at__gte=started, action=Action.UPDATE)
        checks = {
            "plan version": (plan.version, client["plan_version"] + client["plan_saves"]),
            "plan text": (plan.needs, client["plan_text"] or plan.needs),
            "plan log rows": (
                updates.filter(object_type="plans.plan", object_id=str(plan.pk)).count(),
                client["plan_saves"],
            ),
            "minutes version": (
                meeting.version,
                client["meeting_version"] + client["minutes_saves"],
            ),
            "minutes text": (meeting.situation, client["minutes_text"] or meeting.situation),
            "minutes log rows": (
                updates.filter(object_type="meetings.meeting", object_id=str(meeting.pk)).count(),
                client["minutes_saves"],
            ),
        }
        lost += [
            f"plan {plan.pk}: {name} is {found!r}, expected {expected!r}"
            for name, (found, expected) in checks.items()
            if found != expected
        ]
    return {"lost": lost}


# --- Outside Django: the server, wrk and the writers ------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`manage.py serve` as the project starts it, its output kept in a log file."""

    def __init__(self, env: dict, logfile: Path):
        self.port = free_port()
        self.logfile = logfile
        self.output = logfile.open("w")
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [PYTHON, "manage.py", "serve", "--port", str(self.port)],
            env=env,
            cwd=ROOT,
            stdout=self.output,
            stderr=subprocess.STDOUT,
            process_group=0,
        )
        deadline = time.monotonic() + 90
        while "samordna is ready" not in logfile.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The server did not start; see {logfile}.")
            time.sleep(0.5)

    def worker_cpu(self) -> float | None:
        """CPU seconds of the background worker `serve` started (from /proc), if found."""
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                command = (stat.parent / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == self.process.pid and b"run_worker" in command:
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return None

    def wait_for_worker(self, limit: float = 900) -> tuple[float, float]:
        """Wait until the worker's first turn (the reminder sweep, the mail it queues) is
        done, so that it does not share the CPU with the pages; (wall, CPU) seconds."""
        started = time.monotonic()
        used = self.worker_cpu() or 0.0
        quiet = 0
        while quiet < 3 and time.monotonic() - started < limit:
            time.sleep(1)
            now = self.worker_cpu() or used
            quiet = quiet + 1 if now - used < 0.05 else 0
            used = now
        return time.monotonic() - started, used

    def log_text(self) -> str:
        return self.logfile.read_text(errors="replace")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.output.close()


def request(port: int, method: str, path: str, cookie: str, body: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    headers = {"Cookie": cookie}
    if method == "POST":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    connection.request(method, path, body=body or None, headers=headers)
    response = connection.getresponse()
    content = response.read()
    connection.close()
    return response.status, content


def lua_value(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {lua_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ", ".join(lua_value(v) for v in value) + "}"
    if isinstance(value, int):
        return str(value)
    text = json.dumps(str(value), ensure_ascii=True)
    if "\\u" in text:
        raise ValueError(f"Lua strings here are ASCII: {value!r}")
    return text


def drive(port: int, key: str, threads: list[dict], seconds: int, workdir: Path) -> dict:
    """One page under wrk; first each different path once, which must succeed."""
    expected = 302 if threads[0].get("method") == "POST" else 200
    if expected == 200:
        first = {thread["paths"][0]: thread["cookie"] for thread in threads}
        for path, cookie in first.items():
            status, _ = request(port, "GET", path, cookie)
            if status != 200:
                return {"error": f"{path} answered {status}"}
    spec, out = workdir / f"{key}.lua", workdir / f"{key}.json"
    spec.write_text("return " + lua_value({"out": str(out), "threads": threads}) + "\n")
    n = len(threads)
    subprocess.run(  # noqa: S603 - fixed arguments
        [WRK, f"-t{n}", f"-c{n}", f"-d{seconds}s", "--timeout", "60s",
         "-s", str(ROOT / "benchmarks" / "region.lua"), f"http://127.0.0.1:{port}/"],
        env={**os.environ, "BENCH_SPEC": str(spec)},
        check=True,
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    result = json.loads(out.read_text())
    result["rate"] = result["requests"] / result["seconds"]
    result["unexpected"] = sum(n for s, n in result["statuses"].items() if int(s) != expected)
    return result


def concurrency(port: int, writers: list[dict], seconds: int, server: Server) -> dict:
    """Each writer edits its own plan and records its own meeting's minutes, in turns."""
    before = len(server.log_text())
    started = datetime.now(UTC)
    ready = threading.Barrier(len(writers))  # all have read their forms: the clock starts
    results = []
    version = re.compile(rb'name="version" value="(\d+)"')

    def write(writer: dict) -> None:
        cookie, plan, meeting = writer["cookie"], writer["plan"], writer["meeting"]
        edit, hold = f"/sip/{plan}/andra/", f"/sip/{plan}/moten/{meeting}/genomfor/"
        mine = {"plan": plan, "meeting": meeting, "plan_saves": 0, "minutes_saves": 0,
                "plan_text": "", "minutes_text": "", "errors": {}, "conflicts": 0}  # fmt: skip
        status, page = request(port, "GET", edit, cookie)
        plan_version = mine["plan_version"] = int(version.search(page)[1])
        status, page = request(port, "GET", hold, cookie)
        minutes_version = mine["meeting_version"] = int(version.search(page)[1])
        ready.wait()
        deadline = time.monotonic() + seconds
        turn = 0
        while time.monotonic() < deadline:
            turn += 1
            text = f"Skrivet av skribent {plan} gång {turn}."
            fields = {"csrfmiddlewaretoken": writer["csrf"]}
            if turn % 2:
                fields |= {"child_wishes": "Att det blir lugnt.", "purpose": "Hur?",
                           "needs": text, "version": plan_version}  # fmt: skip
                path = edit
            else:
                fields |= {"presentation_done": "on", "purpose_read": "on", "situation": text,
                           "actors_views": "Alla deltar.", "version": minutes_version}  # fmt: skip
                path = hold
            try:
                status, page = request(port, "POST", path, cookie, urllib.parse.urlencode(fields))
            except (OSError, http.client.HTTPException) as error:
                key = type(error).__name__
                mine["errors"][key] = mine["errors"].get(key, 0) + 1
                continue
            if status == 302 and path == edit:
                plan_version += 1
                mine["plan_saves"] += 1
                mine["plan_text"] = text
            elif status == 302:
                minutes_version += 1
                mine["minutes_saves"] += 1
                mine["minutes_text"] = text
            elif status == 409:
                mine["conflicts"] += 1
            else:
                mine["errors"][str(status)] = mine["errors"].get(str(status), 0) + 1
        results.append(mine)

    threads = [threading.Thread(target=write, args=(w,)) for w in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    locked = server.log_text()[before:].count("database is locked")
    return {"started": started.isoformat(), "clients": results, "locked": locked}


# --- A run ------------------------------------------------------------------------------
def run_database(database: str, scales: list[str], args) -> dict:
    report = {"database": database, "scales": {}, "concurrency": None}
    for scale in scales:
        env = environment(database, scale)
        fresh_database(database, scale, env, args.fresh)
        log(f"[{database}/{scale}] preparing {SCALES[scale]:,} children (generated or reused) …")
        started = time.monotonic()
        prepared = in_django("prepare", env, {"children": SCALES[scale],
                                               "clients": CLIENTS[database]})  # fmt: skip
        log(f"[{database}/{scale}] ready in {time.monotonic() - started:.0f} s "
            f"({prepared['child_count']:,} children, {prepared['database']})")  # fmt: skip
        report["version"] = prepared["database"]
        if swept := prepared["swept"]:
            report.setdefault("swept", {})[scale] = swept
            log(f"[{database}/{scale}] first reminder sweep over the new region: "
                f"{swept['notifications']:,} notifications, {swept['cpu']:.1f} s CPU, "
                f"{swept['seconds']:.0f} s")  # fmt: skip
        workdir = Path(env["SAMORDNA_VAR_DIR"])
        server = Server(env, workdir / "server.log")
        results = {}
        try:
            wall, cpu = server.wait_for_worker()
            log(f"[{database}/{scale}] the worker's first turn (reminder sweep): {cpu:.1f} s CPU, "
                f"{wall:.0f} s")  # fmt: skip
            report.setdefault("worker", {})[scale] = cpu
            for key, label in PAGES:
                result = drive(server.port, key, prepared["pages"][key], args.seconds, workdir)
                results[key] = result
                if "error" in result:
                    log(f"[{database}/{scale}] {label}: NOT MEASURED, {result['error']}")
                    continue
                log(f"[{database}/{scale}] {label}: {result['requests']} requests, "
                    f"{result['rate']:.1f}/s, p95 {result['p95']:.3f} s"
                    + (f", {result['unexpected']} unexpected answers {result['statuses']}"
                       if result["unexpected"] else ""))  # fmt: skip
            if scale == scales[-1] and not args.no_concurrency:
                writers = prepared["writers"]
                log(f"[{database}/{scale}] concurrency: {len(writers)} clients for "
                    f"{args.concurrency_seconds} s …")  # fmt: skip
                outcome = concurrency(server.port, writers, args.concurrency_seconds, server)
        finally:
            server.stop()
        if scale == scales[-1] and not args.no_concurrency:
            checked = in_django("verify", env, outcome)
            outcome["lost"] = checked["lost"]
            outcome["scale"] = scale
            report["concurrency"] = outcome
            log(concurrency_line(outcome))
        results["load"] = os.getloadavg()[0]
        report["scales"][scale] = results
    return report


def concurrency_line(outcome: dict) -> str:
    clients = outcome["clients"]
    errors = {}
    for client in clients:
        for key, n in client["errors"].items():
            errors[key] = errors.get(key, 0) + n
    saves = sum(c["plan_saves"] for c in clients)
    minutes = sum(c["minutes_saves"] for c in clients)
    conflicts = sum(c["conflicts"] for c in clients)
    return (
        f"{len(clients)} clients, {outcome['scale']} scale: {saves} plan saves and {minutes} "
        f"minutes saved; errors: {sum(errors.values())} {errors or ''}, "
        f'"database is locked" in the server log: {outcome["locked"]}, '
        f"conflicts (409): {conflicts}; lost writes: {len(outcome['lost'])}"
        + (f" {outcome['lost'][:3]}" if outcome["lost"] else "")
    )


def seconds(value: float) -> str:
    return f"{value:.3f}" if value < 1 else f"{value:.2f}"


def table(report: dict) -> list[str]:
    scales = list(report["scales"])
    head = "| page |" + "".join(f" {s} p50 / p95 / p99 (s) | {s} req/s (n) |" for s in scales)
    ratio = len(scales) == 2
    lines = [head + (" p95 ratio |" if ratio else ""), "|---" * (1 + 2 * len(scales) + ratio) + "|"]
    for key, label in PAGES:
        row = f"| {label} |"
        results = [report["scales"][s].get(key, {}) for s in scales]
        for result in results:
            if "p95" not in result:
                row += " not measured | – |"
                continue
            times = " / ".join(seconds(result[p]) for p in ("p50", "p95", "p99"))
            row += f" {times} | {result['rate']:.1f} ({result['requests']}) |"
        if ratio:
            both = all("p95" in r for r in results)
            row += f" {results[1]['p95'] / results[0]['p95']:.1f} |" if both else " – |"
        lines.append(row)
    return lines


def floor_lines(report: dict) -> list[str]:
    lines = []
    for scale, results in report["scales"].items():
        bare = results.get("bare", {}).get("rate")
        if not bare:
            continue
        ratios = ", ".join(
            f"{label} {results[key]['rate'] / bare:.2f}"
            for key, label in (("plan", "plan page"), ("child", "child page"))
            if "rate" in results.get(key, {})
        )
        lines.append(
            f"- {scale}: bare view {bare:.0f} req/s; floor ratio {ratios}; load average "
            f"(1 min) {results['load']:.1f} after its pages"
        )
    return lines


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    release = platform.freedesktop_os_release().get("PRETTY_NAME", platform.system())
    from importlib.metadata import version

    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GB RAM, {release}, "
        f"Linux {platform.release()}, Python {platform.python_version()}, "
        f"Django {version('Django')}, gunicorn {version('gunicorn')}"
    )


def record(reports: list[dict], args, load_before: float) -> None:
    git = [shutil.which("git") or "/usr/bin/git", "rev-parse", "--short", "HEAD"]
    commit = subprocess.run(git, cwd=ROOT, capture_output=True, text=True).stdout.strip()  # noqa: S603
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    scales = ", ".join(f"{scale} = {SCALES[scale]:,}" for scale in args.scales)
    workers = os.environ.get("WEB_WORKERS", "2")
    lines = [
        f"## {now}, commit {commit}",
        "",
        f"Machine: {machine()}. Load average (1 min) {load_before:.1f} before the run, "
        f"{os.getloadavg()[0]:.1f} after.",
        f"Server: `manage.py serve` (gunicorn, {workers} sync workers, DEBUG off); load: wrk, "
        f"{PAGE_THREADS} connections (one per thread), {args.seconds} s per page, on loopback; "
        f"children: {scales}.",
        "",
    ]
    for report in reports:
        lines += [f"### {report['version']}", "", *table(report), "", *floor_lines(report)]
        lines += [
            f"- the worker's first turn after start (the reminder sweep) at {scale}: "
            f"{cpu:.1f} s CPU, waited for before the pages"
            for scale, cpu in report.get("worker", {}).items()
        ]
        lines += [
            f"- the first reminder sweep over the new region at {scale} (before the server, "
            f"mail not sent): {swept['notifications']:,} notifications, {swept['cpu']:.1f} s "
            f"CPU, {swept['seconds']:.0f} s"
            for scale, swept in report.get("swept", {}).items()
        ]
        if report["concurrency"]:
            lines.append(f"- concurrency: {concurrency_line(report['concurrency'])}")
        lines.append("")
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    if not RESULTS.exists():
        RESULTS.write_text("# Results of benchmarks/region.py, one section per run\n\n")
    with RESULTS.open("a") as results:
        results.write(text)
    log(f"Appended to {RESULTS.relative_to(ROOT)}.")


def stop(signum, frame):
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--databases", default="sqlite,postgresql")
    parser.add_argument("--scales", default="small,region")
    parser.add_argument("--seconds", type=int, default=12, help="per page")
    parser.add_argument("--concurrency-seconds", type=int, default=30)
    parser.add_argument("--no-concurrency", action="store_true")
    parser.add_argument("--fresh", action="store_true", help="generate the databases again")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("argument", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        step = {"prepare": step_prepare, "verify": step_verify}[args.step]
        print(json.dumps(step(json.loads(args.argument))))
        return
    args.scales = args.scales.split(",")
    # Stop cleanly (the server and wrk too) on Ctrl-C and on kill, also in the background.
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    if WRK is None:
        raise SystemExit("wrk is missing: apt-get install wrk (Debian's package).")
    load_before = os.getloadavg()[0]
    reports = [run_database(db, args.scales, args) for db in args.databases.split(",")]
    record(reports, args, load_before)


if __name__ == "__main__":
    main()
