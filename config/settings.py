"""Tolkportaal settings: everything comes from the environment, with defaults that work on a laptop."""

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from config.env import (
    env_bool,
    env_database,
    env_email,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_time_zone,
    env_url,
)
from config.version import code_version

BASE_DIR = Path(__file__).resolve().parent.parent
# The embedded default's working files: the Celery queue folders, the beat schedule, uploaded files.
VAR_DIR = Path(env_str("TOLK_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])

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
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "accounts",
    "organisations",
    "languages",
    "interpreters",
    "bookings",
    "notifications",
    "webhooks",
    "matching",
    "portal",
    "reporting",
    "billing",
    "api",
    "monitoring",
    "demo",
]

MIDDLEWARE = [
    "config.database_retry.DatabaseRetryMiddleware",  # outermost: a request cut by a database restart runs again
    "django.middleware.security.SecurityMiddleware",
    "config.security.NulPathMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.ApiDocsStylesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "config.security.NoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.security.StaffTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a locked-out login into the lockout page
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "organisations.context_processors.portal",
            ],
        },
    },
]

DATABASES = {"default": env_database("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
EMBEDDED_DATABASE = DATABASES["default"]["ENGINE"].endswith("sqlite3")
# how long a request cut by a lost database connection is run again before it answers 503 (config/database_retry.py)
DATABASE_RETRY_SECONDS = env_int("DATABASE_RETRY_SECONDS", 8)
# The web process, the worker and beat write to one SQLite file: WAL lets readers go on beside the one writer,
# IMMEDIATE takes the write lock when a transaction starts (no "database is locked" when two readers both try
# to write later), and a writer waits up to 20 s for the lock instead of failing at once.
EMBEDDED_SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if EMBEDDED_DATABASE:
    DATABASES["default"]["OPTIONS"] = {**EMBEDDED_SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
# SQLite builds the covering indexes without their INCLUDE columns: nothing to act on
SILENCED_SYSTEM_CHECKS = ["models.W040"] if EMBEDDED_DATABASE else []

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # not a rule: deletes the user's API tokens whenever a new password is saved, by any path
    {"NAME": "api.authentication.RevokeApiTokensOnPasswordChange"},
]
AUTHENTICATION_BACKENDS = ["config.security.LoginThrottleBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("fr", _("Français")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # Belgian dates and numbers per language
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Brussels")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

_email = env_email("EMAIL_URL", "console://")
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email["EMAIL_HOST"]
EMAIL_PORT = _email["EMAIL_PORT"]
EMAIL_HOST_USER = _email["EMAIL_HOST_USER"]
EMAIL_HOST_PASSWORD = _email["EMAIL_HOST_PASSWORD"]
EMAIL_USE_TLS = _email["EMAIL_USE_TLS"]
EMAIL_USE_SSL = _email["EMAIL_USE_SSL"]
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Tolkportaal <tolkportaal@integratie-inburgering.be>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery: Redis when REDIS_URL is set, otherwise kombu's filesystem transport (nothing to install).
REDIS_URL = env_url("REDIS_URL", "filesystem://", ("redis", "rediss", "filesystem"))
CELERY_BROKER_URL = REDIS_URL
# The list pages' kept renderings (config/fragments.py): keyed by what they show, under a prefix that changes with
# the code, so a deploy never serves what older code rendered.
FRAGMENTS = {
    "TIMEOUT": env_int("TOLK_FRAGMENT_SECONDS", 600),
    "KEY_PREFIX": f"fragments-{code_version(BASE_DIR)}",
}
LOCAL_CACHES = {  # each process its own: without Redis, and in the tests
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "OPTIONS": {"MAX_ENTRIES": 2000},
        **FRAGMENTS,
    },
}
CACHES = LOCAL_CACHES
if REDIS_URL.startswith("redis"):
    # Shared by every process and machine: API throttling counts across all of them, and a rendering kept by one
    # web process serves the others. While Redis is down each process counts and keeps on its own
    # (config/cache.py). Short timeouts: a dead Redis costs a request at most a second.
    _redis = {
        "BACKEND": "config.cache.FailSoftRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
    CACHES = {"default": _redis, "template_fragments": {**_redis, **FRAGMENTS}}
# Sessions live in the database alone: a session read from a cache would die with Redis, and one deleted while
# Redis was down (a logout) would come back with it.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
if REDIS_URL.startswith("filesystem"):
    _queue = VAR_DIR / "celery-queue"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "processed_folder": str(VAR_DIR / "celery-processed"),
        "control_folder": str(VAR_DIR / "celery-control"),
        "store_processed": False,
    }
else:
    # Redelivered when a worker dies before acknowledging (acks_late below). Connecting and publishing fail
    # fast when Redis is down (bookings/enqueue.py logs it; the beat sweeps pick the work up later).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# One immediate retry on a new connection: enough for a pooled connection that Redis dropped (a restart), and a
# dead Redis costs a booking a few milliseconds per task instead of half a second (tests/faults measures it).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2}
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TIMEZONE = TIME_ZONE
# One worker process on SQLite: it writes one transaction at a time anyway, and a second only waits for the lock.
CELERY_WORKER_CONCURRENCY = env_int("CELERY_WORKER_CONCURRENCY", 1 if EMBEDDED_DATABASE else 2)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# the queue tasks are sent to and workers read by default: one name per installation sharing a Redis
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# How often beat runs the minute sweeps (offer rounds, reminders, the outbox). Each beat task runs at most once
# in such a period however many beats send it (bookings/periodic.py); the fault suite shortens it.
TOLK_SWEEP_SECONDS = env_int("TOLK_SWEEP_SECONDS", 60)
CELERY_BEAT_SCHEDULE = {
    # billing: price finished jobs; build last quarter's statements and last month's payouts (billing/tasks.py)
    "billing-price-pending-jobs": {"task": "billing.price_pending_jobs", "schedule": 15 * 60.0},
    "billing-build-due-statements": {"task": "billing.build_due_statements", "schedule": 6 * 3600.0},
    # offer rounds: expire offers, start next rounds, escalate what stays unfilled (matching/rounds.py)
    "sweep-offer-rounds": {"task": "bookings.sweep_offer_rounds", "schedule": float(TOLK_SWEEP_SECONDS)},
    # reminders and the outbox: scan for due reminders, (re)send what is due or stuck (notifications/)
    "send-reminders": {"task": "bookings.send_reminders", "schedule": float(TOLK_SWEEP_SECONDS)},
    "flush-outbox": {"task": "bookings.flush_outbox", "schedule": float(TOLK_SWEEP_SECONDS)},
    # personal data past retention (TOLK_RETENTION_MONTHS) is removed once a day (bookings/retention.py)
    "remove-personal-data": {"task": "bookings.remove_personal_data", "schedule": 24 * 3600.0},
    # confirmed jobs whose interpreter's certification lapses before the start, flagged once (matching/certification.py)
    "flag-certification-lapses": {"task": "bookings.flag_certification_lapses", "schedule": 24 * 3600.0},
    # webhooks: (re)send the deliveries that are due, in order per booking (webhooks/outbox.py)
    "flush-webhooks": {"task": "webhooks.flush_webhooks", "schedule": 60.0},
    # timesheets left unanswered for TOLK_TIMESHEET_APPROVAL_DAYS are approved (bookings/timesheet_approval.py)
    "auto-approve-timesheets": {"task": "bookings.auto_approve_timesheets", "schedule": 3600.0},
    # API: forget Idempotency-Keys older than 48 hours (api/tasks.py)
    "purge-idempotency-keys": {"task": "api.purge_idempotency_keys", "schedule": 3600.0},
}
# every other task is in a tasks.py, which Celery finds by itself
CELERY_IMPORTS = ["bookings.retention", "bookings.timesheet_approval"]

# Webhooks (webhooks/): only https endpoints on public addresses, unless this is on (DEBUG, the tests): then plain
# http to localhost and private addresses too. The first retry after this many seconds, doubling (with jitter).
TOLK_WEBHOOKS_ALLOW_LOCAL = env_bool("TOLK_WEBHOOKS_ALLOW_LOCAL", DEBUG)
TOLK_WEBHOOK_RETRY_SECONDS = env_int("TOLK_WEBHOOK_RETRY_SECONDS", 10)
TOLK_WEBHOOK_TIMEOUT_SECONDS = env_int("TOLK_WEBHOOK_TIMEOUT_SECONDS", 10)

TOLK_API_TOKEN_DAYS = env_int("TOLK_API_TOKEN_DAYS", 30)  # an API token expires this long after it was issued
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.ExpiringTokenAuthentication",  # TOLK_API_TOKEN_DAYS; a new password revokes
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # DRF's three parsers (others answer 415); ours turns any unreadable JSON into a 400 (api/parsers.py)
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # per token (user) and per address (anonymous: the login); 429 with Retry-After beyond these
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_rate("API_THROTTLE_USER", "1000/hour"),
        "anon": env_rate("API_THROTTLE_ANON", "100/hour"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tolkportaal API",
    "DESCRIPTION": (
        "Book social interpreters and translators; offers, calendar and reports.\n\n"
        "Log in with `POST /api/v1/token/` and send `Authorization: Token <token>`. A token expires "
        f"{TOLK_API_TOKEN_DAYS} days after it was issued, and at once when the user's password changes: the API "
        "then answers 401 and the client renews it by posting its username and password to `/api/v1/token/` "
        "again. What a caller sees depends on "
        "its role (`GET /api/v1/me/`): a requester its organisations' bookings, an interpreter its jobs and offers, "
        "staff everything. An object the caller may not see answers 404, an action its role may not take 403, bad "
        "input 400 with a list of messages per field. Lists come in pages of 50 (`?page=`). A POST may carry an "
        "`Idempotency-Key`: a repeat gets the first answer, the same key with another body 422. Requests are "
        "throttled per token (429 with `Retry-After`)."
    ),
    "VERSION": "1.0.0",
    # 3.1: the first version with `webhooks`, which describe what the requesters' own systems receive
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # mode, mode_2 and mode_3 share one choice set: one enum in the schema.
    "ENUM_NAME_OVERRIDES": {"ModeEnum": "interpreters.models.Mode", "KindEnum": "bookings.models.Kind"},
    # the bodies and headers of the deliveries to the requesters' own systems (webhooks/, OpenAPI 3.1 `webhooks`)
    "WEBHOOKS": "api.schema.WEBHOOKS",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.document_unsupported_media_type",
    ],
    # Swagger UI and Redoc served from drf-spectacular-sidecar's static files: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Billing: VAT rate in percent on requester statements (0: exempt, "Vrijgesteld van btw — art. 44 §2 WBTW").
BILLING_VAT_RATE = env_str("BILLING_VAT_RATE", "0")
BILLING_PAYMENT_DAYS = env_int("BILLING_PAYMENT_DAYS", 30)

# Booking rules (design.md "Defaults"): changeable without code.
TOLK_CANDIDATES_PER_ROUND = env_int("TOLK_CANDIDATES_PER_ROUND", 3)
# bookings waiting for their first round that one match task takes together, in one transaction (matching/rounds.py);
# fewer on SQLite, where that transaction holds the one write lock and the web's writes wait behind it
TOLK_MATCH_BATCH = env_int("TOLK_MATCH_BATCH", 5 if EMBEDDED_DATABASE else 50)
TOLK_FREE_CANCELLATION_HOURS = env_int("TOLK_FREE_CANCELLATION_HOURS", 24)
TOLK_AT_RISK_HOURS = env_int("TOLK_AT_RISK_HOURS", 48)
TOLK_UNFILLED_ON_SITE_MINUTES = env_int("TOLK_UNFILLED_ON_SITE_MINUTES", 120)
TOLK_UNFILLED_REMOTE_MINUTES = env_int("TOLK_UNFILLED_REMOTE_MINUTES", 15)
TOLK_TRAVEL_BUFFER_MINUTES = env_int("TOLK_TRAVEL_BUFFER_MINUTES", 15)
TOLK_TRAVEL_SPEED_KMH = env_int("TOLK_TRAVEL_SPEED_KMH", 50)
TOLK_REMOTE_BUFFER_MINUTES = env_int("TOLK_REMOTE_BUFFER_MINUTES", 10)
TOLK_VIDEO_BASE_URL = env_str("TOLK_VIDEO_BASE_URL", "https://meet.jit.si/")  # video jobs meet in a room made here
TOLK_NOTICE_WORKING_DAYS = env_int("TOLK_NOTICE_WORKING_DAYS", 2)
# "Nu een tolk" (matching/immediate.py): waves of this many present interpreters, each open this many seconds,
# until nobody accepted within the give-up time (then unfilled); the job lasts this long unless asked otherwise
TOLK_IMMEDIATE_WAVE_SIZE = env_int("TOLK_IMMEDIATE_WAVE_SIZE", 3)
TOLK_IMMEDIATE_WAVE_SECONDS = env_int("TOLK_IMMEDIATE_WAVE_SECONDS", 30)
TOLK_IMMEDIATE_GIVE_UP_SECONDS = env_int("TOLK_IMMEDIATE_GIVE_UP_SECONDS", 300)
TOLK_IMMEDIATE_MINUTES = env_int("TOLK_IMMEDIATE_MINUTES", 30)
# a filed timesheet the requester neither approves nor disputes within these working days is approved
TOLK_TIMESHEET_APPROVAL_DAYS = env_int("TOLK_TIMESHEET_APPROVAL_DAYS", 5)
# offer rounds for a start at least this far away last working days, not hours (bookings/policy.py)
TOLK_ROUND_WORKING_DAYS_FROM_HOURS = env_int("TOLK_ROUND_WORKING_DAYS_FROM_HOURS", 14 * 24)
TOLK_ROUND_ANSWER_WORKING_DAYS = env_int("TOLK_ROUND_ANSWER_WORKING_DAYS", 2)  # confirm within
TOLK_NAME_INTERPRETER_WORKING_DAYS = env_int("TOLK_NAME_INTERPRETER_WORKING_DAYS", 5)  # named this long before
TOLK_BOOKING_HORIZON_DAYS = env_int("TOLK_BOOKING_HORIZON_DAYS", 2 * 365)  # latest start or deadline, ahead
# the outbox waits 1, 2, 4, 8, 16 times this between attempts at a mail (notifications/outbox.py)
TOLK_MAIL_RETRY_SECONDS = env_int("TOLK_MAIL_RETRY_SECONDS", 60)
# a submitted booking without offers this long missed its match task (a broker outage): the sweep matches it
TOLK_MATCH_STALLED_SECONDS = env_int("TOLK_MATCH_STALLED_SECONDS", 5 * 60)
TOLK_UPLOAD_MAX_BYTES = env_int("TOLK_UPLOAD_MAX_BYTES", 20 * 1024 * 1024)
# Offer round expiry by how far away the start is: (start at least this many hours away, round lasts minutes).
TOLK_ROUND_EXPIRY = [(7 * 24, 24 * 60), (2 * 24, 4 * 60), (24, 60), (0, 15)]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Security (docs/reliability-and-security.md). Login throttling per user and address, and per address (django-axes),
# behind DJANGO_PROXY_COUNT trusted proxies the address comes from X-Forwarded-For.
AXES_VERBOSE = False
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)  # per (username, address) pair
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)  # per address, all usernames (security.py)
AXES_COOLOFF_TIME = env_int("LOGIN_COOLOFF_MINUTES", 15) / 60  # hours
# password reset requests an hour (portal/password_reset.py): per address (then 429), per account (then no mail)
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_ACCOUNT_LIMIT = env_int("PASSWORD_RESET_ACCOUNT_LIMIT", 3)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
TOLK_PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)  # trusted proxies in front that append to X-Forwarded-For
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"
# Two-factor authentication (TOTP) for staff and the admin: config/security.py, accounts/two_factor.py.
TOLK_STAFF_2FA = env_bool("TOLK_STAFF_2FA", True)
OTP_TOTP_ISSUER = "Tolkportaal"
# Content-Security-Policy on every response: scripts and styles only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Behind a proxy that terminates TLS: DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO (the proxy must set it).
_proxy_ssl_header = env_str("DJANGO_SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header, "https") if _proxy_ssl_header else None
# GET /metrics (Prometheus): scraped with `Authorization: Bearer <token>`, or seen by signed-in staff. Empty: no
# token opens it (staff only).
TOLK_METRICS_TOKEN = env_str("TOLK_METRICS_TOKEN", "")
# Personal data: client details and documents are removed this long after a job ends (bookings/retention.py).
TOLK_RETENTION_MONTHS = env_int("TOLK_RETENTION_MONTHS", 12)

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain http behind the TLS proxy
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    if SECRET_KEY.startswith("dev-only"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is false")
