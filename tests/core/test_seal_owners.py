"""A seal per förbund (SEAL_DIR/<slug>.p12, else the installation's) and the earlier
certificates kept for checking (SEAL_DIR/previous/): core.seal and core.documents."""

import datetime
import io

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core import checks
from django.utils import timezone
from pyhanko.pdf_utils.reader import PdfFileReader

from core import seal as core_seal
from core.checks import seal_configured, seal_loads
from core.documents import build_document
from core.seal import (
    INSTALLATION,
    SealOwner,
    SealState,
    check_seal,
    create_self_signed_seal,
)
from federation.models import Federation
from meetings.models import KallelseVersion
from tests.factories import BodyFactory, FederationFactory
from tests.meetings.conftest import make_pdf as pdf
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def installation(settings, tmp_path):
    path = tmp_path / "installation.p12"
    create_self_signed_seal(path, common_name="Portalens sigill")
    settings.SEAL_PKCS12_PATH, settings.SEAL_PKCS12_PASSWORD = str(path), ""
    return path


@pytest.fixture
def seals(settings, tmp_path):
    """SEAL_DIR, empty."""
    folder = tmp_path / "seals"
    folder.mkdir()
    settings.SEAL_DIR = str(folder)
    return folder


def own_seal(folder, slug: str, common_name: str, password: str = ""):
    path = folder / f"{slug}.p12"
    create_self_signed_seal(path, common_name=common_name, password=password)
    if password:
        (folder / f"{slug}.password").write_text(password + "\n")
    return path


def certificate_pem(p12, password: str = "") -> bytes:
    _, certificate, _ = pkcs12.load_key_and_certificates(
        p12.read_bytes(), password.encode() or None
    )
    assert certificate is not None
    return certificate.public_bytes(serialization.Encoding.PEM)


def kallelse_of(federation, chef) -> KallelseVersion:
    row = KallelseVersion.objects.create(
        meeting=MeetingFactory(body=BodyFactory(federation=federation)),
        number=1,
        published_at=timezone.now(),
        published_by=chef,
    )
    return build_document(
        row, build=lambda r: pdf(1), file_name=lambda r: f"t/{r.pk}.pdf", reason="t"
    )


