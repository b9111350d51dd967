"""Settings for `make bench`: production-like (DEBUG off) but served over plain HTTP on
loopback, with the minimal reference view added to the URLs."""

import os

from config.settings import *  # noqa: F403
from config.settings import VAR_DIR, database_from_url

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
ROOT_URLCONF = "bench.urls"
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The benchmark has its own database unless DATABASE_URL names one.
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'bench.sqlite3'}")
    )
}
MEDIA_ROOT = VAR_DIR / "bench-media"
# As in production: sessions, access and page parts in Redis, shared by the web workers.
CACHES = {
    "default": {
        "BACKEND": "core.cache.RedisCache",
        "LOCATION": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "KEY_PREFIX": "bench",
    }
}
CELERY_TASK_ALWAYS_EAGER = True
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A fixed key for the bench's made-up notes (notes.E001 asks production for its own).
NOTES_ENCRYPTION_KEYS = os.environ.get(
    "NOTES_ENCRYPTION_KEYS", "YmVuY2gtbm90ZXMta2V5LW5vdC1hLXNlY3JldC0wMDA="
)
