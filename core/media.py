"""Media files that no row refers to.

A file is written to storage before the transaction that records it commits; when
that transaction rolls back (a later step of the workflow fails), the row is gone
and the file stays. Nothing reads such a file, but it holds disk and, for a
handling, possibly personal data. This finds them for `manage.py sweep_media`.
"""

import datetime
from collections.abc import Iterator

from django.apps import apps
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone


def referenced_files() -> set[str]:
    """Every file name a row refers to, history rows included (an earlier version
    of a handling keeps its file)."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            # simple_history keeps a file field as text: read its table too.
            history = getattr(model, "history", None)
            for source in (model, getattr(history, "model", None)):
                if source is not None:
                    names.update(
                        source._base_manager.exclude(**{field.attname: ""})
                        .exclude(**{f"{field.attname}__isnull": True})
                        .values_list(field.attname, flat=True)
                    )
    return names


def stored_files(folder: str = "") -> Iterator[str]:
    directories, files = default_storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from stored_files(f"{folder}/{directory}" if folder else directory)


def orphan_files(older_than: datetime.timedelta) -> list[str]:
    """Files no row refers to, written more than `older_than` ago: a younger one may
    belong to an upload whose transaction has not committed yet."""
    referenced = referenced_files()
    cutoff = timezone.now() - older_than
    return sorted(
        name
        for name in stored_files()
        if name not in referenced and default_storage.get_modified_time(name) < cutoff
    )
