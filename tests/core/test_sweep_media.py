"""manage.py sweep_media: the files a rolled-back upload leaves behind."""

import datetime
import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction

from cases.models import Document
from cases.services import register_document
from core.media import orphan_files, stored_files
from tests.cases.factories import pdf_bytes

DAY = datetime.date(2024, 2, 9)


def _upload(federation, user, title: str) -> Document:
    return register_document(
        federation,
        uploaded_file=SimpleUploadedFile(
            f"{title}.pdf", pdf_bytes(), content_type="application/pdf"
        ),
        title=title,
        kind=Document.Kind.AVTAL,
        direction=Document.Direction.INCOMING,
        date=DAY,
        by=user,
    )


def _age(name: str, hours: int) -> None:
    then = time.time() - hours * 3600
    os.utime(default_storage.path(name), (then, then))


class Failed(Exception):
    pass


@transaction.atomic
def _upload_then_fail(federation, user) -> None:
    _upload(federation, user, "Avtal som rullades tillbaka")
    raise Failed  # a later step of the workflow fails


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_upload_is_found_and_swept_and_nothing_else(federation, chef):
    kept = _upload(federation, chef, "Avtal som finns kvar")
    with pytest.raises(Failed):
        _upload_then_fail(federation, chef)
    (left,) = set(_all()) - {kept.file.name}
    for name in _all():
        _age(name, 25)
    assert Document.objects.count() == 1

    assert orphan_files(datetime.timedelta(hours=24)) == [left]
    report = io.StringIO()
    call_command("sweep_media", stdout=report)
    assert default_storage.exists(left)  # only shown without --delete
    call_command("sweep_media", "--delete", stdout=report)

    assert not default_storage.exists(left)
    assert default_storage.exists(kept.file.name)
    assert "1 filer borttagna." in report.getvalue()


@pytest.mark.django_db(transaction=True)
def test_a_young_file_may_be_an_upload_in_progress(federation, chef):
    default_storage.save("handlingar/2024/pagaende.pdf", io.BytesIO(pdf_bytes()))

    assert orphan_files(datetime.timedelta(hours=24)) == []
    assert orphan_files(datetime.timedelta(0)) == ["handlingar/2024/pagaende.pdf"]


@pytest.mark.django_db(transaction=True)
def test_a_file_only_an_earlier_version_refers_to_is_kept(federation, chef):
    document = _upload(federation, chef, "Avtal version 1")
    first = document.file.name
    Document.objects.filter(pk=document.pk).update(file="")  # the row moved on
    _age(first, 25)

    assert first in {h.file for h in document.history.all()}
    assert orphan_files(datetime.timedelta(hours=24)) == []


def _all() -> list[str]:

    return list(stored_files())
