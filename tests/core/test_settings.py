import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from core.seal import create_self_signed_seal

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    seal = tmp_path / "seal.p12"
    create_self_signed_seal(seal, common_name="Sigill", password="hemligt")
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "production-like-secret",
        "ALLOWED_HOSTS": "forbund.example.se",
        "CACHE_URL": "redis://127.0.0.1:6379/0",
        "SEAL_PKCS12_PATH": str(seal),
        "SEAL_PKCS12_PASSWORD": "hemligt",
        "NOTES_ENCRYPTION_KEYS": "bm90ZXMtdGVzdC1rZXktMzItYnl0ZXMtbG9uZy4uLi4=",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    result = _check_deploy(env)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr


def test_check_deploy_warns_when_the_cache_is_not_shared():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "x" * 60 + "production-like-secret",
        "ALLOWED_HOSTS": "forbund.example.se",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    env.pop("CACHE_URL", None)

    result = _check_deploy(env)

    assert result.returncode == 1
    assert "core.W001" in result.stderr


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_secret_key():
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": "",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    assert "SECRET_KEY must be set" in result.stderr


def test_celery_settings_never_lose_a_task():
    assert settings.CELERY_TASK_ACKS_LATE is True
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST is True
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT > 0


def test_swedish_language_and_time_zone():
    assert (settings.LANGUAGE_CODE, settings.TIME_ZONE, settings.USE_TZ) == (
        "sv",
        "Europe/Stockholm",
        True,
    )


def test_s3_bucket_setting_puts_media_on_shared_storage():
    env = {
        **os.environ,
        "S3_BUCKET": "forbund-media",
        "S3_ENDPOINT_URL": "http://127.0.0.1:9000",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    code = (
        "import django; django.setup(); from django.core.files.storage import "
        "storages; s = storages['default']; print(type(s).__name__, s.bucket_name)"
    )

    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )

    assert result.stdout.strip() == "S3Storage forbund-media"
