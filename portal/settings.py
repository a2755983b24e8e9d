"""Settings for Yhdessä. Environments differ only in their environment variables (.env.example)."""

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal import embedded_db
from portal.lib.cache import redis_cache
from portal.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = embedded_db.DATA_DIR

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is false.")
    SECRET_KEY = "development-only-secret-key-not-for-production-use-0123456789"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Map tiles: a tile server URL template ({s}, {z}, {x}, {y}) and its attribution. Empty: no map,
# the list of results still works (tests and development never reach outside the machine).
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_filters",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "portal",
    "accounts",
    "areas",
    "taxonomy",
    "organisations",
    "notifications",
    "search",
    "meetingplaces",
    "forums",
    "bodies",
    "signups",
    "units",
    "guidance",
    "attendance",
    "knowledge",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The open data API's rate limit, CORS, ETag and Cache-Control (paths under /api/ only).
    "api.middleware.ApiMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "accounts.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded PostgreSQL under .data/ (portal/embedded_db.py).
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or embedded_db.url(),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DATABASES["default"].setdefault("OPTIONS", {})
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: REDIS_URL for the Celery broker and REDIS_CACHE_URL (by default REDIS_URL's next database)
# for the cache; without REDIS_URL an embedded broker on the file system (kombu's filesystem
# transport) and a per-process cache.
# A Redis that is down or hangs never breaks a page: every client has short socket timeouts and
# no retries, cache errors are misses (portal/lib/cache.py), a task that cannot be queued is
# logged (portal/celery.py), and /healthz says what is down.
REDIS_URL = env_str("REDIS_URL")


def next_redis_database(url: str) -> str:
    """The same Redis server's next database (redis://host:6379/0 -> .../1; 15 -> 0)."""
    parts = urlsplit(url)
    number = parts.path.strip("/") or "0"
    return urlunsplit(parts._replace(path=f"/{(int(number) + 1) % 16}"))


# The cache in a database of its own, so that nothing done to the cache (a clear(), an eviction
# under maxmemory) touches Celery's queue in REDIS_URL's database.
REDIS_CACHE_URL = env_str("REDIS_CACHE_URL") or (
    next_redis_database(REDIS_URL) if REDIS_URL else ""
)
REDIS_TIMEOUT_SECONDS = 0.5  # cache and health check: one Redis call never waits longer
BROKER_TIMEOUT_SECONDS = 1.0  # queueing a task from a page
# The file-system broker's folder: one per test process (tests/conftest.py), so neither another
# test process nor a portal.run on the same data folder takes the tests' tasks.
BROKER_DIR = Path(env_str("YHDESSA_BROKER_DIR") or DATA_DIR / "broker")
REDIS_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
    "visibility_timeout": 3600,
}

# The folders of the embedded filesystem broker (used without Redis).
BROKER_FOLDERS: dict[str, str] = {
    "data_folder_in": str(BROKER_DIR / "queue"),
    "data_folder_out": str(BROKER_DIR / "queue"),
    "processed_folder": str(BROKER_DIR / "processed"),
    "control_folder": str(BROKER_DIR / "control"),
}

