"""Which stored document a file (or its sha256) is, for the public verification page.

Every concrete StoredDocument model is searched by sha256 (core.documents finds them
through the apps registry), its earlier builds too (their history rows keep the
hash). The answer says only what the file itself shows anyway: the kind of
document, which one and which version, its förbund and when it was made; a model
may add facts of its own (the protokoll: when it was justerat and by whom) with a
`verification_facts()` method returning (label, value) pairs. A sha256 is known only
to someone who has the file, so confirming it gives away nothing new.
"""

import datetime
import functools
import hashlib
from collections import deque
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import models

from core.documents import StoredDocument, stored_document_models
from core.seal import SealCheck, SealState, check_seal

RATE_WINDOW = 600  # seconds: SEAL_VERIFY_PER_10_MINUTES counts within it


@dataclass(frozen=True)
class Found:
    kind: str
    title: str
    federation: str
    made_at: datetime.datetime | None
    is_replaced: bool = False  # an earlier build of a row that has a newer file
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    sha256: str
    found: Found | None
    seal: SealCheck | None = None  # only for an uploaded file
    # Found through the bytes the seal covers: the file had bytes added after it.
    found_by_sealed_part: bool = False


def verify_sha256(sha256: str) -> Verification:
    return Verification(sha256, find_document(sha256))


def verify_pdf(data: bytes) -> Verification:
    """The stored document these bytes are, and the state of their seal."""
    sha256 = hashlib.sha256(data).hexdigest()
    found = find_document(sha256)
    seal = check_seal(data)
    if found is None and seal.state == SealState.CHANGED and seal.sealed_bytes:
        found = find_document(hashlib.sha256(seal.sealed_bytes).hexdigest())
        return Verification(sha256, found, seal, found_by_sealed_part=True)
    return Verification(sha256, found, seal)


def find_document(sha256: str) -> Found | None:
    for model in stored_document_models():
        row = model.objects.stored().filter(sha256=sha256).first()
        if row is not None:
            return _describe(row)
    for model in stored_document_models():
        history = getattr(model, "history", None)
        if history is None:
            continue
        old = history.filter(sha256=sha256).order_by("history_date").first()
        pk = getattr(old, model._meta.pk.attname) if old else None
        row = model.objects.filter(pk=pk).first() if old else None
        if row is not None:
            return _describe(row, made_at=old.stored_at, is_replaced=True)
    return None


def _describe(
    row: StoredDocument,
    *,
    made_at: datetime.datetime | None = None,
    is_replaced: bool = False,
) -> Found:
    facts = row.verification_facts() if hasattr(row, "verification_facts") else []
    federation = _follow(row, _federation_path(type(row)))
    return Found(
        kind=str(row._meta.verbose_name),
        title=str(row),
        federation=str(federation) if federation is not None else "",
        made_at=made_at or row.stored_at,
        is_replaced=is_replaced,
        facts=list(facts),
    )


def _follow(row: models.Model, path: tuple[str, ...] | None) -> models.Model | None:
    if path is None:
        return None
    for name in path:
        row = getattr(row, name)
        if row is None:
            return None
    return row


@functools.cache
def _federation_path(model: type[models.Model]) -> tuple[str, ...] | None:
    """The shortest chain of foreign keys from the model to its förbund
    (kallelse → meeting → body → federation), so core names no domain model."""
    target = apps.get_model("federation", "Federation")
    queue: deque = deque([(model, ())])
    while queue:
        current, path = queue.popleft()
        if len(path) >= 4:
            continue
        for relation in current._meta.get_fields():
            if not (relation.many_to_one or relation.one_to_one) or not (
                relation.concrete
            ):
                continue
            if relation.related_model is target:
                return (*path, relation.name)
            queue.append((relation.related_model, (*path, relation.name)))
    return None


def allow_check(address: str) -> bool:
    """At most SEAL_VERIFY_PER_10_MINUTES checks per address in ten minutes: each
    reads and validates a PDF of up to SEAL_VERIFY_MAX_MB. A cache outage allows."""
    key = f"seal-verify:{address}"
    if cache.add(key, 1, RATE_WINDOW):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # gone meanwhile, or the cache is down
        return True
    return count <= settings.SEAL_VERIFY_PER_10_MINUTES
