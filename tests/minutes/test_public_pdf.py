"""The public protokoll PDF: the stored file, found through the page cache, so the
public's most read document costs no query and no rendering (issue 15, make bench)."""

import hashlib

import pytest
from django.urls import reverse

from minutes.frozen import store_frozen_pdf
from minutes.models import ProtokollVersion
from minutes.services import record_correction

from .test_views import _justerat

PUBLIC = ProtokollVersion.Kind.PUBLIC


@pytest.fixture
def justerat(minutes, people, chef, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the PDFs are built
        return _justerat(minutes, people, chef)


def _url(slug, minutes, **query):
    url = reverse("minutes:public_pdf", args=[slug, minutes.pk])
    return url + "".join(f"?{k}={v}" for k, v in query.items())


def _sha256(response) -> str:
    return hashlib.sha256(b"".join(response.streaming_content)).hexdigest()


def test_the_public_pdf_is_read_from_the_cache_without_a_query(
    client, federation, justerat, django_assert_num_queries
):
    version = justerat.versions.get(kind=PUBLIC)
    client.get(_url(federation.slug, justerat))

    with django_assert_num_queries(0):
        response = client.get(_url(federation.slug, justerat))

    assert response["Content-Disposition"] == (
        'inline; filename="protokoll-2024-03-01-v1.pdf"'
    )
    assert _sha256(response) == version.sha256


def test_a_rattelse_serves_the_new_version_and_keeps_the_old(
    client, federation, justerat, chef, django_capture_on_commit_callbacks
):
    client.get(_url(federation.slug, justerat))  # version 1 cached
    paragraph = justerat.paragraphs.get(number=2)
    with django_capture_on_commit_callbacks(execute=True):
        record_correction(
            paragraph, decision_text="Rättad text", reason="Skrivfel", by=chef
        )
    first, second = (
        justerat.versions.get(kind=PUBLIC, number=n).sha256 for n in (1, 2)
    )

    newest = client.get(_url(federation.slug, justerat))
    old = client.get(_url(federation.slug, justerat, version=1))

    assert (_sha256(newest), _sha256(old)) == (second, first)


def test_a_version_being_made_is_not_cached_as_missing(
    client, federation, minutes, people, chef, django_capture_on_commit_callbacks
):
    justerat = _justerat(minutes, people, chef)  # the build task is not run
    being_made = client.get(_url(federation.slug, justerat))
    with django_capture_on_commit_callbacks(execute=True):
        for version in justerat.versions.all():
            store_frozen_pdf(version)

    stored = client.get(_url(federation.slug, justerat))

    assert (being_made.status_code, stored.status_code) == (503, 200)
    assert _sha256(stored) == justerat.versions.get(kind=PUBLIC).sha256


def test_another_forbunds_slug_never_serves_the_file(
    client, federation, other_federation, justerat
):
    client.get(_url(federation.slug, justerat))  # cached for its own förbund

    response = client.get(_url(other_federation.slug, justerat))

    assert response.status_code == 404


def test_a_junk_version_is_not_found(client, federation, justerat):
    assert [
        client.get(_url(federation.slug, justerat, version=v)).status_code
        for v in ("x", "7")
    ] == [404, 404]


def test_the_public_pdf_may_be_cached_and_the_staff_pdfs_not(
    client, federation, justerat, chef
):
    """The anslagstavla's PDF is the same for everyone; the staff's protokoll,
    justeringsunderlag and utdrag answer each reader by their rights."""
    public = [client.get(_url(federation.slug, justerat)) for _ in range(2)]
    client.force_login(chef)
    args = [federation.slug, justerat.meeting.pk]
    paragraph = justerat.paragraphs.order_by("number").first()
    staff = [
        client.get(reverse("minutes:pdf", args=args)),
        client.get(reverse("minutes:underlag_pdf", args=args)),
        client.get(reverse("minutes:extract_pdf", args=[*args, paragraph.pk])),
    ]

    assert [r.status_code for r in public + staff] == [200] * 5
    assert ["private" in r.get("Cache-Control", "") for r in public] == [False] * 2
    assert [r["Cache-Control"] for r in staff] == ["private, no-store"] * 3


@pytest.mark.parametrize("asked", ["²", "١", "1²", "x", "-1"])
def test_a_version_that_is_no_plain_number_is_404(client, federation, justerat, asked):
    """str.isdigit() is true of "²", which int() refuses: no 500 on a public URL."""
    response = client.get(_url(federation.slug, justerat, version=asked))

    assert response.status_code == 404
