"""Django settings for motcua. Every knob comes from the environment: see docs/configuration.md."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import dj_database_url
import structlog
from django.core.exceptions import ImproperlyConfigured

from motcua.core.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("MOTCUA_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("MOTCUA_DEBUG", False)
TESTING = "pytest" in sys.modules or env_bool("MOTCUA_TESTING", False)
SECRET_KEY = env_secret(
    "MOTCUA_SECRET_KEY",
    required=not (DEBUG or TESTING),
    fallback="insecure-development-key-only-for-MOTCUA_DEBUG",
)
ALLOWED_HOSTS = env_list(
    "MOTCUA_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] + (["testserver"] if TESTING else [])
)
CSRF_TRUSTED_ORIGINS = env_list("MOTCUA_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "motcua.core",
    "motcua.geo",
    "motcua.org",
    "motcua.catalog",
    "motcua.authority",
    "motcua.oversight",
    "motcua.workdays",
    "motcua.integrations",
    "motcua.dossiers",
    "motcua.metrics",
    "motcua.api",
    "motcua.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "motcua.core.middleware.RequestLogMiddleware",
]

ROOT_URLCONF = "motcua.urls"
WSGI_APPLICATION = "motcua.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
(VAR_DIR / "static").mkdir(exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'motcua.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("MOTCUA_DB_CONN_MAX_AGE", 60))
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE transactions take the write lock at
    # BEGIN so concurrent writers queue on the busy timeout instead of failing mid-transaction.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("MOTCUA_SQLITE_BUSY_TIMEOUT", 30),
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;PRAGMA busy_timeout=30000;"
        ),
    }
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}

# Cache: "local" (per process, the default) or "database" (one table shared by every server
# process; `motcua setup` creates it). The public lookup's rate limit counts here.
MOTCUA_CACHE = env_str("MOTCUA_CACHE", "local")
if MOTCUA_CACHE == "database":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "motcua_cache"}}
elif MOTCUA_CACHE != "local":
    raise ImproperlyConfigured(f"MOTCUA_CACHE must be 'local' or 'database', not {MOTCUA_CACHE!r}")
# The dossier action path prepares its few hot statements on PostgreSQL (motcua.core.rows). Turn
# off behind a pooler that cannot carry prepared statements (PgBouncer in transaction mode
# before 1.21, or without max_prepared_statements).
MOTCUA_DB_PREPARED_STATEMENTS = env_bool("MOTCUA_DB_PREPARED_STATEMENTS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------
AUTH_USER_MODEL = "org.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Fast hashing in tests only (STYLE.md §6); production always hashes with Argon2.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# --- Internationalisation --------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "motcua" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["motcua.formats"]

# --- Static files (installed from the npm registry into node_modules, never committed) ---
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [("vendor", BASE_DIR / "node_modules")] if (BASE_DIR / "node_modules").exists() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = VAR_DIR / "media"

# --- Security -------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("MOTCUA_SECURE_COOKIES", not DEBUG and not TESTING)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# --- Background tasks (django-tasks with its database backend: works on both databases) --
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.backend.DatabaseBackend",
    }
}

# --- Logging: structured (JSON in production, readable in a terminal when debugging) --------
LOG_LEVEL = env_str("MOTCUA_LOG_LEVEL", "INFO")
LOG_FORMAT = env_str("MOTCUA_LOG_FORMAT", "console" if DEBUG else "json")
_pre_chain: list[Any] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "structured": {
            "()": structlog.stdlib.ProcessorFormatter,
            "processor": (
                structlog.processors.JSONRenderer(ensure_ascii=False)
                if LOG_FORMAT == "json"
                else structlog.dev.ConsoleRenderer(colors=False)
            ),
            "foreign_pre_chain": _pre_chain,
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "structured"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}
structlog.configure(
    processors=[*_pre_chain, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
    logger_factory=structlog.stdlib.LoggerFactory(),
    wrapper_class=structlog.stdlib.BoundLogger,
    cache_logger_on_first_use=True,
)

# --- motcua -----------------------------------------------------------------------------
MOTCUA_DEMO_PASSWORD = env_str("MOTCUA_DEMO_PASSWORD", "motcua-demo-2025")
MOTCUA_API_TOKEN_DEFAULT_DAYS = env_int("MOTCUA_API_TOKEN_DEFAULT_DAYS", 30)

# --- Integrations: outbox, worker, e-mail, SMS, National Public Service Portal ------------
# Off by default (STYLE.md §7); a switched-on integration without its settings fails the
# system checks at start-up (motcua/integrations/checks.py).
_EMAIL_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
}
_email_backend = env_str("MOTCUA_EMAIL_BACKEND", "console" if DEBUG else "smtp")
EMAIL_BACKEND = _EMAIL_BACKENDS.get(_email_backend, _email_backend)
EMAIL_HOST = env_str("MOTCUA_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("MOTCUA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("MOTCUA_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("MOTCUA_EMAIL_HOST_PASSWORD", required=False, fallback="")
EMAIL_USE_TLS = env_bool("MOTCUA_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("MOTCUA_EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("MOTCUA_EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("MOTCUA_EMAIL_FROM", "motcua <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MOTCUA_SMS_BACKEND = env_str("MOTCUA_SMS_BACKEND", "log")
MOTCUA_SMS_URL = env_str("MOTCUA_SMS_URL", "")
MOTCUA_SMS_TOKEN = env_secret("MOTCUA_SMS_TOKEN", required=False, fallback="")
MOTCUA_PORTAL_URL = env_str("MOTCUA_PORTAL_URL", "")
# Decision 766 indicator 1.4: a submission's status synced to the Portal within this many minutes is "in real time".
MOTCUA_PORTAL_SYNC_IN_TIME_MINUTES = env_int("MOTCUA_PORTAL_SYNC_IN_TIME_MINUTES", 5)
MOTCUA_PORTAL_TOKEN = env_secret("MOTCUA_PORTAL_TOKEN", required=False, fallback="")
MOTCUA_HTTP_TIMEOUT = env_int("MOTCUA_HTTP_TIMEOUT", 10)
MOTCUA_OUTBOX_MAX_ATTEMPTS = env_int("MOTCUA_OUTBOX_MAX_ATTEMPTS", 16)
MOTCUA_OUTBOX_BACKOFF_BASE = env_int("MOTCUA_OUTBOX_BACKOFF_BASE", 30)
MOTCUA_OUTBOX_BACKOFF_MAX = env_int("MOTCUA_OUTBOX_BACKOFF_MAX", 6 * 3600)
MOTCUA_OUTBOX_LEASE = env_int("MOTCUA_OUTBOX_LEASE", 300)
MOTCUA_WORKER_INTERVAL = env_int("MOTCUA_WORKER_INTERVAL", 2)
MOTCUA_OUTBOX_KEEP_DAYS = env_int("MOTCUA_OUTBOX_KEEP_DAYS", 400)
# Ed25519 key (PEM) that signs e-results; generated under var/ in development only.
MOTCUA_SIGNING_KEY_FILE = env_str("MOTCUA_SIGNING_KEY_FILE", "")