if REDIS_URL:
    CACHES = {
        "default": redis_cache(
            REDIS_CACHE_URL,
            key_prefix=env_str("CACHE_KEY_PREFIX", "yhdessa"),
            timeout=REDIS_TIMEOUT_SECONDS,
        )
    }
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = REDIS_BROKER_TRANSPORT_OPTIONS
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {**BROKER_FOLDERS, "store_processed": False}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
# The queue tasks go to and workers take from (the tests give each xdist worker its own).
CELERY_TASK_DEFAULT_QUEUE = env_str("YHDESSA_TASK_QUEUE", "celery")
# A page that queues a task tries once more at once, then gives up (portal/celery.py logs it).
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Europe/Helsinki"
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Static schedule: exactly one beat process reads it (no database scheduler).
# Nothing runs between 03:00 and 04:00 Helsinki time (CELERY_TIMEZONE): that hour is skipped
# or happens twice on DST weekends, and crontab has a history of DST bugs there
# (shared/reference/reliability-anchors.md §4.1). Interval ("every N seconds") entries would
# drift into that hour, so every entry is a crontab whose hours leave it out.
OUTSIDE_3_TO_4 = "0-2,4-23"
CELERY_BEAT_SCHEDULE: dict = {
    "worker-heartbeat": {
        "task": "portal.tasks.worker_heartbeat",
        "schedule": crontab(minute="*", hour=OUTSIDE_3_TO_4),
    },
    # Monthly at 09:00: each organisation hears within a month of going stale (12 months
    # unconfirmed), and the claim on freshness_reminder_sent_at keeps it to once a year.
    "organisations-freshness-reminders": {
        "task": "organisations.tasks.send_freshness_reminders",
        "schedule": crontab(minute=0, hour=9, day_of_month=1),
    },
    # Occurrences of repeating activities reach a year ahead again (meetingplaces.services).
    "meetingplaces-extend-occurrences": {
        "task": "meetingplaces.tasks.extend_occurrences",
        "schedule": crontab(minute=30, hour=2),
    },
    # Daily at 08:00: reminders of action items due in a week or overdue (bodies.services);
    # each reminder is claimed by its unique key, so a second sweep sends nothing.
    "bodies-action-reminders": {
        "task": "bodies.tasks.send_action_reminders",
        "schedule": crontab(minute=0, hour=8),
    },
    # E-mails still unsent 10 minutes after they were queued (notifications.services).
    "notifications-send-pending": {
        "task": "notifications.tasks.send_pending_emails",
        "schedule": crontab(minute="*/10", hour=OUTSIDE_3_TO_4),
    },
    # Due sign-up reminders, claimed once each (signups/reminders.py); it catches up on
    # everything overdue, so the quiet hour only delays reminders due in it.
    "signups-sweep-reminders": {
        "task": "signups.tasks.sweep_reminders",
        "schedule": crontab(minute="*/5", hour=OUTSIDE_3_TO_4),
    },
    # Personal data of sign-ups 30 days after the occurrence (idempotent).
    "signups-erase-old": {
        "task": "signups.tasks.erase_old_signups",
        "schedule": crontab(minute=15, hour=4),
    },
}
# Guidance: contact requests' personal data once closed or 60 days old, expired short links
# and addresses typed once (guidance.services), idempotent; hourly, so a closed request that
# missed its own erase goes within the hour.
CELERY_BEAT_SCHEDULE["guidance-erase"] = {
    "task": "guidance.tasks.erase",
    "schedule": crontab(minute=25, hour=OUTSIDE_3_TO_4),
}
# Daily at 09:00: months of the dates just passed, the one reminder of a date without
# figures (claimed per date), and who came erased with the sign-ups' rule (attendance).
CELERY_BEAT_SCHEDULE["attendance-daily"] = {
    "task": "attendance.tasks.attendance_daily",
    "schedule": crontab(minute=0, hour=9),
}
# The knowledge page's aggregate rows of every welfare area (knowledge.services), hourly; and
# the digests of searched words fewer than five asked, removed once their day is over.
CELERY_BEAT_SCHEDULE["knowledge-refresh-figures"] = {
    "task": "knowledge.tasks.refresh_figures",
    "schedule": crontab(minute=20, hour=OUTSIDE_3_TO_4),
}
CELERY_BEAT_SCHEDULE["knowledge-prune-search-terms"] = {
    "task": "knowledge.tasks.prune_search_terms",
    "schedule": crontab(minute=40, hour=4),
}
# Search entries' next occurrence moves on once it has started (meetingplaces.search).
CELERY_BEAT_SCHEDULE["meetingplaces-search-next-at"] = {
    "task": "meetingplaces.tasks.advance_search_next_at",
    "schedule": crontab(minute=5, hour=OUTSIDE_3_TO_4),
}

