import datetime
import io
import re

import pikepdf
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from cases.models import Document
from core.pdf import render_pdf
from federation.models import Assignment
from federation.officials import Official
from federation.services_officials import add_official, remove_logo, set_logo
from meetings.models import ItemKind, KallelseVersion
from meetings.pdf import build_kallelse_pdf, cover_context, show_kind
from meetings.services import (
    add_case_item,
    add_free_item,
    create_meeting,
    publish_kallelse,
    store_kallelse_pdf,
)
from meetings.tasks import build_kallelse_pdf_task
from tests.cases.factories import CaseFactory, DocumentFactory
from tests.factories import AssignmentFactory, BodyFactory, PersonFactory

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


# --- Issue 18.4: the kallelse as the reference kallelse looks ----------------------


def _page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [page.extract_text() for page in reader.pages]


def test_every_page_is_numbered_once_across_cover_tjansteskrivelser_and_bilagor(
    published,
):
    with published.file.open("rb") as handle:
        pages = _page_texts(handle.read())

    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert re.findall(r"Sida \d+ av \d+", text) == [
            f"Sida {number} av {len(pages)}"
        ]
        assert not re.search(r"^\s*\d+ \(\d+\)\s*$", text, re.M)  # "1 (1)"


def test_the_bilaga_column_and_headers_name_the_bilaga_and_the_dnr(
    published, case_with_bilaga
):
    with published.file.open("rb") as handle:
        pages = _page_texts(handle.read())
    agenda = next(text for text in pages if "Dagordning" in text)
    dnr = case_with_bilaga.diarienummer

    assert re.search(r"5\. Beslut Årsbokslut 2023, 15 min\s*Bilaga 5\.1–5\.2", agenda)
    assert re.search(r"6\. Beslut Fyllnadsval\s*Bilaga 6\.1", agenda)
    assert "Bilaga 4" not in agenda  # a free item has no bilaga
    headers = [text for text in pages if f"Bilaga 5.2 · Dnr {dnr}" in text]
    assert len(headers) == 2  # both pages of the two-page bilaga


@pytest.fixture
def cover_text(meeting, chef, federation, ledamot_person):
    """The cover's text of a kallelse published now, after the test's setup."""

    def build() -> str:
        add_free_item(
            meeting,
            kind=ItemKind.REPORT,
            title="Rapport från kommunchefsgruppen",
            note="VGR deltar",
            by=chef,
        )
        version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
        return "\n".join(_page_texts(build_kallelse_pdf(version))[:2])

    return build


def test_the_cover_has_the_next_meeting_the_note_and_the_kind_once(
    cover_text, meeting, chef
):
    create_meeting(
        meeting.body,
        date=D(2024, 4, 26),
        starts_at=datetime.time(9),
        ends_at=datetime.time(16),
        by=chef,
    )
    create_meeting(  # a later one: not the next
        meeting.body, date=D(2024, 6, 14), starts_at=datetime.time(9), by=chef
    )

    text = cover_text()

    assert "Nästa sammanträde 2024-04-26 kl. 9.00–16.00" in text
    assert "4. Rapport från kommunchefsgruppen" in text
    assert "Rapport Rapport" not in text
    assert re.search(r"Rapport från kommunchefsgruppen\s*VGR deltar", text)


def test_the_cover_is_signed_by_the_ordforande_and_the_forbundsdirektor(
    cover_text, meeting, federation
):
    chair = PersonFactory(federation=federation, first_name="Ulla", last_name="Berg")
    AssignmentFactory(
        body=meeting.body,
        person=chair,
        role=Assignment.Role.ORDFORANDE,
        valid_from=D(2023, 1, 1),
    )
    add_official(
        federation,
        role=Official.Role.FORBUNDSDIREKTOR,
        title="Förbundsdirektör",
        name="Mattias Hallgren",
        valid_from=D(2019, 1, 1),
        by=None,
    )

    text = cover_text()
    signed = text[text.index("Välkomna!") :]

    # Each name above its title (pypdf reads the two signatures one after the other).
    assert re.search(r"Ulla Berg\s+Ordförande", signed)
    assert re.search(r"Mattias Hallgren\s+Förbundsdirektör", signed)


