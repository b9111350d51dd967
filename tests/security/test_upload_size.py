"""S2: a 200 MB upload is refused before it is read, in Swedish, and leaves nothing.

The body is generated lazily: the test never holds 200 MB, and it counts how much of
the body the server read.
"""

import io
import tempfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test.client import ClientHandler
from django.urls import reverse

from cases.models import Document
from tests.reliability.conftest import make_pdf

pytestmark = pytest.mark.django_db
BOUNDARY = "----gransen"
MB = 1024 * 1024


class LazyMultipart(io.RawIOBase):
    """A multipart form with one PDF-looking file of `size` bytes, made on demand."""

    def __init__(self, fields: dict, size: int):
        head = "".join(
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        head += (
            f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            'filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.7\n'
        )
        self.head, self.tail = head.encode(), f"\r\n--{BOUNDARY}--\r\n".encode()
        self.filler = size - len(b"%PDF-1.7\n")
        self.length = len(self.head) + self.filler + len(self.tail)
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        """Copy the next slice of head, filler or tail; one read buffer at a time."""
        count = min(len(buffer), self.length - self.position)
        chunk = bytearray()
        position = self.position
        filler_end = len(self.head) + self.filler
        while len(chunk) < count:
            want = count - len(chunk)
            if position < len(self.head):
                piece = self.head[position : position + want]
            elif position < filler_end:
                piece = b" " * min(want, filler_end - position)
            else:
                start = position - filler_end
                piece = self.tail[start : start + want]
            chunk += piece
            position += len(piece)
        buffer[:count] = chunk
        self.position = position
        return count


FIELDS = {
    "title": "Stor bilaga",
    "kind": Document.Kind.BILAGA,
    "direction": Document.Direction.INCOMING,
    "date": "2024-02-01",
}


def _temp_files() -> set[Path]:
    return set(Path(tempfile.gettempdir()).glob("*.upload*"))


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_200_mb_upload_is_refused_before_it_is_read(client, chef, federation):
    client.force_login(chef)
    body = LazyMultipart(FIELDS, 200 * MB)
    temp_before = _temp_files()
    environ = {
        **client._base_environ(),
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("cases:document_upload", args=[federation.slug]),
        "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
        "CONTENT_LENGTH": str(body.length),
        "wsgi.input": body,
    }

    response = ClientHandler(enforce_csrf_checks=False)(environ)

    assert response.status_code == 413
    assert "Filen är för stor – max 50 MB." in response.content.decode()
    assert body.position < MB  # not read: refused from the Content-Length
    assert Document.objects.count() == 0
    assert _media_files() == []
    assert _temp_files() == temp_before


def test_a_file_over_the_limit_inside_the_form_room_is_refused_by_the_form(
    client, chef, federation, settings
):
    settings.MAX_UPLOAD_MB = 1
    client.force_login(chef)
    big = b"%PDF-1.7\n" + b" " * int(1.5 * MB)

    response = client.post(
        reverse("cases:document_upload", args=[federation.slug]),
        {**FIELDS, "file": SimpleUploadedFile("stor.pdf", big, "application/pdf")},
    )

    assert response.status_code == 200
    assert "Filen är för stor – max 1 MB." in response.content.decode()
    assert Document.objects.count() == 0
    assert _media_files() == []


def test_a_normal_upload_passes_the_size_guard(client, chef, federation):
    client.force_login(chef)

    response = client.post(
        reverse("cases:document_upload", args=[federation.slug]),
        {**FIELDS, "file": SimpleUploadedFile("liten.pdf", make_pdf(2))},
    )

    assert response.status_code == 302
    assert Document.objects.get().page_count == 2
    assert len(_media_files()) == 1
