import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from .factories import pdf_bytes


@pytest.fixture
def pdf_upload():
    def make(content: bytes | None = None, name: str = "handling.pdf"):
        return SimpleUploadedFile(
            name, pdf_bytes() if content is None else content, "application/pdf"
        )

    return make


@pytest.fixture
def stored_files(settings):
    """The files under MEDIA_ROOT, to prove that a refusal stores nothing."""

    def files() -> list:
        root = settings.MEDIA_ROOT
        return (
            sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
        )

    return files
