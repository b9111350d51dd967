"""Kontrollera ett protokoll (/kontrollera/): a public page that says which stored
document a PDF or a sha256 is, and whether its seal holds."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers

from core import seal as core_seal
from core.documents import build_document, request_build, stored_document_models
from core.seal import create_self_signed_seal
from core.verification import find_document
from meetings.models import KallelseVersion
from tests.factories import BodyFactory
from tests.meetings.conftest import make_pdf as pdf
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db
URL = "/kontrollera/"


def sv(msgid: str) -> str:
    """The Swedish of a message as the page shows it (locale/sv carries it)."""
    with translation.override("sv"):
        return gettext(msgid)


@pytest.fixture
def seal(settings, tmp_path):
    path = tmp_path / "seal.p12"
    create_self_signed_seal(path, common_name="Testförbundets sigill")
    settings.SEAL_PKCS12_PATH, settings.SEAL_PKCS12_PASSWORD = str(path), ""
    return path


def _build(row: KallelseVersion, data: bytes) -> KallelseVersion:
    return build_document(
        row,
        build=lambda r: data,
        file_name=lambda r: f"t/{r.pk}.pdf",
        reason="test",
    )


@pytest.fixture
def stored(seal, federation, chef) -> KallelseVersion:
    """A kallelse version of the Testförbundet, stored (and sealed)."""
    meeting = MeetingFactory(body=BodyFactory(federation=federation, short_name="Dir"))
    row = KallelseVersion.objects.create(
        meeting=meeting,
        number=2,
        published_at=timezone.now(),
        published_by=chef,
    )
    return _build(row, pdf(2))


def _bytes(row: KallelseVersion) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def _upload(client, data: bytes, name: str = "kallelse.pdf"):
    return client.post(URL, {"file": SimpleUploadedFile(name, data, "application/pdf")})


def _result(response) -> dict:
    return response.context["result"]


def test_the_page_is_public_with_its_form(client):
    response = client.get(URL)

    assert (response.status_code, response.context["result"]) == (200, None)
    assert reverse("verify") == URL
    assert list(response.context["form"].fields) == ["file", "sha256"]


def test_the_page_finds_a_stored_document_from_its_bytes(client, stored):
    response = _upload(client, _bytes(stored))

    result = _result(response)
    assert result.sha256 == stored.sha256
    assert (result.found.kind, result.found.title) == (
        sv("kallelse version"),
        "Dir 2024-03-01 v2",
    )
    assert (result.found.federation, result.found.made_at) == (
        "Testförbundet",
        stored.stored_at,
    )
    assert (result.seal.state, result.found_by_sealed_part) == ("valid", False)
    assert sv("This is a document of this installation.") in response.content.decode()


def test_the_page_finds_a_stored_document_from_its_sha256(client, stored):
    response = client.post(URL, {"sha256": stored.sha256.upper()})

    result = _result(response)
    assert (result.found.title, result.found.federation, result.seal) == (
        "Dir 2024-03-01 v2",
        "Testförbundet",
        None,
    )


def test_an_unknown_file_is_refused_in_swedish(client, stored):
    response = _upload(client, pdf(1))

    html = response.content.decode()
    assert (_result(response).found, _result(response).seal.state) == (
        None,
        "unsealed",
    )
    assert sv("This file is not a document of this installation.") in html
    assert sv("The file carries no seal.") in html
    assert response.wsgi_request.LANGUAGE_CODE == "sv"


def test_an_unknown_sha256_is_refused(client, stored):
    response = client.post(URL, {"sha256": "0" * 64})

    assert _result(response).found is None
    assert sv("No document of this installation has this checksum.") in (
        response.content.decode()
    )


def test_a_changed_copy_is_not_the_document_and_its_seal_is_broken(client, stored):
    data = bytearray(_bytes(stored))
    data[data.index(b"stream\n") + 8] ^= 0x01

    response = _upload(client, bytes(data))

    assert (_result(response).found, _result(response).seal.state) == (
        None,
        "invalid",
    )


def test_an_earlier_build_is_found_as_replaced(stored):
    first = stored.sha256
    request_build(stored, reason="test")
    rebuilt = _build(stored, pdf(3))

    found = find_document(first)

    assert (found.title, found.is_replaced) == ("Dir 2024-03-01 v2", True)
    assert find_document(rebuilt.sha256).is_replaced is False


def test_a_file_that_is_not_a_pdf_is_refused(client, stored):
    response = _upload(client, b"GIF89a" + b"\0" * 100, name="kallelse.pdf")

    assert response.context["form"].errors == {"file": [sv("The file is not a PDF.")]}
    assert response.context["result"] is None


def test_a_file_over_the_limit_is_refused(client, settings, stored):
    settings.SEAL_VERIFY_MAX_MB = 0

    response = _upload(client, _bytes(stored))

    assert response.context["form"].errors == {
        "file": [sv("The file is larger than %(mb)s MB.") % {"mb": 0}]
    }


def test_a_malformed_sha256_is_refused(client):
    response = client.post(URL, {"sha256": "abc"})

    assert response.context["form"].errors == {
        "sha256": [sv("A sha256 checksum is 64 hexadecimal characters.")]
    }


def test_neither_a_file_nor_a_sha256_is_refused(client):
    response = client.post(URL, {})

    assert response.context["form"].errors == {
        "__all__": [sv("Choose a PDF file or paste a sha256 checksum.")]
    }


def test_one_address_may_check_only_so_often(client, settings, stored):
    settings.SEAL_VERIFY_PER_10_MINUTES = 2
    sha256 = {"sha256": stored.sha256}

    codes = [client.post(URL, sha256).status_code for _ in range(3)]

    assert codes == [200, 200, 429]


def test_without_a_seal_the_page_says_it_cannot_check_one(client, settings, stored):
    data = _bytes(stored)
    settings.SEAL_PKCS12_PATH = ""

    response = _upload(client, data)

    assert (_result(response).found.title, _result(response).seal.state) == (
        "Dir 2024-03-01 v2",
        "unchecked",
    )
    assert hashlib.sha256(data).hexdigest() == stored.sha256


def _sha256_indexed(model) -> bool:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(
            cursor, model._meta.db_table
        )
    return any(c["index"] and c["columns"] == ["sha256"] for c in constraints.values())


@pytest.mark.parametrize("model", stored_document_models(), ids=lambda m: m._meta.label)
def test_every_stored_document_and_its_history_is_found_by_an_index(model):
    """The page looks a sha256 up in every stored-document table and its history:
    by an index each, not a scan."""
    assert (_sha256_indexed(model), _sha256_indexed(model.history.model)) == (
        True,
        True,
    )


# Whose seal (SEAL_DIR/<slug>.p12, else the installation's), and a mixed-up file.


@pytest.fixture
def seals(settings, tmp_path):
    folder = tmp_path / "seals"
    folder.mkdir()
    settings.SEAL_DIR = str(folder)
    return folder


def _own_seal(folder, slug: str, common_name: str):
    create_self_signed_seal(folder / f"{slug}.p12", common_name=common_name)


def _kallelse_of(federation, chef) -> KallelseVersion:
    row = KallelseVersion.objects.create(
        meeting=MeetingFactory(body=BodyFactory(federation=federation)),
        number=1,
        published_at=timezone.now(),
        published_by=chef,
    )
    return _build(row, pdf(1))


def test_the_page_names_the_installations_seal(client, stored):
    response = _upload(client, _bytes(stored))

    result = _result(response)
    assert (result.seal.owner.is_installation, result.seal_owner) == (True, "")
    assert result.mixed_up == ""
    assert (
        sv(
            "The seal is the installation's own, which every federation without a seal "
            "of its own uses."
        )
        in response.content.decode()
    )


def test_the_page_names_the_federation_whose_seal_it_is(
    client, seal, seals, federation, chef
):
    _own_seal(seals, "testforbund", "Testförbundets sigill")
    row = _kallelse_of(federation, chef)

    response = _upload(client, _bytes(row))

    result = _result(response)
    assert (result.seal.state, result.seal_owner, result.mixed_up) == (
        "valid",
        "Testförbundet",
        "",
    )
    assert sv("The seal belongs to %(owner)s.") % {"owner": "Testförbundet"} in (
        response.content.decode()
    )


def test_a_document_sealed_with_another_federations_seal_is_mixed_up(
    client, seal, seals, federation, other_federation, chef
):
    """Sealed by mistake with the wrong key (the other förbund's file put in its
    place), then put right: the stored file is found by its hash, and its seal is
    not its förbund's."""
    _own_seal(seals, "annat", "Annat förbunds sigill")
    (seals / "testforbund.p12").write_bytes((seals / "annat.p12").read_bytes())
    row = _kallelse_of(federation, chef)
    _own_seal(seals, "testforbund", "Testförbundets sigill")

    response = _upload(client, _bytes(row))

    result = _result(response)
    assert (result.found.federation, result.found_by_sealed_part) == (
        "Testförbundet",
        False,
    )
    assert (result.seal.state, result.seal_owner, result.mixed_up) == (
        "valid",
        "Annat förbund",
        "another_federation",
    )
    assert sv(
        "The file's seal belongs to %(owner)s, but the document is %(federation)s's: "
        "the file is forged or mixed up."
    ) % {"owner": "Annat förbund", "federation": "Testförbundet"} in (
        response.content.decode()
    )


