"""The public search: public §§ of justerade protokoll, public agenda items and the
published diarium, in Swedish full text and near words (P8's examples); never a
non-public §, a non-public item, a meeting not yet announced or a sekretess word.
Run on PostgreSQL too (DATABASE_URL), where the full text and trigrams answer."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Document
from cases.services import open_case
from meetings.models import AgendaItem, KallelseVersion, Meeting
from minutes.models import Minutes, Paragraph
from public.search import PER_PAGE, public_search
from tests.factories import BodyFactory


@pytest.fixture
def published(federation, chef):
    federation.publishes_diarium = True
    federation.save()
    body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    meeting = Meeting.objects.create(
        body=body,
        date=datetime.date(2026, 3, 2),
        starts_at=datetime.time(9),
        status=Meeting.Status.POSTED,
    )
    planned = Meeting.objects.create(
        body=body, date=datetime.date(2026, 4, 2), starts_at=datetime.time(9)
    )
    items = [
        AgendaItem.objects.create(
            meeting=meeting, position=1, kind="beslut", title="Direktionens budget"
        ),
        AgendaItem.objects.create(
            meeting=meeting,
            position=2,
            kind="beslut",
            title="Personalärende Olsson",
            is_public=False,
        ),
        AgendaItem.objects.create(
            meeting=planned, position=1, kind="beslut", title="Hemligt planerat"
        ),
    ]
    KallelseVersion.objects.create(
        meeting=meeting,
        number=1,
        published_at=timezone.now(),
        published_by=chef,
        snapshot={"items": [{"id": i.pk} for i in items[:2]]},
    )
    minutes = Minutes.objects.create(meeting=meeting, status=Minutes.Status.JUSTERAT)
    for number, (title, public) in enumerate(
        [("Medlemsavgifter 2027", True), ("Avskedande Pettersson", False)], 1
    ):
        Paragraph.objects.create(
            minutes=minutes,
            body=body,
            year=2026,
            number=number,
            title=title,
            decision_text="Direktionen beslutar enligt förslaget.",
            is_public=public,
        )
    case = open_case(federation, title="Avfallsplan", handlaggare=None, by=None)
    Document.objects.create(
        federation=federation,
        case=case,
        title="Avfallsplanen remissvar",
        kind="skrivelse",
        direction="incoming",
        date=datetime.date(2026, 2, 1),
    )
    Document.objects.create(
        federation=federation,
        case=case,
        title="Anbud Kvartz",
        kind="anbud",
        direction="incoming",
        date=datetime.date(2026, 2, 1),
        is_secret=True,
        osl_reference="31 kap. 16 § OSL",
    )
    return federation


def _titles(federation, query):
    return [hit.title for hit in public_search(federation, query).hits]


def test_the_public_search_finds_swedish_forms_and_parts_of_words(published):
    assert "§ 1 Medlemsavgifter 2027" in _titles(published, "medlemsavgift")
    assert "Direktionens budget" in _titles(published, "direktion")
    assert "§ 1 Medlemsavgifter 2027" in _titles(published, "avgift")
    assert "Avfallsplanen remissvar" in _titles(published, "avfallsplanen")


def test_the_public_search_finds_nothing_hidden(published):
    assert _titles(published, "Pettersson") == []
    assert _titles(published, "Olsson") == []
    assert _titles(published, "Hemligt") == []
    assert _titles(published, "Kvartz") == []


def test_the_search_page_pages_and_refuses_nothing(published):
    client = Client()
    url = reverse("public:search", args=[published.slug])

    page = client.get(url, {"q": "direktion"})
    silly = client.get(url, {"q": "direktion", "sida": "9" * 5000})
    empty = client.get(url, {"q": ""})

    assert page.status_code == 200
    assert "Direktionens budget" in page.content.decode()
    assert silly.status_code == 200
    assert empty.status_code == 200
    assert PER_PAGE == 20
