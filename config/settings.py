"""SatuPintu settings: one module, every value from the environment (see README, "Settings")."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from satupintu.core.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("SATUPINTU_DATA_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or env_bool("SATUPINTU_DEV_DEFAULTS", False) or "pytest" in sys.modules:
        SECRET_KEY = "dev-only-insecure-key-change-me-0123456789abcdefghijklmnopqrstuvwxyz"  # noqa: S105 - dev only
    else:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (50+ random characters) or set DJANGO_DEBUG=true "
            "for local development."
        )
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    # Only for /api/v1/docs: with ninja installed, Swagger UI comes from its own static files
    # (served by us, allowed by the CSP) instead of a CDN.
    "ninja",
    "satupintu.core",
    "satupintu.accounts",
    "satupintu.regions",
    "satupintu.organizations",
    "satupintu.catalog",
    "satupintu.ledger",
    "satupintu.privacy",
    "satupintu.notifications",
    "satupintu.applications",
    "satupintu.learning",
    "satupintu.complaints",
]

MIDDLEWARE = [
    # First: the load balancer's health check needs none of what follows.
    "satupintu.core.middleware.HealthCheckMiddleware",
    # What one request reads more than once, kept for that request only (satupintu/core/memo.py).
    "satupintu.core.memo.RequestScopeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "satupintu.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "satupintu.core.middleware.OTPMiddleware",  # django-otp's, reading the device cheaper
    "satupintu.core.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Public pages rendered once per process and catalog version (satupintu/core/pagecache.py).
    "satupintu.core.pagecache.PublicPageCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "satupintu.core.middleware.SecurityHeadersMiddleware",
    # Last, so it is the first to see an exception a view raised.
    "satupintu.core.middleware.ServiceErrorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "satupintu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "satupintu.core.context_processors.site",
                "satupintu.learning.context_processors.page_help",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------
# SQLite (WAL) by default; DATABASE_URL=postgres://... for PostgreSQL.
_default_sqlite = f"sqlite:///{DATA_DIR / 'satupintu.sqlite3'}"
DATABASE_URL = env_str("DATABASE_URL", _default_sqlite)
try:
    _db = dj_database_url.parse(
        DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    )
except (ValueError, KeyError) as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # How long a write waits for the one writer before failing; longer than the slowest write
    # transaction under load (an output rendered and signed), shorter than gunicorn's 30 s.
    _busy_ms = env_int("SQLITE_BUSY_TIMEOUT_MS", 20000, minimum=0)
    # Each connection's page cache (every web thread and the background process hold one). The
    # operating system's file cache, shared by all of them, serves what falls out of it: the
    # soak is as fast with 2 MB as with 20 and its memory stays flat (bench/README.md, soak).
    _cache_kib = env_int("SQLITE_CACHE_MB", 2, minimum=1) * 1024
    _db["OPTIONS"] = {
        # WAL lets readers run beside the one writer; IMMEDIATE avoids lock-upgrade deadlocks.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            f"PRAGMA busy_timeout={_busy_ms}; PRAGMA cache_size=-{_cache_kib};"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    # Connections are kept like PostgreSQL's (DB_CONN_MAX_AGE): opening one runs the PRAGMAs and
    # the file-mode check, about 2 ms, which was half the cost of /healthz. A kept connection holds
    # no read snapshot between requests (autocommit), so writers in other processes are not held.
elif _db["ENGINE"] not in ("django.db.backends.postgresql",):
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
elif env_bool("DB_SERVER_SIDE_BINDING", True):
    # Parameters travel apart from the SQL (psycopg quotes nothing in Python) and a statement a
    # connection runs five times is prepared once: PostgreSQL parses and plans it no more.
    _db["OPTIONS"] = {"server_side_binding": True, "prepare_threshold": 5}
_db.setdefault("TEST", {})
if env_str("TEST_DATABASE_NAME"):
    _db["TEST"]["NAME"] = env_str("TEST_DATABASE_NAME")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
# Throttle counters live here, so the cache is shared by every process on every deployment:
# Redis when REDIS_URL is set, otherwise a table in the database (created after `migrate`).
# Never local memory: a limit of 10 would allow 10 per worker (checked in satupintu.core.checks).
REDIS_URL = env_str("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "satupintu.core.cache.DatabaseCache",
            "LOCATION": "satupintu_cache",
            # Culling past MAX_ENTRIES drops live counters, so keep it far above the number of
            # addresses and accounts a window can see; expired rows are swept first.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 100_000, minimum=1000)},
        }
    }

# Rendered public pages (home, services, search, agencies) kept per process for anonymous
# visitors, stamped with the catalog version in the cache above (satupintu/core/pagecache.py).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300, minimum=0)
PAGE_CACHE_CHECK_SECONDS = env_int("PAGE_CACHE_CHECK_SECONDS", 2, minimum=0)
PAGE_CACHE_ENTRIES = env_int("PAGE_CACHE_ENTRIES", 2000, minimum=1)
# Reference data (working calendar, routing rules, categories, published standards) kept per
# process and checked against its version in the cache at most this often (core/shelf.py).
REFERENCE_CHECK_SECONDS = env_int("REFERENCE_CHECK_SECONDS", 2, minimum=0)

# --- Tasks ----------------------------------------------------------------------------------
TASK_BACKEND = env_choice("TASK_BACKEND", "database", ("database", "immediate", "rq"))
_task_backends = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "rq": "django_tasks_rq.RQBackend",
}
TASKS = {"default": {"BACKEND": _task_backends[TASK_BACKEND]}}
if TASK_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASK_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS.append("django_tasks_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
# People sign in with an e-mail address or mobile number, found by its keyed blind index.
AUTHENTICATION_BACKENDS = ["satupintu.accounts.backends.ContactBackend"]
# Password-reset requests per window, per contact and per client address (core.throttle).
PASSWORD_RESETS_PER_CONTACT = env_int("PASSWORD_RESETS_PER_CONTACT", 5, minimum=1)
PASSWORD_RESETS_PER_IP = env_int("PASSWORD_RESETS_PER_IP", 15, minimum=1)
PASSWORD_RESET_WINDOW_SECONDS = env_int("PASSWORD_RESET_WINDOW_SECONDS", 3600, minimum=60)
# SLA escalation (applications.escalation): the officers who can act on an overdue step are told
# at its deadline, the unit's supervisor this many working days later, unless the service's
# workflow sets its own `escalate_after_days`.
WORKFLOW_ESCALATE_AFTER_DAYS = env_int("WORKFLOW_ESCALATE_AFTER_DAYS", 2, minimum=0)
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Failed sign-ins per window: per account from anywhere; per (address, account) pair, so one
# client behind a shared NAT locks out only itself; and a much higher per-address ceiling.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 10, minimum=1)
LOGIN_FAILURES_PER_IP_ACCOUNT = env_int("LOGIN_FAILURES_PER_IP_ACCOUNT", 5, minimum=1)
LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 100, minimum=1)
LOGIN_LOCKOUT_SECONDS = env_int("LOGIN_LOCKOUT_SECONDS", 900, minimum=60)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "satupintu" / "locale"]
USE_I18N = True
TIME_ZONE = env_str("SATUPINTU_TIME_ZONE", "Asia/Jakarta")
USE_TZ = True
LANGUAGE_COOKIE_NAME = "satupintu_lang"
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "satupintu" / "static"]
MEDIA_ROOT = DATA_DIR / "private"
FILE_STORAGE = env_choice("FILE_STORAGE", "local", ("local", "s3"))
if FILE_STORAGE == "s3":
    # S3-compatible object storage (MinIO, AWS, GCS interop) through django-storages:
    # pip install "satupintu[s3]"; credentials from AWS_* variables as django-storages reads them.
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", "satupintu"),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
# Stored files are readable by the service user only; so is the temporary copy of an upload
# that outgrows memory, kept under the data directory (not /tmp) and swept by
# `manage.py sweep_uploads` when a killed worker leaves it behind.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
FILE_UPLOAD_TEMP_DIR = env_str("SATUPINTU_UPLOAD_TEMP_DIR") or str(DATA_DIR / "tmp" / "uploads")
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "satupintu.core.files.PrivateTemporaryFileUploadHandler",
]
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0

# --- Security -------------------------------------------------------------------------------
HTTPS = env_bool("SATUPINTU_HTTPS", False)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8, minimum=300)
# Sessions live in the database; with Redis they are also kept there (shared by every process,
# so a sign-out counts everywhere at once) and a request reads Redis instead of a table row.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)
SECURE_SSL_REDIRECT = HTTPS and env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SATUPINTU_BEHIND_PROXY", False) else None
)
X_FRAME_OPTIONS = "DENY"

# --- Email ----------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SatuPintu <noreply@satupintu.local>")
if EMAIL_URL.startswith("smtp://"):
    from urllib.parse import urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = _mail.username or ""
    EMAIL_HOST_PASSWORD = _mail.password or ""
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
elif EMAIL_URL in ("", "console://"):
    # Development only (refused by a system check otherwise): prints mail with addresses, codes
    # and links masked.
    EMAIL_BACKEND = "satupintu.core.mail.RedactingConsoleBackend"
elif EMAIL_URL == "file://":
    # Development only: whole messages, codes included, in owner-only files.
    EMAIL_BACKEND = "satupintu.core.mail.PrivateFileBackend"
    EMAIL_FILE_PATH = str(DATA_DIR / "outbox" / "mail")
else:
    raise ImproperlyConfigured(
        "EMAIL_URL must be smtp://user:pass@host:port, console:// or file:// (development)."
    )

# --- Notifications --------------------------------------------------------------------------
# SMS/WhatsApp gateway: "file" appends to DATA_DIR/outbox/sms.jsonl (development), "console"
# logs, "http" POSTs JSON with a bearer token and an Idempotency-Key header.
SMS_GATEWAY = env_choice("SMS_GATEWAY", "file", ("file", "console", "http"))
SMS_GATEWAY_URL = env_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env_str("SMS_GATEWAY_TOKEN", "")
SMS_GATEWAY_TIMEOUT = env_int("SMS_GATEWAY_TIMEOUT", 10, minimum=1)
if SMS_GATEWAY == "http" and not SMS_GATEWAY_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("SMS_GATEWAY=http needs SMS_GATEWAY_URL (http[s]://...).")
NOTIFICATIONS_MAX_ATTEMPTS = env_int("NOTIFICATIONS_MAX_ATTEMPTS", 8, minimum=1)
# Must outlast the slowest send (SMTP and gateway timeouts), or a slow send is sent again.
NOTIFICATIONS_LEASE_SECONDS = env_int("NOTIFICATIONS_LEASE_SECONDS", 300, minimum=1)
# Enqueue a delivery task when a message is committed. Off where a courier
# (`deliver_notifications --loop`) is the one deliverer, as in `make run`.
NOTIFICATIONS_TASK_DELIVERY = env_bool("NOTIFICATIONS_TASK_DELIVERY", True)
# Messages one courier claims per round.
NOTIFICATIONS_BATCH_SIZE = env_int("NOTIFICATIONS_BATCH_SIZE", 50, minimum=1)
# The domain part of e-mail Message-IDs; empty = the domain of DEFAULT_FROM_EMAIL.
NOTIFICATIONS_MESSAGE_ID_DOMAIN = env_str("NOTIFICATIONS_MESSAGE_ID_DOMAIN", "")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_choice("LOG_LEVEL", "INFO", ("DEBUG", "INFO", "WARNING", "ERROR"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "satupintu.core.logging.RedactFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- SatuPintu ------------------------------------------------------------------------------
SITE_NAME = env_str("SATUPINTU_SITE_NAME", "SatuPintu")
OTP_TOTP_ISSUER = SITE_NAME
API_PAGE_SIZE = env_int("SATUPINTU_API_PAGE_SIZE", 50, minimum=1)
# Public address of this deployment, printed in receipts' QR codes and in e-mails.
SITE_URL = env_str("SATUPINTU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
APPLICATION_MAX_UPLOAD_BYTES = env_int("SATUPINTU_MAX_UPLOAD_BYTES", 5 * 1024 * 1024, minimum=1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = APPLICATION_MAX_UPLOAD_BYTES + 1024 * 1024
# Uploaded images with more pixels than this are refused from their header, before decoding.
APPLICATION_MAX_IMAGE_PIXELS = env_int("SATUPINTU_MAX_IMAGE_PIXELS", 40_000_000, minimum=1)
# clamd's unix socket (e.g. /run/clamav/clamd.ctl); empty = no virus scan.
CLAMAV_SOCKET = env_str("CLAMAV_SOCKET", "")
STATUS_CHECK_FAILURES_PER_IP = env_int("STATUS_CHECK_FAILURES_PER_IP", 20, minimum=1)

# --- Complaints (satupintu.complaints) ---------------------------------------------------------
# Default clocks; an agency's ClockPolicy row overrides them. Statutory: calendar days (UU 25/2009);
# operational: working days (SP4N-LAPOR!).
COMPLAINT_FIRST_RESPONSE_DAYS = env_int("COMPLAINT_FIRST_RESPONSE_DAYS", 14, minimum=1)
COMPLAINT_DECISION_DAYS = env_int("COMPLAINT_DECISION_DAYS", 60, minimum=1)
COMPLAINT_COMPLETION_DAYS = env_int("COMPLAINT_COMPLETION_DAYS", 30, minimum=1)
COMPLAINT_VERIFY_WORKING_DAYS = env_int("COMPLAINT_VERIFY_WORKING_DAYS", 3, minimum=1)
COMPLAINT_FOLLOWUP_WORKING_DAYS = env_int("COMPLAINT_FOLLOWUP_WORKING_DAYS", 5, minimum=1)
COMPLAINT_AUTOCLOSE_WORKING_DAYS = env_int("COMPLAINT_AUTOCLOSE_WORKING_DAYS", 10, minimum=1)
COMPLAINT_REMINDER_WORKING_DAYS = env_int("COMPLAINT_REMINDER_WORKING_DAYS", 1, minimum=0)
# The agency (slug) whose complaint liaisons work the coordinator queue of unrouted complaints;
# empty: platform operators (staff) only.
COMPLAINT_COORDINATOR_AGENCY = env_str("COMPLAINT_COORDINATOR_AGENCY", "")
# Complaints one client address may file per hour (web, Open311 POST).
COMPLAINTS_PER_IP = env_int("COMPLAINTS_PER_IP", 10, minimum=1)
# Inbound SMS/WhatsApp gateway: shared HMAC secret (empty disables the webhook) and the
# accepted clock skew of its timestamp.
COMPLAINT_INBOUND_SECRET = env_str("COMPLAINT_INBOUND_SECRET", "")
COMPLAINT_INBOUND_MAX_SKEW_SECONDS = env_int("COMPLAINT_INBOUND_MAX_SKEW_SECONDS", 300, minimum=1)
# The filing form's map pin: a tile URL template with {z}, {x} and {y} (e.g. an own tile server,
# https://tiles.example.go.id/{z}/{x}/{y}.png; {s} in the host is a subdomain "a") and the
# attribution its licence asks for; empty: no map, only the typed address (and two plain
# coordinate fields).
COMPLAINT_MAP_TILE_URL = env_str("COMPLAINT_MAP_TILE_URL", "")
COMPLAINT_MAP_ATTRIBUTION = env_str("COMPLAINT_MAP_ATTRIBUTION", "")
if COMPLAINT_MAP_TILE_URL and not (
    re.fullmatch(r"https?://[A-Za-z0-9.{}\-]+(:\d+)?/\S*", COMPLAINT_MAP_TILE_URL)
    and all(part in COMPLAINT_MAP_TILE_URL for part in ("{z}", "{x}", "{y}"))
):
    raise ImproperlyConfigured(
        "COMPLAINT_MAP_TILE_URL must be an http(s) URL template with {z}, {x} and {y}."
    )
# Open311 POST: accepted API keys (comma-separated); empty refuses every POST.
OPEN311_API_KEYS = env_list("OPEN311_API_KEYS", "")
REGISTRATIONS_PER_IP = env_int("REGISTRATIONS_PER_IP", 10, minimum=1)

# --- Keys -----------------------------------------------------------------------------------
# Ed25519 key that signs ledger seals: base64 of the 32-byte private key, or a file holding it.
LEDGER_SIGNING_KEY = env_str("LEDGER_SIGNING_KEY", "")
LEDGER_SIGNING_KEY_FILE = env_str("LEDGER_SIGNING_KEY_FILE", "")
# Seal a batch after this many seconds or entries, whichever comes first.
LEDGER_SEAL_INTERVAL = env_int("LEDGER_SEAL_INTERVAL", 5, minimum=1)
LEDGER_SEAL_MAX_ENTRIES = env_int("LEDGER_SEAL_MAX_ENTRIES", 10000, minimum=1)
# Field encryption key ring: "id:base64-32-byte-key,id2:..."; the first key encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = env_str("FIELD_ENCRYPTION_KEYS", "")
# Key for the HMAC blind index used for exact-match lookups of encrypted fields.
FIELD_HASH_KEY = env_str("FIELD_HASH_KEY", "")
# Signed outputs (PAdES): the platform's signing key and certificate, as PEM files or as base64
# of the PEM text. An agency signs with its own pair when OUTPUT_SIGNING_AGENCY_DIR holds
# <agency-slug>/key.pem and <agency-slug>/cert.pem (chain.pem optional). Without any, development
# uses the self-signed pair `manage.py generate_signing_cert` writes into DATA_DIR/signing.
OUTPUT_SIGNING_KEY_FILE = env_str("OUTPUT_SIGNING_KEY_FILE", "")
OUTPUT_SIGNING_CERT_FILE = env_str("OUTPUT_SIGNING_CERT_FILE", "")
OUTPUT_SIGNING_KEY = env_str("OUTPUT_SIGNING_KEY", "")
OUTPUT_SIGNING_CERT = env_str("OUTPUT_SIGNING_CERT", "")
OUTPUT_SIGNING_KEY_PASSPHRASE = env_str("OUTPUT_SIGNING_KEY_PASSPHRASE", "")
# Intermediate (and root) certificates embedded beside the signing certificate (PEM file).
OUTPUT_SIGNING_CHAIN_FILE = env_str("OUTPUT_SIGNING_CHAIN_FILE", "")
# The roots a signature is validated against (PEM file; e.g. the BSrE root). Empty in
# development: the generated development root.
OUTPUT_TRUST_ROOTS_FILE = env_str("OUTPUT_TRUST_ROOTS_FILE", "")
OUTPUT_SIGNING_AGENCY_DIR = env_str("OUTPUT_SIGNING_AGENCY_DIR", "")
# Document numbers: {agency_code}, {year}, {month}, {seq} (per agency and year), {kind}.
# Lesson hours (JP) of competency development each officer should reach a year (PP 11/2017
# Pasal 203(4) as amended: at least 20 for PNS).
LEARNING_JP_TARGET = env_int("LEARNING_JP_TARGET", 20, minimum=1)
OUTPUT_NUMBER_PATTERN = env_str("OUTPUT_NUMBER_PATTERN", "{agency_code}/{year}/{seq:06d}")
try:
    _sample_number = OUTPUT_NUMBER_PATTERN.format(
        agency_code="X", year=2026, month=1, seq=1, kind="x"
    )
except (KeyError, IndexError, ValueError) as _exc:
    raise ImproperlyConfigured(f"OUTPUT_NUMBER_PATTERN is not a valid pattern: {_exc}") from _exc
if "{seq" not in OUTPUT_NUMBER_PATTERN or len(_sample_number) > 60:
    raise ImproperlyConfigured(
        "OUTPUT_NUMBER_PATTERN must contain {seq} and stay under 60 characters."
    )
# Verification-page lookups and uploads per address per OUTPUT_VERIFY_WINDOW seconds.
OUTPUT_VERIFY_PER_IP = env_int("OUTPUT_VERIFY_PER_IP", 30, minimum=1)
OUTPUT_VERIFY_WINDOW = env_int("OUTPUT_VERIFY_WINDOW", 600, minimum=1)
# The officer's inbox: a case whose step deadline is this many hours away or less is "due soon";
# rows per page (web and API).
INBOX_DUE_SOON_HOURS = env_int("INBOX_DUE_SOON_HOURS", 24, minimum=1)
INBOX_PAGE_SIZE = env_int("INBOX_PAGE_SIZE", 50, minimum=5)
# Outside development, missing keys are an error (checked in satupintu.core.checks).
DEV_DEFAULTS = DEBUG or env_bool("SATUPINTU_DEV_DEFAULTS", False) or "pytest" in sys.modules
