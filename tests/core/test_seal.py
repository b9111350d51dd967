"""The seal on stored PDFs (core.seal), made in core.documents' store step."""

import datetime
import hashlib
import io
import logging
import time

import pikepdf
import pytest
from django.core import checks
from django.core.management import call_command
from django.utils import timezone
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

from core import seal as core_seal
from core.checks import seal_configured, seal_loads
from core.documents import build_document
from core.seal import SealState, check_seal, create_self_signed_seal, seal_pdf
from meetings.models import ItemKind, KallelseVersion
from meetings.services import add_free_item, create_meeting, publish_kallelse
from tests.factories import BodyFactory
from tests.meetings.conftest import make_pdf as pdf
from tests.meetings.factories import MeetingFactory

pytestmark = pytest.mark.django_db


def use_seal(settings, path, password: str = "") -> None:
    settings.SEAL_PKCS12_PATH, settings.SEAL_PKCS12_PASSWORD = str(path), password


@pytest.fixture
def seal(settings, tmp_path):
    """A seal of the test's own, in a PKCS#12 with a password."""
    path = tmp_path / "seal.p12"
    create_self_signed_seal(
        path, common_name="Testförbundets sigill", password="hemligt"
    )
    use_seal(settings, path, "hemligt")
    return path


@pytest.fixture
def kallelse(seal, federation, chef, django_capture_on_commit_callbacks):
    """A published kallelse, rendered by its task and stored by core.documents."""
    body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    meeting = create_meeting(
        body,
        date=datetime.date(2024, 3, 1),
        starts_at=datetime.time(9, 0),
        place="Lilla Navet",
        by=chef,
    )
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(meeting, by=chef, today=datetime.date(2024, 2, 20))
    version.refresh_from_db()
    return version


def _read(row) -> bytes:
    with row.file.open("rb") as handle:
        return handle.read()


def _validate(data: bytes):
    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    context = ValidationContext(trust_roots=[core_seal.seal_certificate()])
    return validate_pdf_signature(signature, context)


def test_pyhanko_validates_the_seal_of_a_stored_kallelse(kallelse):
    data = _read(kallelse)

    status = _validate(data)

    assert kallelse.build_status == KallelseVersion.BuildStatus.DONE
    assert (status.intact, status.valid, status.trusted) == (True, True, True)
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert kallelse.sha256 == hashlib.sha256(data).hexdigest()
    assert kallelse.size == len(data)
    with pikepdf.open(io.BytesIO(data)) as stored:
        assert kallelse.page_count == len(stored.pages)
    assert check_seal(data).state == SealState.VALID


def test_changing_one_byte_of_a_sealed_kallelse_breaks_its_seal(kallelse):
    data = bytearray(_read(kallelse))
    inside_a_stream = data.index(b"stream\n") + 20  # a page's content, not structure
    data[inside_a_stream] ^= 0x01
    changed = bytes(data)

    status = _validate(changed)

    assert (status.intact, status.bottom_line) == (False, False)
    assert check_seal(changed).state == SealState.INVALID


def test_sealing_keeps_the_pages_and_appends_to_the_bytes(seal):
    data = pdf(3)

    sealed = seal_pdf(data)

    with pikepdf.open(io.BytesIO(sealed)) as document:
        assert len(document.pages) == 3
    assert sealed[: len(data)] == data


def _metadata(data: bytes) -> tuple:
    document = pikepdf.open(io.BytesIO(data))
    with document.open_metadata(set_pikepdf_as_editor=False) as meta:
        xmp = dict(meta)
    version = document.Root.get("/Version")
    return xmp, dict(document.docinfo), version, document.pdf_version


def test_sealing_leaves_the_metadata_and_version_as_built(seal):
    document = pikepdf.new()
    document.add_blank_page()
    with document.open_metadata() as meta:
        meta["dc:title"] = "Kallelse"
    buffer = io.BytesIO()
    document.save(buffer, min_version="1.7")
    data = buffer.getvalue()

    sealed = seal_pdf(data)

    assert _metadata(sealed) == _metadata(data)
    assert _metadata(sealed)[2:] == (None, "1.7")


