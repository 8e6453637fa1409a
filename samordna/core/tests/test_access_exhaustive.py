"""The exhaustive access matrix: every URL pattern of the project, every role at every place,
every consent state, GET and POST.

For each URL the resolver knows (a test each), the registry (access_registry.py) says who
may use it; the scenario (access_scenario.py) is built once for the module. Then, for each
consent state and each actor, inside a savepoint that is rolled back:

- the answer is the one the rule gives: allowed, 404 for what the actor may not see (the
  same as for what does not exist), 403 for a step a participant may not take, the login
  page for anonymous users, 405 for a method the view does not take;
- an answer to someone without a reason shows nothing of child X (the bytes are searched
  for her name, identity number, address and her guardian's and relatives' names) and
  writes no read-log row about her; an allowed read writes exactly the rows it should.

Then the IDOR check: the URL with each object replaced by its twin of child Y (another
principal's case), as everyone who may use it for X: 404, nothing of Y, no row about Y.
And CSRF: a POST without a token, as someone allowed to POST, answers 403.
"""

import re
from contextlib import contextmanager
from copy import deepcopy
from http.cookies import SimpleCookie

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import override_settings
from django.urls import URLResolver, get_resolver, reverse

from samordna.accounts.middleware import SESSION_KEY
from samordna.accounts.models import Role
from samordna.audit.models import AccessLog
from samordna.core.tests.access_registry import Const, Expect, Rule, entry_for, expect
from samordna.core.tests.access_scenario import STATES, Scenario
from samordna.organisations.models import Unit

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def url_patterns() -> dict[str, tuple[str, set[str]]]:
    """Every pattern of the project resolver, included namespaces too: key -> (route, the
    names of its parameters). The key is the full URL name; an unnamed pattern is keyed by
    its namespace and route."""
    found = {}

    def walk(patterns, namespaces, params, route):
        for entry in patterns:
            here = route + str(entry.pattern)
            own = params | set(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry.url_patterns, inner, own, here)
            else:
                name = entry.name or f"<unnamed {here}>"
                found[":".join([*namespaces, name])] = (here, own)

    walk(get_resolver().url_patterns, [], set(), "")
    return found


ROUTES = url_patterns()


@contextmanager
def rolled_back():
    """A savepoint that is always rolled back. Marked as a test case's, so that the views'
    own atomic blocks nest in it as they do in a TestCase."""
    atomic = transaction.atomic()
    atomic._from_testcase = True
    atomic.__enter__()
    try:
        yield
    finally:
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def scenario(django_db_setup, django_db_blocker):
    """Built once for the module in a transaction that is rolled back at its end; each test
    (pytest-django's `db`) runs in a savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        rolled_back(),
    ):
        yield Scenario()


def sign_in(login, client, actor):
    """Log the actor in through the shared `login` fixture, then choose the acting unit."""
    client.cookies = SimpleCookie()
    if actor.anonymous:
        return client
    client = login(actor.user)
    session = client.session
    session[SESSION_KEY] = actor.unit.pk
    session.save()
    return client


@pytest.fixture
def sessions(scenario, db, login, client):
    """Every actor logged in once for the test; `act_as` puts one's cookies on the client.

    The sessions live in the test's own savepoint, outside the savepoints each request is
    rolled back in, so a request that logs out or changes the session changes nothing for
    the next one.
    """
    cookies = {}
    for actor in scenario.actors:
        sign_in(login, client, actor)
        cookies[actor.label] = deepcopy(client.cookies)

    def act_as(actor):
        client.cookies = deepcopy(cookies[actor.label])
        return client

    return act_as


# --- building the URL ---------------------------------------------------------------------


def value(scenario, spec, *, twin=False):
    if isinstance(spec, Const):
        return spec.value
    obj = scenario.object(spec, twin=twin)
    return getattr(obj, "pk", obj)


def admin_value(key: str, param: str, scenario):
    """Parameters of the admin's URLs: an object close to child X where the model has one
    (her unit, her plans' convener, her municipality), else the first there is."""
    close = {
        "admin:accounts_user_": scenario.staff["A", Role.CASEWORKER],
        "admin:organisations_unit_": scenario.units["A"],
        "admin:organisations_principal_": scenario.municipality,
    }
    for prefix, obj in close.items():
        if param in ("object_id", "pk") and key.startswith(prefix):
            return obj.pk
    if param == "app_label":
        return "accounts"
    if param == "content_type_id":
        return ContentType.objects.get_for_model(Unit).pk
    if param in ("object_id", "pk"):
        for model in admin.site._registry:
            if key.startswith(f"admin:{model._meta.app_label}_{model._meta.model_name}_"):
                first = model.objects.order_by("pk").first()
                return first.pk if first else 1
        return Unit.objects.order_by("pk").first().pk
    return "x"


def build_url(key: str, entry, scenario, twins=()) -> str:
    route, params = ROUTES[key]
    if entry.rule == Rule.ADMIN:
        kwargs = {param: admin_value(key, param, scenario) for param in params}
    else:
        missing = params - set(entry.params)
        assert not missing, f"{key}: the registry entry lacks params for {sorted(missing)}"
        kwargs = {
            param: value(scenario, entry.params[param], twin=param in twins) for param in params
        }
    if "<unnamed" not in key:
        return reverse(key, kwargs=kwargs)
    url = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs.get(m[1], "x")), route)
    url = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs.get(m[1], "x")), url)
    return "/" + url.replace("^", "").replace("$", "")


