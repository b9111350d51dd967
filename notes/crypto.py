"""Personal notes are stored encrypted (Fernet: AES-128-CBC with HMAC-SHA256).

The keys are NOTES_ENCRYPTION_KEYS, comma-separated Fernet keys: the first encrypts,
every one decrypts, so a key is rotated by putting a new one first and running
`manage.py rotate_note_keys` (re-encrypts every note) before the old one is dropped.
In development (DEBUG) without keys one is derived from SECRET_KEY; in production a
system check (notes.E001) refuses to start without them. A database dump, a replica
or a DBA's query thus shows ciphertext only; the key lives in the environment of the
web and worker processes, never in the database.
"""

import base64
import hashlib
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.checks import Error, register
from django.db import models


def configured_keys() -> list[str]:
    raw = getattr(settings, "NOTES_ENCRYPTION_KEYS", "") or ""
    return [key.strip() for key in raw.split(",") if key.strip()]


def _development_key() -> bytes:
    digest = hashlib.sha256(f"notes:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    keys = tuple(configured_keys()) or (_development_key().decode(),)
    return _fernet(keys)


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        # A note under a key no longer configured: unreadable, never a 500.
        return ""


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code sees the plain text. It cannot
    be searched or filtered on, which is what a private note wants."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)


@register()
def keys_configured(app_configs, **kwargs) -> list[Error]:
    """Production needs its own note keys: a key derived from SECRET_KEY would be
    lost (and every note with it) when the SECRET_KEY is rotated."""
    problems = []
    if not settings.DEBUG and not configured_keys():
        problems.append(
            Error(
                "NOTES_ENCRYPTION_KEYS is not set.",
                hint="Set it to a Fernet key (python -c 'from cryptography.fernet "
                "import Fernet; print(Fernet.generate_key().decode())'); see "
                "docs/reliability.md, 'Personal notes'.",
                id="notes.E001",
            )
        )
    for key in configured_keys():
        try:
            Fernet(key.encode())
        except ValueError:
            problems.append(
                Error(
                    "A key in NOTES_ENCRYPTION_KEYS is not a Fernet key.",
                    hint="A Fernet key is 32 bytes in url-safe base64 (44 characters).",
                    id="notes.E002",
                )
            )
    return problems