def _seal_again(data: bytes, signer) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(
        field_name="Sigill2", subfilter=fields.SigSeedSubFilter.PADES
    )
    return signers.sign_pdf(writer, meta, signer=signer).getvalue()


@pytest.mark.parametrize("by", ["annat", None], ids=["other förbund", "installation"])
def test_a_file_sealed_again_with_another_key_is_mixed_up(
    client, seal, seals, federation, other_federation, chef, by
):
    _own_seal(seals, "testforbund", "Testförbundets sigill")
    _own_seal(seals, "annat", "Annat förbunds sigill")
    row = _kallelse_of(federation, chef)
    again = _seal_again(_bytes(row), core_seal.signer(by))

    response = _upload(client, again)

    result = _result(response)
    assert (result.found.title, result.found_by_sealed_part) == (str(row), True)
    assert (result.seal.state, result.mixed_up) == ("valid", "sealed_again")
    assert (
        sv(
            "A seal was added to the file after the document was made, so it is "
            "not the file this installation made: it is forged or mixed up."
        )
        in response.content.decode()
    )


def test_after_a_renewal_an_old_file_is_its_federations_only_with_the_previous_list(
    client, seal, seals, federation, chef
):
    _own_seal(seals, "testforbund", "Testförbundets sigill")
    old = _bytes(_kallelse_of(federation, chef))
    certificate = core_seal.seal_certificate("testforbund").dump()
    _own_seal(seals, "testforbund", "Testförbundets nya sigill")

    before = _result(_upload(client, old))
    (seals / "previous" / "testforbund").mkdir(parents=True)
    (seals / "previous" / "testforbund" / "2024.crt").write_bytes(certificate)
    after = _result(_upload(client, old))

    assert (before.found.federation, before.seal.state) == ("Testförbundet", "invalid")
    assert (after.seal.state, after.seal_owner, after.mixed_up) == (
        "valid",
        "Testförbundet",
        "",
    )
