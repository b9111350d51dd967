"""OParl attacked (issue 21, adversary round): an agenda item added to a published
meeting before any kallelse version publishes it, its ärende and its handlingar;
numbers written in other scripts and dates at the edge of the calendar."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases.models import Document
from cases.services import open_case
from meetings.models import AgendaItem, KallelseVersion, Meeting
from tests.factories import BodyFactory


@pytest.fixture
def published(federation, chef):
    """A published Direktion meeting whose kallelse holds one item; a second item,
    with an ärende and a handling, added since and not yet published."""
    body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    meeting = Meeting.objects.create(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=10),
        starts_at=datetime.time(9),
        place="Kansliet",
        status=Meeting.Status.KALLELSE_PUBLISHED,
    )
    shown = AgendaItem.objects.create(
        meeting=meeting, position=1, kind="beslut", title="Budget 2027"
    )
    KallelseVersion.objects.create(
        meeting=meeting,
        number=1,
        published_at=timezone.now(),
        published_by=chef,
        snapshot={"items": [{"id": shown.pk}]},
    )
    case = open_case(
        federation, title="Avstängning av Quintus Zebrowski", handlaggare=None, by=None
    )
    document = Document(
        federation=federation,
        case=case,
        title="Utredning Zebrowski",
        kind=Document.Kind.BILAGA,
        direction=Document.Direction.DRAWN_UP,
        date=timezone.localdate(),
    )
    document.file.save("utredning.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    document.save()
    AgendaItem.objects.create(
        meeting=meeting, position=2, kind="beslut", title=case.title, case=case
    )
    return {"meeting": meeting, "document": document}


def _get(path: str):
    return Client().get(path)


def test_an_item_added_after_the_kallelse_is_not_served_before_it_is_published(
    federation, published
):
    slug = federation.slug
    answers = [
        _get(reverse(f"oparl:{kind}_list", args=[slug])).content.decode()
        for kind in ("agendaitem", "consultation", "paper", "file", "meeting")
    ]
    answers.append(
        _get(
            reverse("oparl:meeting", args=[slug, published["meeting"].pk])
        ).content.decode()
    )
    download = _get(
        reverse("oparl:file_download", args=[slug, published["document"].pk])
    )

    assert not [a for a in answers if "Zebrowski" in a]
    assert "Budget 2027" in answers[0]
    assert download.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"page": "²"},
        {"limit": "³"},
        {"meeting": "¹"},
    ],
)
def test_digits_of_other_scripts_are_a_400_not_an_error(federation, published, query):
    """ "²".isdigit() is true, int("²") an error."""
    response = Client().get(
        reverse("oparl:agendaitem_list", args=[federation.slug]), query
    )

    assert response.status_code == 400
    assert response.json()["type"].endswith("Error")


@pytest.mark.parametrize(
    "query",
    [
        {"modified_since": "0001-01-01"},
        {"modified_since": "0001-01-01T00:00:00+01:00"},
        {"created_until": "9999-12-31T23:59:59-01:00"},
        {"modified_since": "2024-02-30"},
    ],
)
def test_dates_at_the_edge_of_the_calendar_are_no_error(federation, published, query):
    response = Client().get(
        reverse("oparl:agendaitem_list", args=[federation.slug]), query
    )

    assert response.status_code in (200, 400)


def test_a_huge_id_is_a_404(federation, published):
    response = Client().get(f"/oparl/body/{federation.slug}/meeting/{'9' * 30}/")
    listed = Client().get(
        reverse("oparl:agendaitem_list", args=[federation.slug]),
        {"meeting": "9" * 30},
    )

    assert response.status_code == 404
    assert listed.status_code in (200, 400)