def stored_bytes(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def signer_name(data: bytes) -> str:
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[-1]
    return signature.signer_cert.subject.native["common_name"]


def test_each_federations_document_carries_its_own_seal(
    installation, seals, federation, other_federation, chef
):
    own_seal(seals, "testforbund", "Testförbundets sigill", password="hemligt")
    own_seal(seals, "annat", "Annat förbunds sigill")
    third = FederationFactory(slug="tredje", name="Tredje förbundet")

    a, b, c = (kallelse_of(f, chef) for f in (federation, other_federation, third))

    assert [signer_name(stored_bytes(row)) for row in (a, b, c)] == [
        "Testförbundets sigill",
        "Annat förbunds sigill",
        "Portalens sigill",
    ]
    assert [check_seal(stored_bytes(row)).owner for row in (a, b, c)] == [
        SealOwner("testforbund"),
        SealOwner("annat"),
        INSTALLATION,
    ]
    assert {check_seal(stored_bytes(row)).state for row in (a, b, c)} == {
        SealState.VALID
    }


def test_a_federation_without_its_own_seal_and_no_installation_seal_is_unsealed(
    settings, seals, federation, other_federation, chef
):
    settings.SEAL_PKCS12_PATH = ""
    own_seal(seals, "testforbund", "Testförbundets sigill")

    a, b = kallelse_of(federation, chef), kallelse_of(other_federation, chef)

    assert check_seal(stored_bytes(a)).state == SealState.VALID
    assert check_seal(stored_bytes(b)).state == SealState.UNSEALED


def test_an_unreadable_seal_fails_only_its_federations_builds(
    installation, seals, federation, other_federation, chef
):
    (seals / "testforbund.p12").write_bytes(b"not a PKCS#12")
    own_seal(seals, "annat", "Annat förbunds sigill")

    a, b = kallelse_of(federation, chef), kallelse_of(other_federation, chef)

    assert (a.build_status, a.has_file) == (KallelseVersion.BuildStatus.FAILED, False)
    assert a.build_error.startswith("ImproperlyConfigured: The seal ")
    assert "testforbund.p12" in a.build_error
    assert (b.build_status, signer_name(stored_bytes(b))) == (
        KallelseVersion.BuildStatus.DONE,
        "Annat förbunds sigill",
    )


def test_a_wrong_password_beside_the_seal_fails_the_build(
    installation, seals, federation, chef
):
    own_seal(seals, "testforbund", "Testförbundets sigill", password="hemligt")
    (seals / "testforbund.password").write_text("fel")

    row = kallelse_of(federation, chef)

    assert row.build_status == KallelseVersion.BuildStatus.FAILED
    assert "testforbund.p12" in row.build_error


def test_a_link_to_nothing_is_an_error_not_the_installation_seal(
    installation, seals, federation, chef
):
    (seals / "testforbund.p12").symlink_to(seals / "gone.p12")

    row = kallelse_of(federation, chef)

    assert (row.build_status, row.has_file) == (
        KallelseVersion.BuildStatus.FAILED,
        False,
    )


def test_a_slug_that_leaves_the_folder_names_no_seal(
    installation, seals, tmp_path, federation, chef
):
    """A slug written past SlugField's validation must not reach a file outside
    SEAL_DIR, nor silently get the installation's seal."""
    create_self_signed_seal(tmp_path / "evil.p12", common_name="Utanför")
    Federation.objects.filter(pk=federation.pk).update(slug="../evil")
    federation.refresh_from_db()

    row = kallelse_of(federation, chef)

    assert (row.build_status, row.has_file) == (
        KallelseVersion.BuildStatus.FAILED,
        False,
    )
    assert "cannot name a seal file" in row.build_error


def _renew(seals, slug: str) -> bytes:
    """Replace the förbund's seal by a new certificate; the old one's PEM."""
    old = certificate_pem(seals / f"{slug}.p12")
    own_seal(seals, slug, "Testförbundets nya sigill")
    return old


def test_a_renewed_seal_keeps_older_files_valid_through_the_previous_list(
    installation, seals, federation, chef
):
    own_seal(seals, "testforbund", "Testförbundets sigill")
    old_file = stored_bytes(kallelse_of(federation, chef))
    old_pem = _renew(seals, "testforbund")

    without = check_seal(old_file)
    (seals / "previous" / "testforbund").mkdir(parents=True)
    (seals / "previous" / "testforbund" / "2024.pem").write_bytes(old_pem)
    kept = check_seal(old_file)
    new_file = stored_bytes(kallelse_of(federation, chef))

    assert without.state == SealState.INVALID
    assert (kept.state, kept.owner) == (SealState.VALID, SealOwner("testforbund"))
    # The previous list is for checking only: new files get the new seal.
    assert signer_name(new_file) == "Testförbundets nya sigill"
    assert check_seal(new_file).owner == SealOwner("testforbund")


def test_a_renewed_installation_seal_is_kept_in_previous_directly(
    settings, installation, seals, federation, chef, tmp_path
):
    old_file = stored_bytes(kallelse_of(federation, chef))
    (seals / "previous").mkdir()
    der = x509.load_pem_x509_certificate(certificate_pem(installation)).public_bytes(
        serialization.Encoding.DER
    )
    (seals / "previous" / "portalen-2024.crt").write_bytes(der)
    renewed = tmp_path / "installation-2025.p12"
    create_self_signed_seal(renewed, common_name="Portalens nya sigill")
    settings.SEAL_PKCS12_PATH = str(renewed)

    check = check_seal(old_file)

    assert (check.state, check.owner) == (SealState.VALID, INSTALLATION)


def test_a_previous_certificate_kept_for_the_wrong_owner_names_that_owner(
    installation, seals, federation, chef
):
    """The owner is the folder the certificate is kept in: misfiled, the page names
    the wrong förbund, which then shows as a mix-up rather than passing."""
    own_seal(seals, "testforbund", "Testförbundets sigill")
    old_file = stored_bytes(kallelse_of(federation, chef))
    old_pem = _renew(seals, "testforbund")
    (seals / "previous" / "annat").mkdir(parents=True)
    (seals / "previous" / "annat" / "x.pem").write_bytes(old_pem)

    assert check_seal(old_file).owner == SealOwner("annat")


def _ca_and_leaf(tmp_path):
    """A CA certificate and a PKCS#12 of a seal certificate it issued."""
    now = datetime.datetime.now(datetime.UTC)

    def certificate(name, key, issuer, issuer_key, ca):
        return (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)]))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), True)
            .sign(issuer_key, hashes.SHA256())
        )

    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    leaf_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = certificate("Någon CA", ca_key, "Någon CA", ca_key, True)
    leaf = certificate("Vem som helst", leaf_key, "Någon CA", ca_key, False)
    p12 = tmp_path / "leaf.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"leaf", leaf_key, leaf, [ca], serialization.NoEncryption()
        )
    )
    return ca.public_bytes(serialization.Encoding.PEM), p12