# Accounts
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
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
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Yhdessä: "
# Five wrong passwords for an address stop password sign-in to it for five minutes, whoever
# typed them; its owner still gets in with a one-time code sent to the address (three tries per
# code, five minutes), which an attacker never sees.
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 300
ACCOUNT_RATE_LIMITS = {
    "login_failed": "20/5m/ip,5/5m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "login": "30/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Reverse proxies in front of the portal. None unless the deployment says so: with none, the
# client address is the connection's own and X-Forwarded-For (anyone can send one) is ignored;
# behind N proxies it is the N-th address from the end of X-Forwarded-For.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Yhdessä"
USERSESSIONS_TRACK_ACTIVITY = True

# Internationalisation: Finnish first, then Swedish and English; language prefix in every URL.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True
# Dates in one format in every language (1.3.2026): portal/formats/.
FORMAT_MODULE_PATH = ["portal.formats"]
# A bare address in a comment or minutes ("www.jyvaskyla.fi") links over HTTPS (Django 7.0's
# default; the transitional setting until then).
URLIZE_ASSUME_HTTPS = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(DATA_DIR / "media")))
# Attachments of partnership bodies' meetings: outside MEDIA_ROOT, served only through the
# access-checked download view (bodies/attachments.py).
BODIES_ATTACHMENT_ROOT = Path(env_str("YHDESSA_ATTACHMENT_ROOT", str(DATA_DIR / "attachments")))
# The open data API's requests per client (address or key) a minute; 0 turns the limit off
# (the benchmark's single load generator).
API_RATE_LIMIT = env_int("YHDESSA_API_RATE_LIMIT", 300)
# How long the open data API keeps a public answer in the shared cache (at most its max-age of
# 60 seconds; 0: never). api/middleware.py.
API_SHARED_CACHE_SECONDS = env_int("YHDESSA_API_SHARED_CACHE_SECONDS", 60)
BODIES_ATTACHMENT_MAX_BYTES = env_int("YHDESSA_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email (Django's MAILERS, which replace the EMAIL_* settings in Django 7.0): SMTP when the
# EMAIL_HOST variable is set, otherwise printed to the console (development).
_email_host = env_str("EMAIL_HOST")
if _email_host:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email_host,
                "port": env_int("EMAIL_PORT", 25),
                "username": env_str("EMAIL_HOST_USER"),
                "password": env_str("EMAIL_HOST_PASSWORD"),
                "use_tls": env_bool("EMAIL_USE_TLS", default=False),
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Yhdessä <noreply@yhdessa.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Text messages of sign-ups (signups/sms.py): a class with send(to, text). Default: printed.
SIGNUPS_SMS_BACKEND = env_str("SIGNUPS_SMS_BACKEND", "signups.sms.ConsoleSmsBackend")
# A reminder claimed (or queued) this long ago and still not sent is taken again: the worker
# holding it died (signups/reminders.py). Much longer than one batch takes.
SIGNUPS_RECLAIM_AFTER_SECONDS = env_int("SIGNUPS_RECLAIM_AFTER_SECONDS", 600)
# Without an account, "every coming date" signs up for this many next dates (signups/limits.py).
SIGNUPS_ANONYMOUS_SERIES_DATES = env_int("SIGNUPS_ANONYMOUS_SERIES_DATES", 8)

# Security
SECURE_CSP: dict[str, list[str]] = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
if MAP_TILE_URL:
    # The tile server's origin ({s}.tile.example → *.tile.example) may serve images.
    from urllib.parse import urlsplit

    _tiles = urlsplit(MAP_TILE_URL.replace("{s}.", "*."))
    SECURE_CSP["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = 0 if DEBUG else 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
if TRUSTED_PROXY_COUNT:
    # Only a proxy we trust says whether the visitor used https.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Organisers' daily summaries of their activities' sign-ups (signups/notices.py).
CELERY_BEAT_SCHEDULE["signups-organiser-summaries"] = {
    "task": "signups.tasks.send_organiser_summaries",
    "schedule": crontab(minute=0, hour=7),
}
