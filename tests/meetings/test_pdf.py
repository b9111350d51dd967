import datetime
import io

import pikepdf
import pytest
from django.urls import reverse
from pypdf import PdfReader

from core.pdf import render_pdf
from meetings.models import ItemKind, KallelseVersion
from meetings.pdf import cover_context
from meetings.services import (
    add_case_item,
    add_free_item,
    publish_kallelse,
    store_kallelse_pdf,
)
from meetings.tasks import build_kallelse_pdf_task
from tests.cases.factories import CaseFactory

D = datetime.date


@pytest.fixture
def published(
    meeting,
    chef,
    federation,
    case_with_bilaga,
    ledamot_person,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    add_free_item(
        meeting,
        kind=ItemKind.INFORMATION,
        title="Läget för järnvägen",
        minutes=10,
        by=chef,
    )
    add_case_item(meeting, case=case_with_bilaga, minutes=15, by=chef)
    add_case_item(
        meeting, case=CaseFactory(federation=federation, title="Fyllnadsval"), by=chef
    )
    with django_capture_on_commit_callbacks(execute=True):
        version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    version.refresh_from_db()
    return version


def _text(data: bytes, first: int, last: int) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(reader.pages[i].extract_text() for i in range(first, last))


def test_the_kallelse_pdf_is_built_once_with_every_part(published):
    with published.file.open("rb") as handle:
        data = handle.read()
    pdf = pikepdf.open(io.BytesIO(data))

    assert published.build_status == KallelseVersion.BuildStatus.DONE
    assert published.page_count == len(pdf.pages)
    with pdf.open_outline() as outline:
        titles = [item.title for item in outline.root]
        children = [[c.title for c in item.children] for item in outline.root]
    assert titles == [
        "Kallelse Direktionen 2024-03-01",
        "5. Årsbokslut 2023",
        "6. Fyllnadsval",
    ]
    assert children == [[], ["Årsredovisning 2023"], []]


def test_the_cover_lists_the_items_in_order_with_the_kallade(published):
    with published.file.open("rb") as handle:
        data = handle.read()
    text = _text(data, 0, 2)

    order = [
        "1. Upprop",
        "2. Fastställande av dagordning",
        "3. Val av justerare",
        "4. Information Läget för järnvägen, 10 min",
        "5. Beslut Årsbokslut 2023, 15 min",
        "6. Beslut Fyllnadsval",
        "7. Anmälningsärenden",
        "8. Övriga frågor",
        "9. Nästa sammanträde",
    ]
    positions = [text.index(line) for line in order]
    assert positions == sorted(positions)
    assert "Lena Ledamot (S)" in text
    assert "Sida 1 av" in text


def _page_index(pdf: pikepdf.Pdf, destination) -> int:
    target = destination[0] if isinstance(destination, pikepdf.Array) else destination
    return next(i for i, p in enumerate(pdf.pages) if p.obj.objgen == target.objgen)


def test_the_bilaga_pages_follow_its_tjansteskrivelse(published):
    with published.file.open("rb") as handle:
        pdf = pikepdf.open(io.BytesIO(handle.read()))
    with pdf.open_outline() as outline:
        case_start = _page_index(pdf, outline.root[1].destination)
        bilaga_start = _page_index(pdf, outline.root[1].children[0].destination)
        next_case = _page_index(pdf, outline.root[2].destination)

    bilaga = [
        i for i, page in enumerate(pdf.pages) if list(page.mediabox) == [0, 0, 500, 700]
    ]
    assert case_start < bilaga_start
    assert bilaga == [bilaga_start, bilaga_start + 1]
    assert next_case == bilaga_start + 2


def test_the_merged_pdf_claims_no_pdfa_but_the_rendered_cover_does(published, meeting):
    with published.file.open("rb") as handle:
        merged = pikepdf.open(io.BytesIO(handle.read()))
    cover = pikepdf.open(
        io.BytesIO(
            render_pdf("meetings/pdf/kallelse.html", cover_context(meeting, published))
        )
    )

    with merged.open_metadata() as meta:
        assert meta.get("pdfaid:part") is None
    assert str(merged.Root.Lang) == "sv"
    with cover.open_metadata() as meta:
        assert meta.get("pdfaid:part") == "3"
        assert meta.get("pdfaid:conformance") == "A"
    assert "/StructTreeRoot" in cover.Root


def test_the_task_run_twice_leaves_one_file_with_the_same_hash(published, mailoutbox):
    first_hash, first_name = published.sha256, published.file.name

    build_kallelse_pdf_task(version_id=published.pk)
    store_kallelse_pdf(published)

    published.refresh_from_db()
    assert published.sha256 == first_hash
    assert published.file.name == first_name
    assert published.build_attempts == 1
    assert KallelseVersion.objects.filter(meeting=published.meeting).count() == 1
    assert len(mailoutbox) == 1


def test_the_kallade_get_one_mail_with_a_link(published, mailoutbox):
    assert [m.to for m in mailoutbox] == [["lena@example.se"]]
    assert mailoutbox[0].subject == "Kallelse: Direktionen 2024-03-01"
    assert f"/testforbund/sammantraden/{published.meeting.pk}/" in mailoutbox[0].body


def test_the_last_stored_version_is_served_while_the_next_is_made(
    client, published, chef, meeting, django_capture_on_commit_callbacks
):
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Budget 2025", by=chef)
    with django_capture_on_commit_callbacks():  # the worker has not started yet
        publish_kallelse(meeting, by=chef, change_note="Budgeten tillkom")
    client.force_login(chef)
    slug = meeting.body.federation.slug

    page = client.get(reverse("meetings:meeting_detail", args=[slug, meeting.pk]))
    first = client.get(reverse("meetings:kallelse_pdf", args=[slug, meeting.pk, 1]))
    second = client.get(reverse("meetings:kallelse_pdf", args=[slug, meeting.pk, 2]))

    with published.file.open("rb") as handle:
        assert b"".join(first.streaming_content) == handle.read()
    assert second.status_code == 404
    html = page.content.decode()
    assert f'href="/{slug}/sammantraden/{meeting.pk}/kallelse-v1.pdf"' in html
    assert f"/{meeting.pk}/kallelse-v2.pdf" not in html
