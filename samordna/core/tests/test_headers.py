"""Every answer carries the security headers: every URL pattern of the project, anonymous
and as a caseworker of the demo data, 404s and 405s included."""

import contextlib
import json
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from samordna.accounts.models import Membership, Role
from samordna.people.models import Child
from samordna.people.tests.helpers import client_for, load_demo

CSP_DIRECTIVES = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
}
POLICY_FEATURES = ["camera=()", "microphone=()", "geolocation=()", "payment=()"]


def header_problems(response) -> list[str]:
    problems = []
    csp = response.headers.get("Content-Security-Policy", "")
    directives = {part.strip() for part in csp.split(";") if part.strip()}
    if missing := CSP_DIRECTIVES - directives:
        problems.append(f"CSP lacks {sorted(missing)}: {csp!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append(f"CSP allows unsafe code: {csp!r}")
    expected = {
        "Referrer-Policy": "same-origin",
        "X-Content-Type-Options": "nosniff",
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",
    }
    for name, value in expected.items():
        if response.headers.get(name) != value:
            problems.append(f"{name}: {response.headers.get(name)!r}")
    policy = response.headers.get("Permissions-Policy", "")
    if missing := [feature for feature in POLICY_FEATURES if feature not in policy]:
        problems.append(f"Permissions-Policy lacks {missing}: {policy!r}")
    return problems


def url_patterns() -> list[tuple[str, str, dict]]:
    """(name, route, converters) of every named URL pattern, namespaces joined."""
    found = []

    def walk(patterns, namespaces, converters, route):
        for entry in patterns:
            own = {**converters, **entry.pattern.converters}
            here = route + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = [*namespaces, entry.namespace] if entry.namespace else namespaces
                walk(entry.url_patterns, inner, own, here)
            elif isinstance(entry, URLPattern):
                name = ":".join([*namespaces, entry.name]) if entry.name else None
                found.append((name, here, own))

    walk(get_resolver().url_patterns, [], {}, "")
    return found


def url_for(name: str | None, route: str, converters: dict, int_value: int) -> str:
    """A URL for the pattern: ints from the demo data, other parameters filled with text.

    Named patterns are reversed; the others (the admin's) are written out from the route:
    a regular expression's alternatives give their first choice.
    """
    kwargs = {
        key: int_value if isinstance(converter, IntConverter) else "x"
        for key, converter in converters.items()
    }
    if name:
        with contextlib.suppress(NoReverseMatch):
            return reverse(name, kwargs=kwargs)
    url = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: str(kwargs.get(m[2], "x")), route)
    url = re.sub(r"\(\?P<\w+>([^|)]*)[^)]*\)", r"\1", url)
    url = url.replace("^", "").replace("$", "").replace(".*", "")
    return "/" + url


@pytest.fixture
def demo(db):
    load_demo()


def walk_and_check(client: Client, int_value: int) -> tuple[list[str], int]:
    failures, visited = [], 0
    for name, route, converters in url_patterns():
        url = url_for(name, route, converters, int_value)
        response = client.get(url)
        visited += 1
        if response.status_code >= 500:
            failures.append(f"{url}: {response.status_code}")
        failures += [f"{url} ({response.status_code}): {p}" for p in header_problems(response)]
    return failures, visited


def caseworker_client():
    units = Child.objects.values("registered_by_unit")
    membership = (
        Membership.objects.filter(role=Role.CASEWORKER, unit__in=units)
        .select_related("user", "unit")
        .order_by("pk")
        .first()
    )
    child = Child.objects.filter(registered_by_unit=membership.unit).order_by("pk").first()
    return client_for(membership.user, membership.unit), child.pk


def test_every_url_answers_anonymous_users_with_the_headers(demo):
    child_pk = Child.objects.order_by("pk").first().pk
    failures, visited = walk_and_check(Client(), child_pk)
    assert not failures, "\n".join(failures)
    assert visited == len(url_patterns()) > 30


def test_every_url_answers_a_caseworker_with_the_headers(demo):
    client, child_pk = caseworker_client()
    failures, visited = walk_and_check(client, child_pk)
    assert not failures, "\n".join(failures)
    assert visited == len(url_patterns()) > 30


def test_pages_for_a_logged_in_user_are_never_cached(demo):
    client, child_pk = caseworker_client()
    for url in (reverse("core:start"), reverse("people:child_detail", args=[child_pk])):
        cache_control = client.get(url).headers["Cache-Control"]
        assert {"no-store", "private"} <= {part.strip() for part in cache_control.split(",")}


def test_a_404_has_the_headers(client, db):
    response = client.get("/finns-inte/")
    assert response.status_code == 404
    assert header_problems(response) == []


def test_the_admin_works_for_a_system_administrator_with_the_headers(login, world):
    client = login(world.system_admin)
    for url in [reverse("admin:index"), reverse("admin:accounts_user_changelist")]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert header_problems(response) == []


def test_the_pdf_of_a_plan_or_log_extract_still_renders(demo):
    """WeasyPrint renders on the server: the CSP does not reach it. One PDF per kind."""
    client, child_pk = caseworker_client()
    pdfs = [
        url
        for name, _route, converters in url_patterns()
        if name and "pdf" in name
        for url in [url_for(name, _route, converters, child_pk)]
    ]
    assert pdfs
    for url in pdfs:
        response = client.get(url)
        assert response.status_code in {200, 404}, url
        if response.status_code == 200:
            assert response["Content-Type"] == "application/pdf"
        assert header_problems(response) == []


def test_hsts_is_sent_on_https_in_production(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    https = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert https.headers["Strict-Transport-Security"] == "max-age=31536000"
    plain = client.get(reverse("accounts:login"))
    assert "Strict-Transport-Security" not in plain.headers


PRODUCTION_SETTINGS = """
import json, samordna.settings as s
print(json.dumps({name: getattr(s, name, None) for name in [
    "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY", "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE", "SESSION_COOKIE_AGE", "SESSION_IDLE_TIMEOUT",
]}))
"""


def production_settings(**env) -> dict:
    import os

    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECURE_COOKIES"}}
    result = subprocess.run(
        [sys.executable, "-c", PRODUCTION_SETTINGS],
        cwd=settings.BASE_DIR,
        env={**base, "SECRET_KEY": "k" * 50, "ALLOWED_HOSTS": "sip.example", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_production_sends_hsts_and_secure_cookies():
    values = production_settings(DEBUG="false")
    assert values["SECURE_HSTS_SECONDS"] == 60 * 60 * 24 * 365
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert values["SESSION_COOKIE_AGE"] == 10 * 60 * 60
    assert values["SESSION_IDLE_TIMEOUT"] == 30 * 60


def test_development_sends_no_hsts():
    assert production_settings(DEBUG="true")["SECURE_HSTS_SECONDS"] is None