# --- one request and its judgement -------------------------------------------------------


def send(client, method: str, url: str, data=None):
    """The answer's status, location and bytes, and the children of the log rows it wrote."""
    last = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client.get(url) if method == "GET" else client.post(url, data or {})
    # Reading a streaming answer to the end closes it, as the test client arranges; calling
    # close() again would fire request_finished and close the connection mid-transaction.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    logged = list(AccessLog.objects.filter(id__gt=last).values_list("child_id", flat=True))
    return response.status_code, response.get("Location", ""), body, logged


def leaked(body: bytes, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret.encode() in body]


WANTED = {
    "hidden": {404},
    "missing": {404},
    "forbidden": {403},
    "login": {302},
    "admin_login": {302},
}


def judge(entry, method, exp: Expect, answer, scenario) -> list[str]:
    """What is wrong with one answer to a method the view takes."""
    status, location, body, logged = answer
    problems = []
    if exp.outcome == "allow":
        wanted = entry.ok if method == "GET" else entry.post_ok
    else:
        wanted = WANTED[exp.outcome]
    if status not in wanted:
        problems.append(f"{status}, expected {exp.outcome} ({sorted(wanted)})")
    if status == 302 and exp.outcome in ("login", "admin_login"):
        login_url = reverse("admin:login" if exp.outcome == "admin_login" else "accounts:login")
        if not location.startswith(login_url):
            problems.append(f"redirects to {location}, not to the login page")
    may_show = exp.shows_child and exp.outcome in ("allow", "forbidden")
    if not may_show and (found := leaked(body, scenario.x.secrets)):
        problems.append(f"shows {found}")
    rows = logged.count(scenario.x.child.pk)
    if exp.outcome == "allow" and method == "GET":
        if rows != exp.logs:
            problems.append(f"wrote {rows} read-log rows about X, expected {exp.logs}")
    elif exp.outcome in ("forbidden", "missing"):
        if rows > max(exp.logs, 1):  # the participant's read of the plan itself, at most
            problems.append(f"wrote {rows} read-log rows about X")
    elif exp.outcome != "allow" and rows:
        problems.append(f"wrote {rows} read-log rows about X without a reason")
    return problems


def rule_for(entry, method: str) -> Rule:
    return entry.post_rule if method == "POST" and entry.post_rule else entry.rule


def post_data(entry, scenario, actor) -> dict:
    return getattr(scenario, f"post_{entry.post_data}")(actor) if entry.post_data else {}


# --- the checks ---------------------------------------------------------------------------


def methods(entry) -> tuple[str, ...]:
    return ("GET", "POST") if entry.rule == Rule.ADMIN else entry.methods


def states(entry) -> tuple[str, ...]:
    """Consent states matter where a child's data is; the other rules run in one of them."""
    if entry.child_data or entry.rule in (Rule.CHILD_ROLE, Rule.MANAGER_LOG):
        return STATES
    return ("covering",)


def first_allowed(entry, method: str, scenario):
    rule = rule_for(entry, method)
    return next(
        actor
        for actor in scenario.actors
        if expect(entry, rule, actor, "covering", scenario).outcome == "allow"
        and (actor.anonymous or rule != Rule.PUBLIC)
    )


