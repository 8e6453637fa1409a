"""samordna's one settings module: every deployment difference comes from the environment.

See the configuration table in README.md.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from samordna.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("SAMORDNA_VAR_DIR", str(BASE_DIR / "var")))

INSECURE_DEFAULT_KEY = "insecure-development-key-do-not-use-in-production"
DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env_str("SECRET_KEY", INSECURE_DEFAULT_KEY)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Demo only (make run): users who have not set up two-factor login are let in without it.
DEMO_SKIP_2FA = env_bool("DEMO_SKIP_2FA", default=False)

if not DEBUG:
    # Refuse to run an insecure production (manage.py and wsgi.py print the message).
    if SECRET_KEY == INSECURE_DEFAULT_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is "
            "off (for example: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must list the host names samordna answers to when DEBUG is off "
            "(comma-separated, for example samordna.kommun.se)."
        )
    if DEMO_SKIP_2FA:
        raise ImproperlyConfigured(
            "DEMO_SKIP_2FA lets users in without two-factor login and works only with "
            "DEBUG on, for a local demo; remove it."
        )

INSTALLED_APPS = [
    "samordna.core",
    "samordna.accounts",
    "samordna.organisations",
    "samordna.people",
    "samordna.audit",
    "samordna.plans",
    "samordna.consents",
    "samordna.access",
    "samordna.meetings",
    "samordna.notifications",
    "samordna.documents",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "simple_history",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "samordna.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samordna.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "samordna.core.middleware.NoStoreMiddleware",
    "samordna.accounts.middleware.RequireTwoFactorMiddleware",
    "samordna.accounts.middleware.ActingUnitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "samordna.core.middleware.SessionLimitMiddleware",
    "samordna.accounts.middleware.SessionRecordMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "samordna.audit.middleware.SecurityEventMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samordna.urls"
WSGI_APPLICATION = "samordna.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samordna" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "samordna.accounts.context_processors.acting_unit",
                "samordna.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------
# SQLite (WAL) in var/ is the embedded default; DATABASE_URL=postgres://... for PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'samordna.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # Tests use a file, as production does, so that concurrent requests meet WAL and the
    # busy timeout instead of an in-memory database's table locks.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"samordna-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (timeout)
        # instead of failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # recursive_triggers: without it INSERT OR REPLACE deletes the row it replaces
        # without firing DELETE triggers, which would let it rewrite the read log.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
            " PRAGMA foreign_keys=ON; PRAGMA recursive_triggers=ON;"
        ),
    }
else:
    # PostgreSQL compiles a query whose estimated cost passes jit_above_cost to machine code
    # first: for a web page's short queries that took 440 of 490 ms (the flagged log review
    # at 100,000 children, issue 15). samordna's queries are short; it turns JIT off for its
    # own connections (the server's setting is left alone).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
# PostgreSQL: the role the web processes and workers connect as (their DATABASE_URL's user),
# set only where `migrate` runs as the role that owns the tables. Each migrate then grants it
# what samordna needs and no more: it may only add to the read log (audit/app_role.py).
DATABASE_APP_ROLE = env_str("DATABASE_APP_ROLE")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and passwords -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:start"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# django-axes first: it refuses a locked-out user and IP before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "samordna.accounts.passwords.BreachedPasswordValidator"},
]
# A list of breached passwords to refuse (a file: plain text or gzip, one password a line)
# instead of the one samordna ships (samordna/accounts/breached_passwords.txt.gz).
BREACHED_PASSWORD_LIST = env_str("BREACHED_PASSWORD_LIST")
PASSWORD_RESET_TIMEOUT = 60 * 60 * 2

# --- Two-factor login: django-otp (samordna.accounts.two_factor) ------------------------
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "samordna"
# The admin shows no secret keys or QR codes of other users' devices.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Sessions and cookies ---------------------------------------------------------------
# In the database (Django's default engine): accounts.UserSession, the list of a user's
# sessions they can end, refers to its rows.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 10  # absolute limit of a working day
# Both limits are enforced by samordna.core.middleware.SessionLimitMiddleware.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_ABSOLUTE_TIMEOUT = SESSION_COOKIE_AGE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_SECURE = SECURE_COOKIES
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# django-csp 4.0: no inline scripts or styles, no eval; htmx runs with allowEval false.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Sent by samordna.core.middleware.PermissionsPolicyMiddleware: no powerful features.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(),"
    " hid=(), midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(),"
    " fullscreen=(self)"
)

# --- Brute force: django-axes -----------------------------------------------------------
# Five failed logins for the same account from the same address lock that pair out for
# 15 minutes; the answer is the same whether the account exists or not.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form's field, as it reaches authenticate() (axes defaults to USERNAME_FIELD).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "samordna.accounts.lockout.username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
# Wrong two-factor codes count as failed logins too; axes stores the POST data of each
# failure, so the code field is masked like the password.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code"]
# The client's address as the read log records it (the proxy's last X-Forwarded-For entry
# when trusted): an address the client writes itself must not buy more tries.
AXES_CLIENT_IP_CALLABLE = "samordna.audit.services.client_ip"

# --- Language and time ------------------------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "samordna" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

# --- Static files -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "samordna" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Uploaded files (signed consent forms): outside static, served only through views ----
MEDIA_ROOT = VAR_DIR / "media"

# --- The SIP ----------------------------------------------------------------------------
# From this age the child's own consent is required besides the guardians'.
SIP_CHILD_CONSENT_AGE = env_int("SIP_CHILD_CONSENT_AGE", 15)
# Where samordna is reached: links in e-mails, letters and calendar files start with it.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")
# Days an invitation's confirmation link works (it also stops when the meeting begins).
MEETING_LINK_DAYS = env_int("MEETING_LINK_DAYS", 60)

# --- E-mail -----------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "samordna <noreply@samordna.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Background work -------------------------------------------------------------------
# Tasks wait in the database until a worker (manage.py run_worker) runs them: no other
# server is needed, on SQLite or PostgreSQL.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# When true, /healthz answers 503 unless a worker has reported alive within the last minute.
WORKER_REQUIRED = env_bool("WORKER_REQUIRED", default=False)

# --- The read log -----------------------------------------------------------------------
# Years the access log is kept; the law's minimum of five is also enforced by the database.
AUDIT_RETENTION_YEARS = max(5, env_int("AUDIT_RETENTION_YEARS", 5))
# Behind a reverse proxy that sets X-Forwarded-For, log the address the proxy saw.
AUDIT_TRUST_X_FORWARDED_FOR = env_bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)
# Refused requests logged as security events per user, address and minute; the rest of the
# minute's refusals are only counted (audit.SecurityEventCount).
SECURITY_EVENTS_PER_MINUTE = env_int("SECURITY_EVENTS_PER_MINUTE", 10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports every rendering step at INFO.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}
