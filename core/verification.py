"""Which stored document a file (or its sha256) is, for the public verification page.

Every concrete StoredDocument model is searched by sha256 (core.documents finds them
through the apps registry), its earlier builds too (their history rows keep the
hash). The answer says only what the file itself shows anyway: the kind of
document, which one and which version, its förbund and when it was made, and whose
seal the file carries (its förbund's, or the installation's); a model
may add facts of its own (the protokoll: when it was justerat and by whom) with a
`verification_facts()` method returning (label, value) pairs. A sha256 is known only
to someone who has the file, so confirming it gives away nothing new.

A file is mixed up (forged, or sealed by mistake with the wrong key) when its seal is
another förbund's than the document's, or when one of our seals was added after the
document was made (we seal each file once). The installation's seal on a förbund's
document is no mix-up: a förbund without a seal of its own is sealed with it, and its
documents from before it had one keep it.
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache

from core.documents import StoredDocument, federation_of, stored_document_models
from core.seal import SealCheck, check_seal

RATE_WINDOW = 600  # seconds: SEAL_VERIFY_PER_10_MINUTES counts within it
ANOTHER_FEDERATION = "another_federation"
SEALED_AGAIN = "sealed_again"


@dataclass(frozen=True)
class Found:
    kind: str
    title: str
    federation: str
    made_at: datetime.datetime | None
    federation_slug: str = ""
    is_replaced: bool = False  # an earlier build of a row that has a newer file
    facts: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Verification:
    sha256: str
    found: Found | None
    seal: SealCheck | None = None  # only for an uploaded file
    # Found through the bytes a seal covers: the file had bytes added after it.
    found_by_sealed_part: bool = False
    # Whose the seal is: the förbund's name; empty for the installation's seal.
    seal_owner: str = ""
    # Why the seal is not the document's (empty when it is): ANOTHER_FEDERATION,
    # or SEALED_AGAIN after the document was made. Either way forged or mixed up.
    mixed_up: str = ""


def verify_sha256(sha256: str) -> Verification:
    return Verification(sha256, find_document(sha256))


def verify_pdf(data: bytes) -> Verification:
    """The stored document these bytes are, the state of their seal and whose it is."""
    sha256 = hashlib.sha256(data).hexdigest()
    found = find_document(sha256)
    seal = check_seal(data)
    by_part = False
    if found is None:
        for part in seal.sealed_parts:
            found = find_document(hashlib.sha256(part).hexdigest())
            if found is not None:
                by_part = True
                break
    return Verification(
        sha256,
        found,
        seal,
        found_by_sealed_part=by_part,
        seal_owner=_owner_name(seal),
        mixed_up=_mixed_up(found, seal, by_part=by_part),
    )


def _owner_name(seal: SealCheck) -> str:
    if seal.owner is None or seal.owner.is_installation:
        return ""
    federation = (
        apps.get_model("federation", "Federation")
        .objects.filter(slug=seal.owner.federation)
        .first()
    )
    return str(federation) if federation is not None else seal.owner.federation


def _mixed_up(found: Found | None, seal: SealCheck, *, by_part: bool) -> str:
    if found is None or seal.owner is None:
        return ""
    if by_part and seal.earlier_parts:
        return SEALED_AGAIN  # we seal a file once: a seal was added after that
    owner = seal.owner
    if not owner.is_installation and owner.federation != found.federation_slug:
        return ANOTHER_FEDERATION
    return ""


def find_document(sha256: str) -> Found | None:
    for model in stored_document_models():
        row = model.objects.stored().filter(sha256=sha256).first()
        if row is not None:
            return _describe(row)
    for model in stored_document_models():
        history = getattr(model, "history", None)
        if history is None or model.keeps_one_file:
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
    federation = federation_of(row)
    return Found(
        kind=str(row._meta.verbose_name),
        title=str(row),
        federation=str(federation) if federation is not None else "",
        made_at=made_at or row.stored_at,
        federation_slug=federation.slug if federation is not None else "",
        is_replaced=is_replaced,
        facts=list(facts),
    )


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