def check_matrix(key, entry, scenario, act_as) -> list[str]:
    """Every actor, every consent state, every method the view takes."""
    failures = []
    url = build_url(key, entry, scenario)
    for state in states(entry):
        with rolled_back():
            scenario.set_state(state)
            for actor in scenario.actors:
                for method in methods(entry):
                    exp = expect(entry, rule_for(entry, method), actor, state, scenario)
                    with rolled_back():
                        answer = send(act_as(actor), method, url, post_data(entry, scenario, actor))
                    failures += [
                        f"{method} {url} as {actor} [{state}]: {problem}"
                        for problem in judge(entry, method, exp, answer, scenario)
                    ]
    return failures


def check_other_methods(key, entry, scenario, act_as) -> list[str]:
    """A method the registry says the view does not take answers 405, before any look-up
    (so the same for every object): asked by someone allowed, and anonymously."""
    failures = []
    url = build_url(key, entry, scenario)
    for method in {"GET", "POST"} - set(methods(entry)):
        allowed = first_allowed(entry, entry.methods[0], scenario)
        for actor in {allowed.label: allowed, "anonymous": scenario.actors[0]}.values():
            with rolled_back():
                status, _location, body, logged = send(act_as(actor), method, url)
            if status != 405 and not (actor.anonymous and status == 302):
                failures.append(
                    f"{method} {url} as {actor}: {status}, but the registry says the view "
                    f"takes only {entry.methods}: add {method} there, or refuse it in the view"
                )
            if leaked(body, scenario.x.secrets) or logged:
                failures.append(f"{method} {url} as {actor}: shows or logs X")
    return failures


def check_idor(key, entry, scenario, act_as) -> list[str]:
    """Each object (and all at once) replaced by its twin of Y, as X's readers."""
    twinned = [
        param
        for param, spec in entry.params.items()
        if not isinstance(spec, Const) and scenario.object(spec, twin=True) is not None
    ]
    if not twinned or entry.rule == Rule.ADMIN:
        return []
    variants = [(param,) for param in twinned] + ([tuple(twinned)] if len(twinned) > 1 else [])
    kinds = set(entry.params.values())
    secrets = scenario.y.secrets + (
        [scenario.foreign["user"].email] if kinds & {"user", "membership"} else []
    )
    failures = []
    for actor in scenario.actors:
        outcome = expect(entry, entry.rule, actor, "covering", scenario).outcome
        if outcome not in ("allow", "forbidden") or actor.role == Role.SYSTEM_ADMIN:
            continue  # nothing to escalate from (a system administrator administers all)
        for twins in variants:
            url = build_url(key, entry, scenario, twins)
            for method in entry.methods:
                with rolled_back():
                    status, _location, body, logged = send(act_as(actor), method, url)
                who = f"IDOR {method} {url} ({', '.join(twins)} of Y) as {actor}"
                if status not in ({404} if outcome == "allow" else {403, 404}):
                    failures.append(f"{who}: {status}")
                if found := leaked(body, secrets):
                    failures.append(f"{who}: shows {found}")
                if scenario.y.child.pk in logged:
                    failures.append(f"{who}: wrote a read-log row about Y")
    return failures


def check_csrf(key, entry, scenario, act_as) -> list[str]:
    """A POST without the token, as the first actor allowed to POST, answers 403."""
    if "POST" not in methods(entry):
        return []
    actor = first_allowed(entry, "POST", scenario)
    url = build_url(key, entry, scenario)
    client = act_as(actor)
    client.handler.enforce_csrf_checks = True
    try:
        with rolled_back():
            status, _location, body, logged = send(
                client, "POST", url, post_data(entry, scenario, actor)
            )
    finally:
        client.handler.enforce_csrf_checks = False
    failures = []
    if status != 403:
        failures.append(f"CSRF: POST {url} without a token as {actor}: {status}")
    if leaked(body, scenario.x.secrets) or logged:
        failures.append(f"CSRF: POST {url} without a token shows or logs X")
    return failures


def missing_message(keys) -> str:
    return (
        "These URLs are not in the access registry: "
        + ", ".join(sorted(keys))
        + ". Add an entry for each to REGISTRY in samordna/core/tests/access_registry.py"
        " (how: the comment at the top of that file)."
    )


def test_every_url_is_in_the_registry():
    missing = [key for key in ROUTES if entry_for(key) is None]
    assert not missing, missing_message(missing)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_access(key, scenario, sessions):
    entry = entry_for(key)
    if entry is None:
        pytest.fail(missing_message([key]))
    failures = []
    for check in (check_matrix, check_other_methods, check_idor, check_csrf):
        failures += check(key, entry, scenario, sessions)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures)
