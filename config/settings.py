"""Settings, read from the environment with safe development defaults.

Anything production-only is an environment variable; there is no production.py.
"""

import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn postgres://user:pw@host:port/name or sqlite:///path into DATABASES."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:////abs/path is absolute, sqlite:///rel/path relative.
        path = unquote(parsed.path)[1:]
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if parsed.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parsed.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": env_int("DB_CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL has an unsupported scheme: {parsed.scheme!r}"
    )


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django_htmx",
    "django_filters",
    "simple_history",
    "pgtrigger",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "core",
    "accounts",
    "federation",
    "cases",
    "meetings",
    "minutes",
    "agreements",
    "finance",
    "oparl",
    "accounting",
    "inbox",
    "public",
    "notes",
    "arvode",
    "followup",
    # The benchmark harness: only its bench_data command; no models, no URLs.
    "bench",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.middleware.UploadSizeLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "federation.context_processors.navigation",
            ],
        },
    }
]

DATABASES = {
    "default": database_from_url(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The second factor (accounts.second_factor): TOTP codes from an authenticator app.
OTP_TOTP_ISSUER = "Förbundsportalen"

# Login throttling (accounts.throttle) keys on the client's address: with N reverse
# proxies in front of gunicorn it is the N-th entry from the right of X-Forwarded-For
# (core.client_address); 0 ignores the header and uses REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Media on an S3-compatible store when a bucket is named, so that any number of web
# and worker machines share the files; otherwise the local MEDIA_ROOT.
S3_BUCKET = env_str("S3_BUCKET")
STORAGES = {
    "default": (
        {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": S3_BUCKET,
                "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
                "access_key": env_str("S3_ACCESS_KEY_ID") or None,
                "secret_key": env_str("S3_SECRET_ACCESS_KEY") or None,
                "region_name": env_str("S3_REGION") or None,
                "default_acl": "private",
                "querystring_auth": True,
                "file_overwrite": False,
            },
        }
        if S3_BUCKET
        else {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads: the limit is checked before a file is stored (see meetings' upload check).
MAX_UPLOAD_MB = env_int("MAX_UPLOAD_MB", 50)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# The content check of received PDFs (cases.pdf_validation), at upload and again when
# a kallelse is merged: most pages, most MB any one stream may unpack to, and how many
# times its own size a whole file may unpack to (past that one stream's limit).
PDF_MAX_PAGES = env_int("PDF_MAX_PAGES", 2000)
PDF_MAX_STREAM_MB = env_int("PDF_MAX_STREAM_MB", 256)
PDF_MAX_COMPRESSION_RATIO = env_int("PDF_MAX_COMPRESSION_RATIO", 100)

# The seal on stored PDFs (core.seal): a PKCS#12 with the seal certificate and key.
# Empty stores documents unsealed (development; `check --deploy` warns). `make run`
# points it at the self-signed development seal under var/.
SEAL_PKCS12_PATH = env_str("SEAL_PKCS12_PATH")
SEAL_PKCS12_PASSWORD = env_str("SEAL_PKCS12_PASSWORD")
# A folder with the förbund's own seals, `<slug>.p12` (its password in `<slug>.password`
# beside it), and under previous/ the earlier certificates still trusted for checking.
# A förbund without a file of its own is sealed with the installation's seal above.
SEAL_DIR = env_str("SEAL_DIR")
# Personal notes are encrypted at rest (notes.crypto): comma-separated Fernet keys,
# the first encrypts. Required when DEBUG is off (check notes.E001).
NOTES_ENCRYPTION_KEYS = env_str("NOTES_ENCRYPTION_KEYS")
# The verification page (/kontrollera/): the largest PDF it reads, and how many
# checks one address may make in ten minutes.
SEAL_VERIFY_MAX_MB = env_int("SEAL_VERIFY_MAX_MB", 60)
SEAL_VERIFY_PER_10_MINUTES = env_int("SEAL_VERIFY_PER_10_MINUTES", 30)

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
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A hung mail server fails the send (retried later) instead of holding the task.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "forbundsportalen@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

# Celery: without a broker every task runs at once, in-process (development). The
# broker is its own Redis (or database of one), independent of CACHE_URL: nothing is
# shared between them, and there is no result backend (docs/operations.md, Redis).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True  # a killed worker must not lose a kallelse build
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# A message taken by a worker that dies with it (kill -9 of the main process) comes
# back after visibility_timeout; workers look for such messages every
# restore_interval × restore_throttle seconds (kombu's Redis transport). The timeout
# sits just above the task time limit (no running task is handed out twice) and
# below the limit + 2 min after which core.requeue_stale_builds takes over.
# A broker that is down must not hold up a request: publishing gives up at once when
# Redis refuses, within socket_timeout when it hangs (kombu's default retries and
# socket without a timeout waited for ever). The message is then lost, not the build:
# it stays queued in the database and core.requeue_stale_builds sends it again.
# Measured: 2 ms refused, 2.0 s hung (tests/reliability/test_real_redis_outage.py).
# socket_timeout stays above BRPOP's 1 s, which a worker's blocking read waits for.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 60
    ),
    "unacked_restore_interval": env_int("CELERY_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": env_int("CELERY_RESTORE_THROTTLE", 10),
    "socket_connect_timeout": 1,
    "socket_timeout": 2,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0}
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ROUTES = {
    "meetings.render_*": {"queue": "pdf"},
    "finance.render_*": {"queue": "pdf"},
    "minutes.render_*": {"queue": "pdf"},
}
CELERY_BEAT_SCHEDULE: dict = {
    # Just after midnight: an anslag stays up through its last day of överklagandetid.
    "minutes-take-down-expired-anslag": {
        "task": "minutes.take_down_expired_anslag",
        "schedule": 24 * 3600,
    },
    # Every minute: stored-document builds (kallelse, run report) whose message was
    # lost to a broker outage or whose worker died (core.documents).
    "core-requeue-stale-builds": {
        "task": "core.requeue_stale_builds",
        "schedule": 60,
    },
    # Every five minutes: kallelse e-mails whose message a broker outage lost.
    "meetings-send-unsent-kallelse-mail": {
        "task": "meetings.send_unsent_kallelse_mail",
        "schedule": 300,
    },
    # Every 15 minutes: the public subscriptions' news (public.services.send_news).
    "public-send-news": {
        "task": "public.send_news",
        "schedule": 15 * 60,
    },
    # Every five minutes: an ersättare's question past its deadline goes to the
    # next one, and inkallelse e-mails a broker outage lost are sent.
    "meetings-advance-inkallelser": {
        "task": "meetings.advance_inkallelser",
        "schedule": 300,
    },
    # Daily: agreement reminders (each is recorded and sent once, whatever the hour).
    "agreements-send-reminders": {
        "task": "agreements.send_reminders",
        "schedule": 24 * 3600,
    },
    # Daily: uppdrag reminders before and on the due date (each sent once, whatever
    # the hour; followup.commissions.reminders).
    "followup-send-commission-reminders": {
        "task": "followup.send_commission_reminders",
        "schedule": 24 * 3600,
    },
    # Daily: personal notes past the förbund's retention after the uppdrag ended.
    "notes-purge-expired-notes": {
        "task": "notes.purge_expired_notes",
        "schedule": 24 * 3600,
    },
}

CACHES = {
    "default": (
        {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": env_str("CACHE_URL"),
            # A lost Redis is a miss (core.cache): waited for this long at most, and
            # then not again for a few seconds.
            "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.5},
        }
        if env_str("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Security. Production (DEBUG off) gets secure cookies and HSTS; TLS ends at the proxy.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Sessions: 12 h absolute (not re-saved on every request), 3 h idle (core middleware).
# Sessions live in the database only: nothing of a session is in the cache, so a lost
# or emptied cache Redis logs nobody out and a login works without it (one indexed
# primary-key read per request).
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 3600)
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 3 * 3600)
SESSION_SAVE_EVERY_REQUEST = False
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"  # views that show PDFs in a frame opt in to SAMEORIGIN

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # fontTools logs every glyph of every subset (WeasyPrint turns it up to DEBUG while
    # it subsets and keeps the warnings itself): thousands of lines per kallelse.
    "loggers": {"fontTools": {"level": "WARNING", "propagate": False}},
}