def test_bytes_added_after_the_seal_are_found_out(seal):
    sealed = seal_pdf(pdf(1))
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root["/Lang"] = generic.TextStringObject("sv-SE")  # any later change
    writer.update_root()
    buffer = io.BytesIO()
    writer.write(buffer)

    check = check_seal(buffer.getvalue())

    assert (check.state, check.sealed_bytes) == (SealState.CHANGED, sealed)


def test_a_seal_of_another_key_is_not_ours(settings, seal, tmp_path):
    sealed = seal_pdf(pdf(1))
    other = tmp_path / "other.p12"
    create_self_signed_seal(other, common_name="Någon annans sigill")
    use_seal(settings, other)

    assert check_seal(sealed).state == SealState.INVALID


def test_a_seal_still_holds_after_its_certificate_expired(settings, tmp_path):
    path = tmp_path / "short.p12"
    create_self_signed_seal(path, common_name="Kortlivat sigill", days=2 / 86400)
    use_seal(settings, path)
    sealed = seal_pdf(pdf(1))
    time.sleep(3)  # the certificate is now past its end

    assert check_seal(sealed).state == SealState.VALID


def test_an_unsealed_pdf_has_no_seal(seal):
    assert check_seal(pdf(1)).state == SealState.UNSEALED


def test_without_a_seal_the_build_stores_the_file_unsealed(settings, chef, caplog):
    settings.SEAL_PKCS12_PATH = ""
    row = KallelseVersion.objects.create(
        meeting=MeetingFactory(),
        number=1,
        published_at=timezone.now(),
        published_by=chef,
    )
    data = pdf(2)

    with caplog.at_level(logging.WARNING, logger="core.seal"):
        row = build_document(
            row, build=lambda r: data, file_name=lambda r: "t/1.pdf", reason="test"
        )

    assert (row.build_status, row.sha256) == (
        KallelseVersion.BuildStatus.DONE,
        hashlib.sha256(data).hexdigest(),
    )
    assert _read(row) == data
    assert [r.getMessage() for r in caplog.records] == [
        "No seal configured (SEAL_PKCS12_PATH): stored unsealed"
    ]
    assert check_seal(data).state == SealState.UNCHECKED


def test_a_seal_that_fails_fails_the_build_with_its_error(settings, chef, tmp_path):
    broken = tmp_path / "broken.p12"
    broken.write_bytes(b"not a PKCS#12")
    use_seal(settings, broken)
    row = KallelseVersion.objects.create(
        meeting=MeetingFactory(),
        number=1,
        published_at=timezone.now(),
        published_by=chef,
    )

    row = build_document(
        row, build=lambda r: pdf(1), file_name=lambda r: "t/1.pdf", reason="test"
    )

    assert (row.build_status, row.has_file) == (
        KallelseVersion.BuildStatus.FAILED,
        False,
    )
    assert row.build_error.startswith("ImproperlyConfigured: SEAL_PKCS12_PATH")


def test_check_deploy_warns_without_a_seal(settings):
    settings.SEAL_PKCS12_PATH = ""

    messages = checks.run_checks(include_deployment_checks=True)

    assert [m.id for m in messages if m.id == "core.W002"] == ["core.W002"]
    assert [m.id for m in seal_configured(None)] == ["core.W002"]


def test_a_configured_seal_gives_no_warning(seal):
    assert (seal_configured(None), seal_loads(None)) == ([], [])


def test_a_seal_that_cannot_be_loaded_is_an_error(settings, tmp_path):
    use_seal(settings, tmp_path / "missing.p12")

    assert [m.id for m in seal_loads(None)] == ["core.E002"]


def test_a_wrong_password_is_an_error(settings, seal):
    use_seal(settings, seal, "fel")

    assert [m.id for m in seal_loads(None)] == ["core.E002"]


def test_create_dev_seal_makes_one_seal_once(settings, tmp_path):
    path = tmp_path / "var" / "dev-seal.p12"

    call_command("create_dev_seal", path=path, stdout=io.StringIO())
    first = path.read_bytes()
    call_command("create_dev_seal", path=path, stdout=io.StringIO())
    use_seal(settings, path)

    assert path.read_bytes() == first
    assert check_seal(seal_pdf(pdf(1))).state == SealState.VALID
