"""Test settings: only what makes the suite fast and self-contained."""

import os

from .settings import *  # noqa: F403
from .settings import CACHES, CELERY_BROKER_URL

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

# `make test` runs the suite in parallel workers (pytest-xdist): each worker gets a
# Redis database of its own, 4 + its number, because every test empties the cache
# and the workers' databases hold the same primary keys. 0 is the broker's, 1 the
# single run's, 3 the benchmark's; 8–15 are left to tests/reliability's workers.
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_LOCATION = str(CACHES["default"].get("LOCATION", ""))
if _WORKER and _LOCATION.startswith("redis"):
    _base = _LOCATION.rsplit("/", 1)[0]
    CACHES["default"]["LOCATION"] = f"{_base}/{4 + int(_WORKER.removeprefix('gw'))}"
