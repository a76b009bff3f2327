"""Hémicycle settings: one module, every deployment difference read from the environment.

See the configuration table in README.md for each variable.
"""

from __future__ import annotations

import datetime
import os
import secrets
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The instance folder holds what belongs to one installation and never to the repository:
# the generated secret key, the SQLite database, uploaded documents.
INSTANCE_DIR = Path(os.environ.get("HEMICYCLE_INSTANCE_DIR", BASE_DIR / "instance"))
INSTANCE_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    from_env = os.environ.get("SECRET_KEY")
    if from_env:
        return from_env
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        # Created with owner-only permissions on first run; an existing key is never replaced,
        # or every session and password-reset link would be invalidated.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG")
# Demo mode: the demo accounts and their shared password are announced on the login page.
DEMO_MODE = env_bool("HEMICYCLE_DEMO")
# Under pytest, login hardening (2FA enforcement, lock-out) is off unless a test turns it on.
UNDER_PYTEST = "PYTEST_VERSION" in os.environ
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "csp",
    "huey.contrib.djhuey",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "hemicycle.core",
    "hemicycle.accounts",
    "hemicycle.group",
    "hemicycle.council",
    "hemicycle.sittings",
    "hemicycle.positions",
    "hemicycle.filings",
    "hemicycle.votes",
    "hemicycle.api",
    "hemicycle.opendata",
    "hemicycle.demo",
]

MIDDLEWARE = [
    # First: every response, redirects and refusals included, carries the request's id, and
    # every record logged while the request runs has it (hemicycle/core/logging.py).
    "hemicycle.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body: oversized uploads are refused from their headers.
    "hemicycle.core.middleware.UploadLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session has passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # Every page requires a login unless its view is marked public.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # A session that still owes its second factor reaches only the two-factor pages.
    "hemicycle.accounts.middleware.TwoFactorMiddleware",
    # Keeps "Mes sessions" current (at most one write a minute per session).
    "hemicycle.accounts.middleware.SessionActivityMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes requires: turns a lock-out into the French 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "hemicycle" / "core" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hemicycle.core.context_processors.hemicycle",
            ],
        },
    }
]

# SQLite by default (WAL so that readers never wait for a writer; IMMEDIATE transactions so
# that concurrent writers queue instead of failing with "database is locked").
_sqlite_path = INSTANCE_DIR / "hemicycle.sqlite3"
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{_sqlite_path}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses any attempt while the username+IP pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "hemicycle.accounts.backends.UsernameOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Sessions last a working day (12 h) from login, whether or not the browser is closed;
# "Mes sessions" lists them and closes any, or all but the current one.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(12 * 3600)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = False

# Two-factor authentication (TOTP + recovery codes) is mandatory for the roles named in
# hemicycle.accounts.permissions.requires_two_factor when this is true; anyone may opt in.
HEMICYCLE_REQUIRE_2FA = env_bool(
    "HEMICYCLE_REQUIRE_2FA", default=not DEMO_MODE and not UNDER_PYTEST
)
# The accounts built by `seed_demo`: in demo mode they log in with their password alone.
HEMICYCLE_DEMO_ACCOUNTS = (
    "secretariat",
    "presidence",
    "bureau",
    "elu",
    "collaborateur",
    "partenaire",
    "observateur",
)
OTP_TOTP_ISSUER = "Hémicycle"
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Login throttling: 5 failures for one username from one IP lock that pair for 15 minutes.
AXES_ENABLED = env_bool("AXES_ENABLED", default=not UNDER_PYTEST)
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = True
# The same person types "Camille" or "camille@…": count them as one username.
AXES_USERNAME_CALLABLE = "hemicycle.accounts.backends.axes_username"
AXES_SENSITIVE_PARAMETERS = ["password"]
if env_bool("BEHIND_PROXY"):
    AXES_IPWARE_PROXY_COUNT = 1
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
# Behind HTTPS in production: cookies only over TLS, HSTS, redirect.
SECURE_COOKIES = env_bool("SECURE_COOKIES", default=not DEBUG and not DEMO_MODE)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if env_bool("BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# A load balancer polls the health check on the workers' plain-HTTP port: no HTTPS redirect.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]

# No inline script or style anywhere: every asset is a vendored or app file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", INSTANCE_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", INSTANCE_DIR / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names once `collectstatic` has run (production); plain names
        # served from the apps' folders otherwise (tests, demo).
        # `collectstatic` itself must use the manifest storage, or it would never write
        # staticfiles.json.
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if (STATIC_ROOT / "staticfiles.json").exists() or sys.argv[1:2] == ["collectstatic"]
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Lets the app serve static files without a collectstatic step in tests and the demo.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
# Uploads above this size are refused before they reach a view's memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Deadline reminders to a filing's authors, in hours before the filing deadline.
HEMICYCLE_FILING_REMINDER_HOURS = [
    int(h)
    for h in os.environ.get("HEMICYCLE_FILING_REMINDER_HOURS", "72,24").split(",")
    if h.strip()
]
# The daily digest of notifications goes out at this hour (0-23, Europe/Paris time).
HEMICYCLE_DIGEST_HOUR = int(os.environ.get("HEMICYCLE_DIGEST_HOUR", "7"))
# Largest file a user may upload (an agenda, an RNE file); checked by the forms.
HEMICYCLE_MAX_UPLOAD_BYTES = int(os.environ.get("HEMICYCLE_MAX_UPLOAD_BYTES", str(50 * 2**20)))

# Background jobs. Without Redis, a SQLite queue in the instance folder; tests, and the demo
# unless HUEY_IMMEDIATE=0, run jobs at once in the calling process.
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY = {
    "huey_class": "huey.RedisHuey" if REDIS_URL else "huey.SqliteHuey",
    "name": "hemicycle",
    "immediate": env_bool("HUEY_IMMEDIATE", default=DEBUG or DEMO_MODE or UNDER_PYTEST),
    "utc": True,
    "connection": {"url": REDIS_URL}
    if REDIS_URL
    else {"filename": str(INSTANCE_DIR / "jobs.sqlite3")},
    "consumer": {"workers": int(os.environ.get("HUEY_WORKERS", "2")), "worker_type": "thread"},
}

# The cache is shared by every web worker and consumer when Redis is there; otherwise each
# process has its own (local memory), which is correct only because nothing relies on the
# cache for state between requests. Sessions stay in the database, shared by all workers.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "hemicycle",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Rendered fragments of rich pages (hemicycle/core/fragments.py): how long a copy may live
# (0 = never cached); the generation token that any write renews is in Redis when there is
# one, otherwise in a file of the instance folder, so that every process sees it.
HEMICYCLE_FRAGMENT_SECONDS = int(os.environ.get("HEMICYCLE_FRAGMENT_SECONDS", "900"))
HEMICYCLE_FRAGMENT_GENERATION = "cache" if REDIS_URL else "file"

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEMO_MODE or DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Hémicycle <hemicycle@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address people type to reach Hémicycle: e-mails sent by background jobs have no
# request to build their links from.
HEMICYCLE_SITE_URL = os.environ.get("HEMICYCLE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Logs go to standard error: plain text by default, or one JSON object per line
# (LOG_FORMAT=json) for journald or a log shipper. Every record carries the request id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower()
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "hemicycle.core.logging.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "hemicycle.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # run_huey adds its own plain handler to "huey" unless it already has one: this one,
        # so that the consumer's lines follow LOG_FORMAT and are not printed twice.
        "huey": {"handlers": ["console"], "propagate": False},
    },
}