def test_show_kind_prints_the_kind_once():
    assert show_kind("information", "Läget för järnvägen")
    assert not show_kind("information", "Information från förbundsdirektören")
    assert not show_kind("rapport", "Rapport från kommunchefsgruppen")
    assert not show_kind("anmalan", "Anmälningsärenden")


def _image_colours(data: bytes) -> set[tuple[int, int, int]]:
    pdf = pikepdf.open(io.BytesIO(data))
    colours: set[tuple[int, int, int]] = set()
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image":
            image = pikepdf.PdfImage(obj).as_pil_image().convert("RGB")
            pixel = image.getpixel((image.width // 2, image.height // 2))
            assert isinstance(pixel, tuple)
            colours.add((pixel[0], pixel[1], pixel[2]))
    return colours


def _logo(colour: tuple[int, int, int]) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (90, 40), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue(), "image/png")


def test_each_kallelse_carries_its_own_federations_logo_only(
    meeting, chef, federation, other_federation
):
    red, blue = (200, 0, 0), (0, 0, 200)
    set_logo(federation, _logo(red), by=chef)
    set_logo(other_federation, _logo(blue), by=None)
    theirs = create_meeting(
        BodyFactory(federation=other_federation, short_name="Dir"),
        date=D(2024, 3, 8),
        starts_at=datetime.time(9),
        by=None,
    )
    add_free_item(theirs, kind=ItemKind.INFORMATION, title="Läget", by=None)
    add_free_item(meeting, kind=ItemKind.INFORMATION, title="Läget", by=chef)

    ours = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    other = publish_kallelse(theirs, by=chef, today=D(2024, 2, 20))

    assert _image_colours(build_kallelse_pdf(ours)) == {red}
    assert _image_colours(build_kallelse_pdf(other)) == {blue}
    remove_logo(other_federation, by=None)
    other.refresh_from_db()
    # The published version keeps the logo it was published with (kallelse_print).
    assert _image_colours(build_kallelse_pdf(other)) == {blue}
    add_free_item(theirs, kind=ItemKind.INFORMATION, title="Nytt", by=None)
    supplement = publish_kallelse(theirs, by=chef, change_note="Nytt ärende")
    assert _image_colours(build_kallelse_pdf(supplement)) == set()


def _stored_bilaga(federation, case, title: str, pdf: pikepdf.Pdf, **options):
    """A handling written straight to storage, as if taken under older rules."""
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    document = DocumentFactory(
        federation=federation,
        case=case,
        kind=Document.Kind.BILAGA,
        title=title,
        date=D(2024, 2, 1),
    )
    document.file.save(f"{title}.pdf", ContentFile(buffer.getvalue()))


def test_an_encrypted_bilaga_is_left_out_and_a_turned_a3_one_is_stamped(
    meeting, chef, federation, tmp_path
):
    case = CaseFactory(federation=federation, title="Trafikplan")
    locked = pikepdf.new()
    locked.add_blank_page()
    _stored_bilaga(
        federation,
        case,
        "krypterad",
        locked,
        encryption=pikepdf.Encryption(owner="hemligt", user=""),
    )
    turned = pikepdf.new()
    turned.add_blank_page(page_size=(1191, 842))  # A3 landscape
    turned.pages[0].obj.Rotate = 90
    _stored_bilaga(federation, case, "karta", turned)
    add_case_item(meeting, case=case, by=chef)

    version = publish_kallelse(meeting, by=chef, today=D(2024, 2, 20))
    data = build_kallelse_pdf(version)
    pages = _page_texts(data)

    assert "krypterad" in pages[0] + pages[1]  # named among the left out
    assert re.search(r"4\. Beslut Trafikplan\s*Bilaga 4\.1–4\.2", "\n".join(pages))
    merged = pikepdf.open(io.BytesIO(data))
    (index,) = [i for i, p in enumerate(merged.pages) if p.rotation == 90]
    assert list(merged.pages[index].mediabox) == [0, 0, 1191, 842]
    assert f"Bilaga 4.2 · Dnr {case.diarienummer}" in pages[index]
    assert f"Sida {index + 1} av {len(pages)}" in pages[index]
