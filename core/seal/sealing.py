"""Which seal seals a förbund's documents, the sealing, and the making of a seal.

See core.seal for whose seal is used and how a seal is checked.
"""

from __future__ import annotations

import datetime
import functools
import io
import logging
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:
    from asn1crypto import x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

logger = logging.getLogger(__name__)

FIELD_NAME = "Sigill"
# A slug as SlugField allows it: no dot and no slash, so it names a file in SEAL_DIR
# and nothing outside it (a slug written past the form's validation is refused).
SLUG = re.compile(r"[A-Za-z0-9_-]+")


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


def password_beside(path: Path) -> str:
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


def file_stamp(path: Path) -> tuple[int, int, int]:
    """What tells a replaced file from the one loaded before (cache key)."""
    stat = path.stat()
    return stat.st_ino, stat.st_size, stat.st_mtime_ns


@functools.cache
def _load_signer(
    path: str, password: str, stamp: tuple[int, int, int] | None = None
) -> signers.SimpleSigner:
    from pyhanko.sign import signers

    try:
        data = Path(path).read_bytes()
        return signers.SimpleSigner.load_pkcs12_data(
            data, other_certs=(), passphrase=password.encode() or None
        )
    except (OSError, ValueError) as error:
        raise ImproperlyConfigured(
            f"The seal {path!r} cannot be loaded: {error}"
        ) from error


def signer_file(path: Path, password: str) -> signers.SimpleSigner:
    try:
        stamp = file_stamp(path)
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
        return signer_file(path, settings.SEAL_PKCS12_PASSWORD)
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(f"SEAL_PKCS12_PATH: {error}") from error


def federation_signer(slug: str) -> signers.SimpleSigner | None:
    """The förbund's own seal; None when it has none. A file that is there but
    cannot be loaded (also a link to nothing) is an error, never the fallback."""
    path = federation_seal_path(slug)
    if path is None or not os.path.lexists(path):
        return None
    return signer_file(path, password_beside(path))


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
    from pyhanko.sign import fields, signers

    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    writer = _metadata_keeping_writer()(io.BytesIO(data), strict=False)
    return signers.sign_pdf(writer, meta, signer=chosen).getvalue()


@functools.cache
def _metadata_keeping_writer() -> type[IncrementalPdfFileWriter]:
    """pyHanko's incremental writer, leaving the document's metadata as built.
    pyHanko's own update writes itself as the XMP Producer but appends to the Info
    one, so the two disagree, which PDF/A forbids; the seal is no new version of the
    document either. Made on first use: pyHanko is slow to import."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class MetadataKeepingWriter(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:
            pass

    return MetadataKeepingWriter


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
