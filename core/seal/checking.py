"""The check of a seal: whether a PDF carries a seal trusted here, whose, and
whether the file is unchanged since. See core.seal."""

from __future__ import annotations

import datetime
import enum
import functools
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from asn1crypto import pem, x509
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .sealing import (
    SLUG,
    federation_seal_files,
    file_stamp,
    installation_signer,
    is_configured,
    password_beside,
    seal_dir,
    signer_file,
)

if TYPE_CHECKING:
    from pyhanko.sign.validation import EmbeddedPdfSignature

logger = logging.getLogger(__name__)

PREVIOUS = "previous"
CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer")


class SealState(enum.StrEnum):
    VALID = "valid"  # our seal, covering the whole file
    CHANGED = "changed"  # our seal, but bytes were added after it
    INVALID = "invalid"  # a signature that is broken or not ours
    UNSEALED = "unsealed"  # no signature at all
    UNCHECKED = "unchecked"  # no seal configured here to check against


@dataclass(frozen=True)
class SealOwner:
    """Whose seal a certificate is: a förbund's (its slug) or the installation's."""

    federation: str = ""

    @property
    def is_installation(self) -> bool:
        return not self.federation


INSTALLATION = SealOwner()


@dataclass(frozen=True)
class SealCheck:
    state: SealState
    signed_at: datetime.datetime | None = None
    # The bytes the seal covers (the file as sealed) when bytes were added after it.
    sealed_bytes: bytes | None = None
    # Whose seal it is (the newest of ours in the file), for VALID and CHANGED.
    owner: SealOwner | None = None
    # The bytes each earlier seal of ours in the file covers, newest first: a file
    # sealed again after it was made.
    earlier_parts: tuple[bytes, ...] = field(default=(), repr=False)

    @property
    def sealed_parts(self) -> tuple[bytes, ...]:
        """Every part of the file a seal of ours covers short of the whole file."""
        return ((self.sealed_bytes,) if self.sealed_bytes else ()) + self.earlier_parts


@functools.cache
def _load_certificates(
    path: str, stamp: tuple[int, int, int] | None = None
) -> tuple[x509.Certificate, ...]:
    """The certificates in a PEM (one or more) or DER file; a CA certificate or a
    file without any is refused."""
    try:
        data = Path(path).read_bytes()
        if pem.detect(data):
            found = tuple(
                x509.Certificate.load(der)
                for kind, _, der in pem.unarmor(data, multiple=True)
                if kind == "CERTIFICATE"
            )
        else:
            found = (x509.Certificate.load(data),)
        for certificate in found:
            certificate.native  # parse it all now: a damaged one fails here  # noqa: B018
    except (OSError, ValueError, TypeError) as error:
        raise ImproperlyConfigured(
            f"The previous seal certificate {path!r} cannot be loaded: {error}"
        ) from error
    if not found:
        raise ImproperlyConfigured(f"{path!r} holds no certificate.")
    if any(certificate.ca for certificate in found):
        raise ImproperlyConfigured(
            f"{path!r} is a CA certificate, not a seal certificate: it is not trusted."
        )
    return found


def previous_certificate_files() -> list[tuple[SealOwner, Path]]:
    """The earlier seal certificates kept for checking, each with its owner."""
    folder = seal_dir()
    previous = folder / PREVIOUS if folder else None
    if previous is None or not previous.is_dir():
        return []
    found = []
    for path in sorted(previous.iterdir()):
        if path.is_dir() and SLUG.fullmatch(path.name):
            found += [
                (SealOwner(path.name), inner)
                for inner in sorted(path.iterdir())
                if inner.suffix.lower() in CERTIFICATE_SUFFIXES
            ]
        elif path.suffix.lower() in CERTIFICATE_SUFFIXES:
            found.append((INSTALLATION, path))
    return found


Loader = Callable[[], tuple[x509.Certificate, ...]]
# Every seal certificate trusted here, by its sha256, with its owner.
Trusted = dict[bytes, tuple[SealOwner, x509.Certificate]]


def _trusted_entries() -> list[tuple[SealOwner, str, Loader]]:
    """(owner, where, a loader giving its certificates) for every seal trusted here."""
    entries: list[tuple[SealOwner, str, Loader]] = []
    if is_configured():
        entries.append(
            (
                INSTALLATION,
                settings.SEAL_PKCS12_PATH,
                _installation_certs,
            )
        )
    for slug, path in federation_seal_files().items():
        entries.append(
            (
                SealOwner(slug),
                str(path),
                functools.partial(_signing_certs, path),
            )
        )
    for owner, path in previous_certificate_files():
        entries.append((owner, str(path), functools.partial(_previous_certs, path)))
    return entries


def _installation_certs() -> tuple[x509.Certificate, ...]:
    installation = installation_signer()  # there is one: SEAL_PKCS12_PATH is set
    return (installation.signing_cert,) if installation else ()


