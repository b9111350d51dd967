import datetime
import io
import threading

import pikepdf
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import Document
from minutes.expedition import expedite_paragraph
from minutes.models import Expedition, Paragraph
from minutes.pdf import render_protokoll
from minutes.services import (
    add_paragraph,
    add_yrkande,
    announce_reservation,
    record_open_vote,
    set_presence,
    set_serving,
    start_minutes,
)
from tests.cases.factories import CaseFactory
from tests.meetings.factories import AgendaItemFactory, MeetingFactory

from .conftest import attendance
from .test_views import _justerat


def _text(content: bytes) -> str:
    # pypdf is not a dependency (docs/architecture.md): skip where it is missing.
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_protokoll_pdf_content(minutes, people, chef):
    set_presence(attendance(minutes, people.l2), is_present=False, by=chef)
    set_serving(attendance(minutes, people.e3), serving_for=people.l2, by=chef)
    paragraph = add_paragraph(minutes, title="Budget", by=chef)
    add_yrkande(paragraph, proposer=people.l1, text="Bifall till förslaget", by=chef)
    ballots = {p.pk: "ja" for p in (people.ordf, people.l1, people.l3, people.e3)}
    ballots[people.l4.pk] = "nej"
    record_open_vote(paragraph, ballots=ballots, by=chef)
    announce_reservation(paragraph, person=people.l4, by=chef)
    minutes = _justerat(minutes, people, chef)

    content = render_protokoll(minutes, public=False)

    text = _text(content)
    with pikepdf.open(io.BytesIO(content)) as pdf:
        part = str(pdf.open_metadata().get("pdfaid:part"))
    assert part == "3"
    assert "Protokoll – Direktionen" in text
    assert "Lilla Navet" in text
    assert "kl. 09.00–12.00" in text
    assert "tjänstgörande ersättare för Lars Två" in text
    assert "Frånvarande ledamöter Lars Två" in text
    assert "§ 1 Budget" in text
    assert "4 Ja, 1 Nej, 0 avstår." in text
    assert "Leif Fyra (S) reserverar sig mot beslutet." in text
    assert "Justerande Lisa Ett – justerat elektroniskt" in text
    assert "Datum då anslaget sätts upp 2024-03-08" in text
    assert "Datum då anslaget tas ned 2024-04-02" in text  # three weeks, past Easter


def test_protokollsutdrag_registered_in_the_diarium_and_mailed(
    minutes, meeting, people, chef, body, mailoutbox, django_capture_on_commit_callbacks
):
    case = CaseFactory(
        federation=meeting.body.federation,
        recipients_external="Ekonomienheten\nekonomi@example.se",
    )
    case.recipient_bodies.add(body)
    item = AgendaItemFactory(meeting=meeting, position=5, title="Avgift", case=case)
    paragraph = add_paragraph(minutes, agenda_item=item, by=chef)
    _justerat(minutes, people, chef)

    with django_capture_on_commit_callbacks(execute=True):
        expedition = expedite_paragraph(paragraph, by=chef)

    document = Document.objects.get(pk=expedition.document_id)
    assert (document.kind, document.direction) == ("protokollsutdrag", "dispatched")
    assert document.case == case
    assert document.title == f"Protokollsutdrag Dir 2024-03-01 § {paragraph.number}"
    assert document.counterpart == "Direktionen, Ekonomienheten, ekonomi@example.se"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].bcc == [
        "ekonomi@example.se",
        "emma@example.se",
        "erik@example.se",
        "eva@example.se",
        "lars@example.se",
        "leif@example.se",
        "lena@example.se",
        "lisa@example.se",
        "olle@example.se",
    ]
    assert mailoutbox[0].attachments[0][2] == "application/pdf"
    assert Expedition.objects.count() == 1


def test_protokoll_page_query_count_constant(client, chef, federation, body, people):
    counts = []
    for n, day in ((1, 5), (3, 6)):
        meeting = MeetingFactory(body=body, date=datetime.date(2024, 5, day))
        minutes = start_minutes(meeting, by=chef)
        for i in range(n):
            p = add_paragraph(minutes, title=f"P{i}", by=chef)
            add_yrkande(p, proposer=people.l1, text="Bifall", by=chef)
        client.force_login(chef)
        url = reverse("minutes:detail", args=[federation.slug, meeting.pk])
        cache.clear()  # each measured cold, the förbund rows too
        with CaptureQueriesContext(connection) as context:
            client.get(url)
        counts.append(len(context.captured_queries))

    assert counts[0] == counts[1]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks (select_for_update) need PostgreSQL; SQLite locks the file",
)
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_paragraphs_get_one_to_fifty(federation, body, people, chef):
    minutes = start_minutes(
        MeetingFactory(body=body, date=datetime.date(2024, 6, 1)), by=chef
    )
    errors = []

    def add(i: int) -> None:
        try:
            add_paragraph(minutes, title=f"P{i}", by=chef)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=add, args=(i,)) for i in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    numbers = sorted(Paragraph.objects.values_list("number", flat=True))
    assert errors == []
    assert numbers == list(range(1, 51))
