"""The seal: a PAdES signature (pyHanko) on every stored PDF, and its check.

One seal for the installation: a PKCS#12 with the seal certificate and its key
(SEAL_PKCS12_PATH, SEAL_PKCS12_PASSWORD). core.documents seals a PDF once built,
before storing and hashing it, so the stored sha256 is the hash of the sealed bytes.
The signature is an incremental update with an invisible field: the pages, and the
bytes before it, stay as they were. Without a configured seal a document is stored
unsealed with a log line, which development allows and `check --deploy` warns of.

The check trusts the seal certificate itself and nothing else: a valid seal means
"sealed by this installation's key and unchanged since", not a chain to a public CA.
"""

import datetime
import enum
import functools
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509
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


class SealState(enum.StrEnum):
    VALID = "valid"  # our seal, covering the whole file
    CHANGED = "changed"  # our seal, but bytes were added after it
    INVALID = "invalid"  # a signature that is broken or not ours
    UNSEALED = "unsealed"  # no signature at all
    UNCHECKED = "unchecked"  # no seal configured here to check against


@dataclass(frozen=True)
class SealCheck:
    state: SealState
    signed_at: datetime.datetime | None = None
    # The bytes the seal covers (the file as sealed) when bytes were added after it.
    sealed_bytes: bytes | None = None


class _MetadataKeepingWriter(IncrementalPdfFileWriter):
    """Leaves the document's metadata as built. pyHanko's own update writes itself
    as the XMP Producer but appends to the Info one, so the two disagree, which
    PDF/A forbids; the seal is no new version of the document either."""

    def _update_meta(self) -> None:
        pass


def is_configured() -> bool:
    return bool(settings.SEAL_PKCS12_PATH)


@functools.cache
def _load_signer(path: str, password: str) -> signers.SimpleSigner:
    try:
        data = Path(path).read_bytes()
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=password.encode() or None
        )
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"SEAL_PKCS12_PATH {path!r} cannot be loaded: {error}"
        ) from error


def signer() -> signers.SimpleSigner:
    return _load_signer(settings.SEAL_PKCS12_PATH, settings.SEAL_PKCS12_PASSWORD)


def seal_certificate() -> x509.Certificate:
    return signer().signing_cert


def seal_pdf(data: bytes) -> bytes:
    """The PDF with the installation's seal appended; unchanged without a seal."""
    if not is_configured():
        logger.warning("No seal configured (SEAL_PKCS12_PATH): stored unsealed")
        return data
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = _MetadataKeepingWriter(io.BytesIO(data), strict=False)
    return signers.sign_pdf(writer, meta, signer=signer()).getvalue()


def check_seal(data: bytes) -> SealCheck:
    """Whether the PDF carries this installation's seal and is unchanged since."""
    if not is_configured():
        return SealCheck(SealState.UNCHECKED)
    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception:  # any parse error: not a PDF we can read, so not sealed
        logger.info("An uploaded file could not be read as a PDF", exc_info=True)
        return SealCheck(SealState.INVALID)
    if not signatures:
        return SealCheck(SealState.UNSEALED)
    for signature in signatures:
        check = _check_one(signature, data)
        if check is not None:
            return check
    return SealCheck(SealState.INVALID)


def _check_one(signature, data: bytes) -> SealCheck | None:
    try:
        # The seal certificate is the trust anchor itself, whose dates the check
        # does not apply: a document outlives the certificate it was sealed with.
        context = ValidationContext(trust_roots=[seal_certificate()])
        status = validate_pdf_signature(signature, context)
    except Exception:  # a damaged signature is an invalid one, whatever broke
        logger.info("A signature could not be validated", exc_info=True)
        return None
    if not (status.intact and status.valid and status.trusted):
        return None
    signed_at = status.signer_reported_dt
    if status.coverage == SignatureCoverageLevel.ENTIRE_FILE:
        return SealCheck(SealState.VALID, signed_at)
    _, _, start, length = signature.byte_range
    return SealCheck(SealState.CHANGED, signed_at, data[: start + length])


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