def test_a_ca_certificate_in_the_previous_list_vouches_for_nothing(
    settings, installation, seals, tmp_path
):
    ca_pem, leaf = _ca_and_leaf(tmp_path)
    settings.SEAL_PKCS12_PATH = str(leaf)
    sealed_by_anyone = core_seal.seal_pdf(pdf(1))
    settings.SEAL_PKCS12_PATH = str(installation)
    (seals / "previous").mkdir()
    (seals / "previous" / "ca.pem").write_bytes(ca_pem)

    assert check_seal(sealed_by_anyone).state == SealState.INVALID
    assert any("CA certificate" in m.msg for m in seal_loads(None))


def test_one_certificate_for_two_owners_is_trusted_for_neither(
    installation, seals, federation, chef
):
    own_seal(seals, "testforbund", "Testförbundets sigill")
    sealed = stored_bytes(kallelse_of(federation, chef))
    (seals / "annat.p12").write_bytes((seals / "testforbund.p12").read_bytes())

    assert check_seal(sealed).state == SealState.INVALID
    assert any("trusted for neither" in m.msg for m in seal_loads(None))


# check --deploy ----------------------------------------------------------------


def _ids(messages) -> list[str]:
    return [m.id for m in messages]


def test_no_seal_at_all_warns(settings, seals):
    settings.SEAL_PKCS12_PATH = ""

    deploy = checks.run_checks(include_deployment_checks=True)

    assert _ids(seal_configured(None)) == ["core.W002"]
    assert "core.W002" in _ids(deploy)


def test_only_some_federations_sealed_warns_of_the_others(settings, seals):
    settings.SEAL_PKCS12_PATH = ""
    own_seal(seals, "testforbund", "Testförbundets sigill")

    assert (_ids(seal_configured(None)), seal_loads(None)) == (["core.W003"], [])


def test_a_complete_configuration_is_clean(installation, seals):
    own_seal(seals, "testforbund", "Testförbundets sigill")
    old_pem = _renew(seals, "testforbund")
    own_seal(seals, "annat", "Annat förbunds sigill", password="hemligt")
    (seals / "previous" / "testforbund").mkdir(parents=True)
    (seals / "previous" / "testforbund" / "old.pem").write_bytes(old_pem)
    (seals / "previous" / "testforbund" / "README").write_text("ignored")

    assert (seal_configured(None), seal_loads(None)) == ([], [])


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("testforbund.p12", b"broken", "testforbund.p12"),
        ("Sjuhärad.p12", b"x", "names no förbund"),
        ("previous/old.pem", b"-----BEGIN CERTIFICATE-----\nAAAA\n", "old.pem"),
        ("previous/annat/old.crt", b"not DER", "old.crt"),
        ("previous/Sjuhärad/old.pem", b"", "previous/<slug>/"),
    ],
)
def test_a_seal_file_that_cannot_be_used_is_an_error(
    installation, seals, name, data, said
):
    (seals / name).parent.mkdir(parents=True, exist_ok=True)
    (seals / name).write_bytes(data)

    errors = seal_loads(None)

    assert _ids(errors) == ["core.E002"]
    assert said in errors[0].msg


def test_seal_dir_that_is_not_a_folder_is_an_error(settings, installation, tmp_path):
    settings.SEAL_DIR = str(tmp_path / "missing")

    assert _ids(seal_loads(None)) == ["core.E002"]
