"""The one settings module of Naungan. Everything that differs between machines comes from the
environment (see the README's configuration table); nothing here is edited per deployment."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("NAUNGAN_VAR_DIR", BASE_DIR / "var"))

DEMO_SECRET_KEY = "naungan-demo-secret-key-not-for-production"
# Demo keys for sealed identities: they only protect demo data. Production must set its own.
DEMO_FIELD_KEY = "bmF1bmdhbi1kZW1vLWZpZWxkLWtleS0zMi1ieXRlcyE="
DEMO_BLIND_INDEX_KEY = "naungan-demo-blind-index-key"
DEMO_PIN_KEY = "naungan-demo-pin-key"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


NAUNGAN_ENV = os.environ.get("NAUNGAN_ENV", "demo").strip().lower()
if NAUNGAN_ENV not in {"demo", "production"}:
    raise ImproperlyConfigured("NAUNGAN_ENV must be 'demo' or 'production'.")
PRODUCTION = NAUNGAN_ENV == "production"
DEMO_MODE = not PRODUCTION

SECRET_KEY = os.environ.get("SECRET_KEY", DEMO_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)

FIELD_ENCRYPTION_KEYS = [
    k.strip() for k in os.environ.get("NAUNGAN_FIELD_KEYS", DEMO_FIELD_KEY).split(",") if k.strip()
]
BLIND_INDEX_KEY = os.environ.get("NAUNGAN_BLIND_INDEX_KEY", DEMO_BLIND_INDEX_KEY)
# While `rotate_blind_index_key` runs, the previous key(s) stay here so search still finds rows
# that are not re-indexed yet; remove them when it has finished.
BLIND_INDEX_OLD_KEYS = [k.strip() for k in os.environ.get("NAUNGAN_BLIND_INDEX_OLD_KEYS", "").split(",") if k.strip()]
# HMAC keys of the public reporters' tracking PINs: the first hashes, every key verifies (a PIN
# checked under an older key is re-hashed under the first), so the key can rotate.
PIN_KEYS = [k.strip() for k in os.environ.get("NAUNGAN_PIN_KEYS", DEMO_PIN_KEY).split(",") if k.strip()]

if PRODUCTION:
    problems = []
    if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        problems.append("SECRET_KEY is the demo key or shorter than 50 characters")
    if DEBUG:
        problems.append("DEBUG is on")
    if not FIELD_ENCRYPTION_KEYS or DEMO_FIELD_KEY in FIELD_ENCRYPTION_KEYS:
        problems.append("NAUNGAN_FIELD_KEYS is unset or holds the demo key")
    if BLIND_INDEX_KEY == DEMO_BLIND_INDEX_KEY:
        problems.append("NAUNGAN_BLIND_INDEX_KEY is the demo key")
    if not PIN_KEYS or DEMO_PIN_KEY in PIN_KEYS or min(len(k) for k in PIN_KEYS) < 32:
        problems.append("NAUNGAN_PIN_KEYS is unset, holds the demo key or a key shorter than 32 characters")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        problems.append("DATABASE_URL is not a PostgreSQL database")
    if problems:
        raise ImproperlyConfigured("Refusing to start in production: " + "; ".join(problems) + ".")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_guid",
    "naungan.core",
    "naungan.regions",
    "naungan.catalogues",
    "naungan.accounts",
    "naungan.audit",
    "naungan.cases",
    "naungan.services",
    "naungan.reporting",
    "naungan.stats",
    "naungan.kla",
    "naungan.prevention",
    "naungan.privacy",
    "naungan.ops",
    "naungan.whatsapp",
    "naungan.push",
    "naungan.field",
    "naungan.transfers",
    "naungan.alerts",
    "naungan.families",
    "naungan.survivor",
    "naungan.web",  # the shell on top: navigation, home page, error pages, demo loader, periodic tasks
]

MIDDLEWARE = [
    "django_guid.middleware.guid_middleware",  # request id for the logs (X-Request-ID in, out)
    "naungan.ops.middleware.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "naungan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "naungan.accounts.middleware.IdleTimeoutMiddleware",
    "naungan.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "naungan.core.middleware.RequestOriginMiddleware",
    "naungan.core.middleware.NoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "naungan.config.urls"
WSGI_APPLICATION = "naungan.config.wsgi.application"

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
                "naungan.web.context_processors.naungan",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_sqlite = f"sqlite:///{VAR_DIR / 'naungan.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _default_sqlite), conn_max_age=int(os.environ.get("NAUNGAN_CONN_MAX_AGE", "60")))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Django's backend, with statements refused for the write lock tried again (NAUNGAN_SQLITE_LOCK_WAIT).
    DATABASES["default"]["ENGINE"] = "naungan.core.sqlite"
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers work while one writer writes; IMMEDIATE takes the write lock at the
        # start of a transaction so two writers queue instead of failing half-way. The busy
        # timeout comes first: switching a new file to WAL needs the lock too.
        "init_command": f"PRAGMA busy_timeout={int(os.environ.get('NAUNGAN_SQLITE_BUSY_MS', '10000'))}; PRAGMA journal_mode=WAL; "
                        "PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
    }
    # Tests run on a file in WAL mode, as production does, not on a shared in-memory database: with
    # an in-memory database Django's live server hands every request thread the test thread's one
    # connection, so two requests at once (a page and its favicon) or a request beside the test's own
    # query broke each other's transaction ("OperationalError" at BEGIN, seen as a flaky browser test).
    # One file per test process (pytest-xdist adds _gw0, _gw1 …), in memory-backed /dev/shm where
    # there is one (on disk the suite waited on writes: 4× slower); Django deletes it after the run.
    _shm = "/dev/shm"  # noqa: S108 - the throwaway test database only (demo data, deleted after the run)
    _test_dir = _shm if os.access(_shm, os.W_OK) else tempfile.gettempdir()
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get(
        "NAUNGAN_TEST_SQLITE", str(Path(_test_dir) / f"naungan-test-{os.getpid()}.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if env_bool("NAUNGAN_FAST_PASSWORD_HASHER", False):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Lockout after repeated failed logins (django-axes): per username and per client address.
AXES_FAILURE_LIMIT = int(os.environ.get("NAUNGAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("NAUNGAN_LOGIN_COOLOFF_HOURS", "0.5"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "naungan.core.clientip.axes_ip"

# The client address (rate limits, lockout, audit origin): naungan/core/clientip.py. Headers are
# believed only from these proxy addresses/networks (production behind nginx: 127.0.0.1,::1).
NAUNGAN_TRUSTED_PROXIES = [p.strip() for p in os.environ.get("NAUNGAN_TRUSTED_PROXIES", "").split(",") if p.strip()]
NAUNGAN_PROXY_COUNT = int(os.environ.get("NAUNGAN_PROXY_COUNT", "0"))
NAUNGAN_CLIENT_IP_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP")
RATELIMIT_IP_META_KEY = "naungan.core.clientip.ratelimit_ip"

# Two-factor: required in production for every role that can see identities.
NAUNGAN_REQUIRE_2FA = env_bool("NAUNGAN_REQUIRE_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "Naungan"

# Sessions end after inactivity.
SESSION_IDLE_TIMEOUT_SECONDS = int(os.environ.get("NAUNGAN_SESSION_IDLE_MINUTES", "30")) * 60
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "naungan.web.views.csrf_failure"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # Behind the reverse proxy (deploy/nginx/naungan.conf), which terminates HTTPS and sets
    # X-Forwarded-Proto; gunicorn listens on loopback only, so nobody else can set that header.
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz/?$"]  # the proxy and monitors probe it on loopback

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "naungan.core.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "token": "10/minute"},
    "EXCEPTION_HANDLER": "naungan.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Naungan API",
    "DESCRIPTION": "Perlindungan perempuan dan anak — API Naungan (v1).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from this server (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name get a stable name of their own (else a deploy warning).
    "ENUM_NAME_OVERRIDES": {
        "RightStatusEnum": "naungan.services.models.RightStatus",
        "DataSubjectRequestKindEnum": "naungan.privacy.models.RequestKind",
        "DataSubjectRequestStatusEnum": "naungan.privacy.models.RequestStatus",
    },
}

# --- Background tasks -----------------------------------------------------------------------
TASKS = {"default": {"BACKEND": os.environ.get("NAUNGAN_TASK_BACKEND", "django_tasks_db.DatabaseBackend")}}

# --- Reach: WhatsApp channel and Web Push (each off unless configured) ----------------------
WHATSAPP = {
    "TOKEN": os.environ.get("NAUNGAN_WHATSAPP_TOKEN", ""),
    "APP_SECRET": os.environ.get("NAUNGAN_WHATSAPP_APP_SECRET", ""),
    "VERIFY_TOKEN": os.environ.get("NAUNGAN_WHATSAPP_VERIFY_TOKEN", ""),
    # phone_number_id:city_code pairs, comma-separated: which city's reports a business number takes
    "PHONE_NUMBERS": os.environ.get("NAUNGAN_WHATSAPP_PHONE_NUMBERS", ""),
    "API_URL": os.environ.get("NAUNGAN_WHATSAPP_API_URL", "https://graph.facebook.com/v21.0"),
}
WEBPUSH = {
    "PUBLIC_KEY": os.environ.get("NAUNGAN_VAPID_PUBLIC_KEY", ""),
    "PRIVATE_KEY": os.environ.get("NAUNGAN_VAPID_PRIVATE_KEY", ""),
    "SUBJECT": os.environ.get("NAUNGAN_VAPID_SUBJECT", ""),
}

# --- Cache (rate limits, lockout) -----------------------------------------------------------
# The demo keeps its counters in the database (nothing else to install). Production should use
# Redis (NAUNGAN_CACHE_URL=redis://127.0.0.1:6379/0): its increments are atomic, which rate
# limits and lockout counters need; `check --deploy` warns when production runs without it.
CACHE_URL = os.environ.get("NAUNGAN_CACHE_URL", "").strip()
if CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL, "KEY_PREFIX": "naungan"}}
elif CACHE_URL in ("", "db://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "naungan_cache"}}
else:
    raise ImproperlyConfigured("NAUNGAN_CACHE_URL must be redis://host:port/db, rediss://…, unix://… or db://.")
RATELIMIT_USE_CACHE = "default"
# Public portal limits ("<count>/<period>", period s, m, h, d or e.g. 10m). Raise them only for a
# load test: they are what stops a flood of fake reports and PIN guessing.
PORTAL_SUBMIT_RATE_PER_CLIENT = os.environ.get("NAUNGAN_PORTAL_SUBMIT_RATE", "10/10m")
PORTAL_SUBMIT_RATE_GLOBAL = os.environ.get("NAUNGAN_PORTAL_SUBMIT_RATE_GLOBAL", "600/h")
PORTAL_STATUS_RATE_PER_CLIENT = os.environ.get("NAUNGAN_PORTAL_STATUS_RATE", "20/10m")
# Above the submit limits a report needs a solved proof-of-work challenge (ALTCHA) instead of being
# refused; this is its cost (PBKDF2 iterations per try: ~1–2 s on a cheap phone at the default).
PORTAL_CHALLENGE_COST = int(os.environ.get("NAUNGAN_PORTAL_CHALLENGE_COST", "5000"))

# --- I18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    ("vendor/chartjs", BASE_DIR / "node_modules" / "chart.js" / "dist"),
    ("vendor/pico", BASE_DIR / "node_modules" / "@picocss" / "pico" / "css"),
    ("vendor/idb", BASE_DIR / "node_modules" / "idb" / "build"),
    ("vendor/altcha", BASE_DIR / "node_modules" / "altcha" / "dist" / "external"),
    ("vendor/altcha-workers", BASE_DIR / "node_modules" / "altcha" / "dist" / "workers"),
]
STATICFILES_DIRS = [d for d in STATICFILES_DIRS if d[1].exists()]
# WhiteNoise serves the collected files (compressed, content-hashed names, cached for a year) from
# the same WSGI server; `make run` and the deploy steps run `collectstatic` first.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Evidence and attachments live outside any web root and are served only through scoped views.
PROTECTED_MEDIA_ROOT = Path(os.environ.get("NAUNGAN_PROTECTED_MEDIA", VAR_DIR / "protected"))
MEDIA_ROOT = PROTECTED_MEDIA_ROOT
MAX_ATTACHMENT_BYTES = int(os.environ.get("NAUNGAN_MAX_ATTACHMENT_MB", "10")) * 1024 * 1024
# Public figures are cached at most this long (and dropped as soon as a city's aggregates change).
PUBLIC_FIGURES_TTL = int(os.environ.get("NAUNGAN_PUBLIC_FIGURES_TTL", "300"))
# An export file can be downloaded for this many hours after it was made; then it is deleted.
EXPORT_FILE_HOURS = int(os.environ.get("NAUNGAN_EXPORT_FILE_HOURS", "24"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEMO_MODE else "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "naungan@localhost")

# --- Logging: one JSON object per line in production, with a request id; never request bodies,
# query strings, identities or exception messages (naungan/ops/logs.py) -------------------------
LOG_FORMAT = os.environ.get("NAUNGAN_LOG_FORMAT", "json" if PRODUCTION else "text")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured("NAUNGAN_LOG_FORMAT must be 'json' or 'text'.")
DJANGO_GUID = {"GUID_HEADER_NAME": "X-Request-ID", "VALIDATE_GUID": True, "RETURN_HEADER": True, "EXPOSE_HEADER": False}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "django_guid.log_filters.CorrelationId", "correlation_id_field": "request_id"},
        "privacy": {"()": "naungan.ops.logs.PrivacyFilter"},
    },
    "formatters": {
        "json": {"()": "naungan.ops.logs.JsonFormatter"},
        "text": {"()": "naungan.ops.logs.TextFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id", "privacy"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own handlers (console in DEBUG, mail to admins) are replaced by the one above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
        # SQL with its parameters is never logged, whatever LOG_LEVEL says.
        "django.db.backends": {"level": "WARNING"},
        "django_guid": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# --- Health (/healthz) ----------------------------------------------------------------------
# A task must have finished within this many minutes (the reminder timer enqueues one every 15).
HEALTH_WORKER_MINUTES = int(os.environ.get("NAUNGAN_HEALTH_WORKER_MINUTES", "30"))
# A queued task waiting longer than this means the worker is stuck or too slow.
HEALTH_BACKLOG_MINUTES = int(os.environ.get("NAUNGAN_HEALTH_BACKLOG_MINUTES", "30"))
# Monitors that send `Authorization: Bearer <token>` get each check's error message too.
HEALTH_TOKEN = os.environ.get("NAUNGAN_HEALTH_TOKEN", "")

# --- Backup ---------------------------------------------------------------------------------
# Public age key(s) backups are encrypted to; the private key stays off the server (README: Backup).
BACKUP_RECIPIENTS = [r.strip() for r in os.environ.get("NAUNGAN_BACKUP_RECIPIENTS", "").split(",") if r.strip()]
BACKUP_DIR = Path(os.environ.get("NAUNGAN_BACKUP_DIR", VAR_DIR / "backups"))
BACKUP_KEEP = int(os.environ.get("NAUNGAN_BACKUP_KEEP", "14"))
