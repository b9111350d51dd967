"""The seal: a PAdES signature (pyHanko) on every stored PDF, and its check.

Whose seal: a förbund's own, or the installation's. The installation's is a PKCS#12
with the seal certificate and its key (SEAL_PKCS12_PATH, SEAL_PKCS12_PASSWORD). A
förbund may have its own in the folder SEAL_DIR, `<slug>.p12`, its password (if any)
in `<slug>.password` beside it; a förbund without one is sealed with the
installation's. core.documents seals a PDF once built, with the seal of the
document's förbund, before storing and hashing it, so the stored sha256 is the hash
of the sealed bytes. The signature is an incremental update with an invisible field:
the pages, and the bytes before it, stay as they were. Without any seal for a
document it is stored unsealed with a log line, which development allows and `check
--deploy` warns of.

The check trusts exactly the seal certificates configured here, each with its owner:
the current ones and the earlier ones kept for checking in SEAL_DIR/previous/
(`*.pem`/`*.crt` directly in it are the installation's, in `previous/<slug>/` a
förbund's). A signature is ours only when its signer certificate is one of them,
byte for byte, and validates with that certificate as its only trust anchor: never
a chain to a CA, so a CA certificate among them would vouch for nothing it issued
(and is refused). A valid seal means "sealed by this key and unchanged since".
"""

import datetime
import enum
import functools
import io
import logging
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from asn1crypto import pem, x509
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

FIELD_NAME = "Sigill"
# A slug as SlugField allows it: no dot and no slash, so it names a file in SEAL_DIR
# and nothing outside it (a slug written past the form's validation is refused).
SLUG = re.compile(r"[A-Za-z0-9_-]+")
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


class _MetadataKeepingWriter(IncrementalPdfFileWriter):
    """Leaves the document's metadata as built. pyHanko's own update writes itself
    as the XMP Producer but appends to the Info one, so the two disagree, which
    PDF/A forbids; the seal is no new version of the document either."""

    def _update_meta(self) -> None:
        pass


def is_configured() -> bool:
    """Whether the installation has a seal (every förbund without its own uses it)."""
    return bool(settings.SEAL_PKCS12_PATH)


def seal_dir() -> Path | None:
    return Path(settings.SEAL_DIR) if settings.SEAL_DIR else None


def federation_seal_files() -> dict[str, Path]:
    """The förbund's own seals in SEAL_DIR, by slug (a name no slug can be is left
    out; `check` reports it)."""
    folder = seal_dir()
    if folder is None or not folder.is_dir():
        return {}
    return {
        path.stem: path
        for path in sorted(folder.glob("*.p12"))
        if SLUG.fullmatch(path.stem)
    }


def federation_seal_path(slug: str) -> Path | None:
    """Where the förbund's own seal is or would be; None without SEAL_DIR."""
    folder = seal_dir()
    if folder is None:
        return None
    if not SLUG.fullmatch(slug or ""):
        raise ImproperlyConfigured(
            f"The förbund slug {slug!r} cannot name a seal file."
        )
    return folder / f"{slug}.p12"


def _password_beside(path: Path) -> str:
    """The PKCS#12's password from `<slug>.password` beside it (one line; none
    without the file)."""
    password = path.with_suffix(".password")
    try:
        return password.read_text(encoding="utf-8").rstrip("\r\n")
    except FileNotFoundError:
        return ""
    except (OSError, UnicodeError) as error:
        raise ImproperlyConfigured(
            f"The seal password {str(password)!r} cannot be read: {error}"
        ) from error