def _signing_certs(path: Path) -> tuple[x509.Certificate, ...]:
    return (signer_file(path, password_beside(path)).signing_cert,)


def _previous_certs(path: Path) -> tuple[x509.Certificate, ...]:
    try:
        stamp = file_stamp(path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"The previous seal certificate {str(path)!r} cannot be loaded: {error}"
        ) from error
    return _load_certificates(str(path), stamp)


def trusted_certificates() -> tuple[Trusted, list[str]]:
    """Every seal certificate trusted for checking, by its sha256, with its owner;
    and what could not be loaded or is ambiguous (skipped: one bad file must not
    stop the checks of the others; `manage.py check` reports the same as errors)."""
    table: Trusted = {}
    ambiguous: set[bytes] = set()
    problems: list[str] = []
    for owner, where, load in _trusted_entries():
        try:
            certificates = load()
        except ImproperlyConfigured as error:
            problems.append(str(error))
            continue
        for certificate in certificates:
            key = certificate.sha256
            other = table.get(key)
            if other is not None and other[0] != owner:
                ambiguous.add(key)
                problems.append(
                    f"The seal certificate in {where!r} is also configured for "
                    f"{_owner_label(other[0])}: it is trusted for neither."
                )
            table.setdefault(key, (owner, certificate))
    for key in ambiguous:
        del table[key]
    return table, problems


def _owner_label(owner: SealOwner) -> str:
    return (
        "the installation" if owner.is_installation else f"förbund {owner.federation!r}"
    )


@dataclass(frozen=True)
class _Ours:
    owner: SealOwner
    signed_at: datetime.datetime | None
    whole: bool
    covered: bytes


def check_seal(data: bytes) -> SealCheck:
    """Whether the PDF carries a seal of this installation (a förbund's or its own),
    whose, and whether the file is unchanged since."""
    table, problems = trusted_certificates()
    for problem in problems:
        logger.error("Seal certificate skipped: %s", problem)
    if not table:
        return SealCheck(SealState.UNCHECKED)
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:  # any parse error: not a PDF we can read, so not sealed
        logger.info("An uploaded file could not be read as a PDF", exc_info=True)
        return SealCheck(SealState.INVALID)
    if not signatures:
        return SealCheck(SealState.UNSEALED)
    ours = [
        one
        for signature in signatures
        if (one := _check_one(signature, data, table)) is not None
    ]
    if not ours:
        return SealCheck(SealState.INVALID)
    newest, earlier = ours[-1], tuple(one.covered for one in reversed(ours[:-1]))
    if newest.whole:
        return SealCheck(
            SealState.VALID, newest.signed_at, owner=newest.owner, earlier_parts=earlier
        )
    return SealCheck(
        SealState.CHANGED,
        newest.signed_at,
        newest.covered,
        owner=newest.owner,
        earlier_parts=earlier,
    )


def _check_one(
    signature: EmbeddedPdfSignature, data: bytes, table: Trusted
) -> _Ours | None:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext  # noqa: PLC0415 slow

    try:
        entry = table.get(signature.signer_cert.sha256)
        if entry is None:
            return None
        owner, certificate = entry
        # The seal certificate is the trust anchor itself, whose dates the check
        # does not apply: a document outlives the certificate it was sealed with.
        context = ValidationContext(trust_roots=[certificate])
        status = validate_pdf_signature(signature, context)
    except Exception:  # a damaged signature is an invalid one, whatever broke
        logger.info("A signature could not be validated", exc_info=True)
        return None
    if not (status.intact and status.valid and status.trusted):
        return None
    _, _, start, length = signature.byte_range
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    return _Ours(owner, status.signer_reported_dt, whole, data[: start + length])


def configuration_problems() -> list[str]:
    """Every configured seal file that cannot be loaded or is ambiguous, and every
    file in SEAL_DIR that no förbund can be (for `manage.py check`)."""
    problems = []
    folder = seal_dir()
    if folder is not None and not folder.is_dir():
        problems.append(f"SEAL_DIR {str(folder)!r} is not a folder.")
    if folder is not None and folder.is_dir():
        problems += [
            f"{str(path)!r} names no förbund: a seal file is <slug>.p12."
            for path in sorted(folder.glob("*.p12"))
            if not SLUG.fullmatch(path.stem)
        ]
        previous = folder / PREVIOUS
        problems += [
            f"{str(path)!r} names no förbund: earlier certificates are kept in "
            "previous/<slug>/."
            for path in (sorted(previous.iterdir()) if previous.is_dir() else ())
            if path.is_dir()
            and not path.name.startswith(".")
            and not SLUG.fullmatch(path.name)
        ]
    try:
        installation_signer()
    except ImproperlyConfigured as error:
        problems.append(str(error))
    _, trusted_problems = trusted_certificates()
    problems += [p for p in trusted_problems if p not in problems]
    return problems
