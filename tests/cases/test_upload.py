import datetime
import hashlib
import io

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Document
from cases.services import register_document, register_generated_document

from .factories import pdf_bytes

DAY = datetime.date(2024, 2, 9)


def _register(federation, user, upload, **extra):
    fields = {
        "title": "Samverkansavtal BRvux",
        "kind": Document.Kind.AVTAL,
        "direction": Document.Direction.INCOMING,
        "date": DAY,
        "counterpart": "Herrljunga kommun",
    } | extra
    return register_document(federation, uploaded_file=upload, by=user, **fields)


def _pdf_with(mutate) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    mutate(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _refused(federation, user, upload, stored_files, **extra) -> str:
    with pytest.raises(ValidationError) as caught:
        _register(federation, user, upload, **extra)
    assert Document.objects.count() == 0
    assert stored_files() == []
    return caught.value.messages[0]


def test_register_document_stores_file_hash_and_pages(federation, chef, pdf_upload):
    content = pdf_bytes(pages=3)

    document = _register(federation, chef, pdf_upload(content))

    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.page_count == 3
    assert document.file.read() == content
    assert document.file.name.startswith("handlingar/")
    assert document.registered_by == chef


def test_register_document_refuses_wrong_type(federation, chef, stored_files):
    png = SimpleUploadedFile("bild.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "image/png")

    message = _refused(federation, chef, png, stored_files)

    assert message == "Filen är inte en PDF."


def test_register_document_refuses_renamed_non_pdf(federation, chef, stored_files):
    renamed = SimpleUploadedFile("avtal.pdf", b"PK\x03\x04 a docx", "application/pdf")

    message = _refused(federation, chef, renamed, stored_files)

    assert message == "Filen är inte en PDF."


def test_register_document_refuses_damaged_pdf(federation, chef, stored_files):
    broken = SimpleUploadedFile(
        "trasig.pdf", b"%PDF-1.7\nnot really", "application/pdf"
    )

    message = _refused(federation, chef, broken, stored_files)

    assert message == "Filen är ingen PDF som går att öppna (den kan vara skadad)."


def test_register_document_refuses_too_large_before_reading(
    federation, chef, stored_files, settings, monkeypatch
):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("stor.pdf", b"%PDF-" + b"0" * (1024 * 1024))

    def fail(*args, **kwargs):
        raise AssertionError("the file was read")

    monkeypatch.setattr(upload, "chunks", fail)

    message = _refused(federation, chef, upload, stored_files)

    assert message == "Filen är för stor – max 1 MB."


def test_register_document_refuses_stream_larger_than_stated(
    federation, chef, stored_files, settings
):
    settings.MAX_UPLOAD_MB = 1
    upload = SimpleUploadedFile("stor.pdf", pdf_bytes() + b"0" * (1024 * 1024))
    upload.size = 10  # a client may state any size

    message = _refused(federation, chef, upload, stored_files)

    assert message == "Filen är för stor – max 1 MB."


def test_register_document_refuses_encrypted(federation, chef, stored_files):
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, encryption=pikepdf.Encryption(owner="o", user="hemligt"))
    upload = SimpleUploadedFile("krypterad.pdf", out.getvalue())

    message = _refused(federation, chef, upload, stored_files)

    assert message.startswith("PDF-filen är lösenordsskyddad eller krypterad.")


@pytest.mark.parametrize(
    "mutate",
    [
        lambda pdf: pdf.Root.__setitem__(
            "/Names",
            pikepdf.Dictionary(
                JavaScript=pikepdf.Dictionary(
                    Names=pikepdf.Array(
                        [
                            pikepdf.String("x"),
                            pdf.make_indirect(
                                pikepdf.Dictionary(
                                    S=pikepdf.Name.JavaScript, JS="app.alert(1)"
                                )
                            ),
                        ]
                    )
                )
            ),
        ),
        lambda pdf: pdf.pages[0].obj.__setitem__(
            "/Annots",
            pikepdf.Array(
                [
                    pikepdf.Dictionary(
                        Type=pikepdf.Name.Annot,
                        Subtype=pikepdf.Name.Link,
                        Rect=[0, 0, 10, 10],
                        A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F="calc.exe"),
                    )
                ]
            ),
        ),
        lambda pdf: pdf.attachments.__setitem__(
            "x.exe", pikepdf.AttachedFileSpec(pdf, b"MZ")
        ),
    ],
    ids=["javascript", "launch", "embedded-file"],
)
def test_register_document_refuses_active_content(
    federation, chef, stored_files, mutate, request
):
    upload = SimpleUploadedFile("aktiv.pdf", _pdf_with(mutate))

    message = _refused(federation, chef, upload, stored_files)

    # Every reason: tests/security/test_hostile_pdfs.py
    reason = {
        "javascript": "innehåller skript (JavaScript).",
        "launch": "innehåller en åtgärd som startar ett program",
        "embedded-file": "innehåller bifogade filer.",
    }[request.node.callspec.id]
    assert message.startswith(f"PDF-filen {reason}")


def test_register_document_strips_open_action(federation, chef):
    content = _pdf_with(
        lambda pdf: pdf.Root.__setitem__(
            "/OpenAction", pikepdf.Array([pdf.pages[0].obj, pikepdf.Name.Fit])
        )
    )

    document = _register(federation, chef, SimpleUploadedFile("a.pdf", content))

    stored = document.file.read()
    with pikepdf.open(io.BytesIO(stored)) as pdf:
        assert "/OpenAction" not in pdf.Root
    assert document.sha256 == hashlib.sha256(stored).hexdigest()


def test_register_document_secret_needs_osl_reference(
    federation, chef, pdf_upload, stored_files
):
    message = _refused(
        federation, chef, pdf_upload(), stored_files, is_secret=True, osl_reference=""
    )

    assert message == (
        "Ange OSL-hänvisningen (sekretessgrunden) för en handling med sekretess."
    )


def test_register_generated_document_from_bytes(federation, chef):
    content = pdf_bytes(pages=2)

    document = register_generated_document(
        federation,
        content=content,
        filename="Tjänsteskrivelse BRS 2024-3",
        title="Tjänsteskrivelse",
        kind=Document.Kind.TJANSTESKRIVELSE,
        by=chef,
    )

    assert (document.direction, document.page_count) == ("drawn_up", 2)
    assert document.file.name.endswith("/tjansteskrivelse-brs-2024-3.pdf")