def _stamp(path: Path) -> tuple[int, int, int]:
    """What tells a replaced file from the one loaded before (cache key)."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@functools.cache
def _load_signer(
    path: str, password: str, stamp: tuple[int, int, int] | None = None
) -> signers.SimpleSigner:
    try:
        data = Path(path).read_bytes()
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=password.encode() or None
        )
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"The seal {path!r} cannot be loaded: {error}"
        ) from error


def _signer_file(path: Path, password: str) -> signers.SimpleSigner:
    try:
        stamp = _stamp(path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"The seal {str(path)!r} cannot be loaded: {error}"
        ) from error
    return _load_signer(str(path), password, stamp)


def installation_signer() -> signers.SimpleSigner | None:
    if not is_configured():
        return None
    path = Path(settings.SEAL_PKCS12_PATH)
    try:
        return _signer_file(path, settings.SEAL_PKCS12_PASSWORD)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"SEAL_PKCS12_PATH: {error}") from error


def federation_signer(slug: str) -> signers.SimpleSigner | None:
    """The förbund's own seal; None when it has none. A file that is there but
    cannot be loaded (also a link to nothing) is an error, never the fallback."""
    path = federation_seal_path(slug)
    if path is None or not os.path.lexists(path):
        return None
    return _signer_file(path, _password_beside(path))


def signer(federation: str | None = None) -> signers.SimpleSigner | None:
    """The seal for a document of the förbund (by slug; None: no förbund): its own,
    else the installation's; None when there is neither."""
    own = federation_signer(federation) if federation is not None else None
    return own or installation_signer()


def seal_certificate(federation: str | None = None) -> x509.Certificate | None:
    chosen = signer(federation)
    return chosen.signing_cert if chosen else None


def seal_pdf(data: bytes, *, federation: str | None = None) -> bytes:
    """The PDF with the seal of its förbund (a slug) appended, else the
    installation's; unchanged without either."""
    chosen = signer(federation)
    if chosen is None:
        logger.warning("No seal configured (SEAL_PKCS12_PATH): stored unsealed")
        return data
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = _MetadataKeepingWriter(io.BytesIO(data), strict=False)
    return signers.sign_pdf(writer, meta, signer=chosen).getvalue()


# Checking -----------------------------------------------------------------------


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


def _trusted_entries() -> list[tuple[SealOwner, str, Loader]]:
    """(owner, where, a loader giving its certificates) for every seal trusted here."""
    entries: list[tuple[SealOwner, str, Loader]] = []
    if is_configured():
        entries.append(
            (
                INSTALLATION,
                settings.SEAL_PKCS12_PATH,
                lambda: (installation_signer().signing_cert,),
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


def _signing_certs(path: Path) -> tuple[x509.Certificate, ...]:
    return (_signer_file(path, _password_beside(path)).signing_cert,)


def _previous_certs(path: Path) -> tuple[x509.Certificate, ...]:
    try:
        stamp = _stamp(path)
    except OSError as error:
        raise ImproperlyConfigured(
            f"The previous seal certificate {str(path)!r} cannot be loaded: {error}"
        ) from error
    return _load_certificates(str(path), stamp)


def trusted_certificates() -> tuple[
    dict[bytes, tuple[SealOwner, x509.Certificate]], list[str]
]:
    """Every seal certificate trusted for checking, by its sha256, with its owner;
    and what could not be loaded or is ambiguous (skipped: one bad file must not
    stop the checks of the others; `manage.py check` reports the same as errors)."""
    table: dict[bytes, tuple[SealOwner, x509.Certificate]] = {}
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


def _check_one(signature, data: bytes, table: dict) -> _Ours | None:
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


def create_self_signed_seal(
    path: Path, *, common_name: str, password: str = "", days: float = 3650
) -> None:
    """Write a PKCS#12 with a new self-signed seal certificate and its key (the
    development seal; tests make their own)."""
    # RSA: with an EC key pyHanko marks the file PDF 2.0 (ISO 32002), which a
    # PDF/A-3 document must not claim.
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = pyca_x509.Name([pyca_x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    now = datetime.datetime.now(datetime.UTC)
    usage = dict.fromkeys(
        (
            "key_encipherment",
            "data_encipherment",
            "key_agreement",
            "key_cert_sign",
            "crl_sign",
            "encipher_only",
            "decipher_only",
        ),
        False,
    )
    certificate = (
        pyca_x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(pyca_x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(pyca_x509.BasicConstraints(ca=False, path_length=None), True)
        .add_extension(
            pyca_x509.KeyUsage(
                digital_signature=True, content_commitment=True, **usage
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(password.encode())
        if password
        else serialization.NoEncryption()
    )
    data = pkcs12.serialize_key_and_certificates(
        common_name.encode(), key, certificate, None, encryption
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o600)
