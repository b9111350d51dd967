"""Test settings: only what makes the suite fast and self-contained."""

from .settings import *  # noqa: F403
from .settings import CELERY_BROKER_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in-process in tests; tests that need the real broker start a worker.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TEST_BROKER_URL = CELERY_BROKER_URL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SECURE_SSL_REDIRECT = False
