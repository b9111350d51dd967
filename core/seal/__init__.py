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

from .checking import (
    INSTALLATION,
    SealCheck,
    SealOwner,
    SealState,
    check_seal,
    configuration_problems,
    previous_certificate_files,
    trusted_certificates,
)
from .sealing import (
    FIELD_NAME,
    create_self_signed_seal,
    federation_seal_files,
    federation_seal_path,
    federation_signer,
    installation_signer,
    is_configured,
    seal_certificate,
    seal_dir,
    seal_pdf,
    signer,
)

__all__ = [
    "FIELD_NAME",
    "INSTALLATION",
    "SealCheck",
    "SealOwner",
    "SealState",
    "check_seal",
    "configuration_problems",
    "create_self_signed_seal",
    "federation_seal_files",
    "federation_seal_path",
    "federation_signer",
    "installation_signer",
    "is_configured",
    "previous_certificate_files",
    "seal_certificate",
    "seal_dir",
    "seal_pdf",
    "signer",
    "trusted_certificates",
]
