"""The public side attacked (issue 21, adversary round): a masked name found by
searching for it, an agenda item not yet published found by the search, a pasted
control character or markup in a notice breaking the Atom feed, a victim's mailbox
flooded from many addresses through the subscription form, and every public page
with Redis down."""

import datetime

import pytest
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from bench.measure import free_port
from cases.models import Document
from cases.services import open_case
from core import cache as core_cache
from meetings.models import AgendaItem, KallelseVersion, Meeting
from minutes.models import Anslag, Minutes, Paragraph
from minutes.services.anslag import post_notice
from public.models import Subscription
from public.search import public_search
from tests.factories import BodyFactory

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture
def diarium(federation):
    federation.publishes_diarium = True
    federation.save()
    case = open_case(federation, title="Taxa 2027", handlaggare=None, by=None)

    def document(title, **fields):
        return Document.objects.create(
            federation=federation,
            case=case,
            title=title,
            kind=Document.Kind.SKRIVELSE,
            direction=Document.Direction.INCOMING,
            date=TODAY,
            **fields,
        )

    return {
        "private": document("Synpunkter på taxan", counterpart="Greta Quistberg"),
        "organisation": document(
            "Yttrande om taxan",
            counterpart="Borås Energi och Miljö",
            counterpart_is_organisation=True,
        ),
    }


def test_a_private_persons_masked_name_finds_nothing(federation, diarium):
    """The public diarium masks a private sender's name; searching for the name must
    not tell which handling they sent (the row would stand beside the name)."""
    client = Client()
    url = reverse("public:diarium", args=[federation.slug])

    by_name = client.get(url, {"q": "Quistberg"}).content.decode()
    by_organisation = client.get(url, {"q": "Energi"}).content.decode()
    by_title = client.get(url, {"q": "Synpunkter"}).content.decode()

    assert "Synpunkter på taxan" not in by_name
    assert [h.title for h in public_search(federation, "Quistberg").hits] == []
    # An organisation is shown by name, so it is found by it; the title still finds
    # the private person's letter (with the name masked).
    assert "Yttrande om taxan" in by_organisation
    assert "Synpunkter på taxan" in by_title
    assert "Quistberg" not in by_title


@pytest.fixture
def published_meeting(federation, chef):
    body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    meeting = Meeting.objects.create(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=10),
        starts_at=datetime.time(9),
        place="Kansliet",
        status=Meeting.Status.KALLELSE_PUBLISHED,
    )
    item = AgendaItem.objects.create(
        meeting=meeting, position=1, kind="beslut", title="Budget 2027"
    )
    KallelseVersion.objects.create(
        meeting=meeting,
        number=1,
        published_at=timezone.now(),
        published_by=chef,
        snapshot={"items": [{"id": item.pk}]},
    )
    return meeting


def test_an_item_added_after_the_kallelse_is_not_found_before_it_is_published(
    federation, published_meeting
):
    """An item added to a published meeting is public by default until the
    secretary marks it otherwise; the public sees it only once a kallelse version
    publishes it (as on the dagordning)."""
    AgendaItem.objects.create(
        meeting=published_meeting,
        position=2,
        kind="beslut",
        title="Avstängning av Quintus Zebrowski",
    )
    page = Client().get(
        reverse("public:meeting", args=[federation.slug, published_meeting.pk])
    )

    assert "Zebrowski" not in page.content.decode()
    assert [h.title for h in public_search(federation, "Zebrowski").hits] == []
    assert [h.title for h in public_search(federation, "Budget").hits] == [
        "Budget 2027"
    ]


def test_a_notice_pasted_with_a_control_character_does_not_break_the_feed(
    federation,
):
    """Word writes a manual line break as U+000B; XML 1.0 has no place for it."""
    post_notice(
        federation,
        kind=Anslag.Kind.OTHER,
        title="Vägarbete\x0bpå Allégatan",
        text="Rad ett\x0bRad två\x0c",
        by=None,
    )

    response = Client().get(reverse("public:feed", args=[federation.slug]))

    assert response.status_code == 200
    assert "Rad ett" in response.content.decode()


def test_markup_in_a_notice_is_text_in_the_feed(federation):
    """The Atom summary is of type html: a notice's text is plain text, so its
    markup is escaped once more and a feed reader shows it, never runs it."""
    post_notice(
        federation,
        kind=Anslag.Kind.OTHER,
        title="Taxa",
        text='Avgift < 500 kr <img src=x onerror="alert(1)">',
        by=None,
    )

    content = Client().get(reverse("public:feed", args=[federation.slug])).content

    assert b"&lt;img" not in content.replace(b"&amp;lt;img", b"")
    assert b"&amp;lt;img src=x" in content


def test_many_addresses_cannot_flood_one_mailbox_with_confirmations(
    federation, django_capture_on_commit_callbacks
):
    """The form's throttle counts the sender's address; the victim's mailbox is
    counted too, so asking from 30 addresses sends a handful of mails at most."""
    url = reverse("public:subscribe", args=[federation.slug])
    answers = []
    for n in range(30):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                Client(REMOTE_ADDR=f"198.51.100.{n + 1}")
                .post(url, {"email": "offer@example.se"})
                .status_code
            )

    assert len(mail.outbox) <= 6
    assert answers[0] == 200
    assert 429 in answers
    assert Subscription.objects.filter(email="offer@example.se").count() == 1


@pytest.fixture
def everything(federation, published_meeting, diarium, chef):
    Minutes.objects.create(meeting=published_meeting, status=Minutes.Status.JUSTERAT)
    Paragraph.objects.create(
        minutes=published_meeting.minutes,
        body=published_meeting.body,
        year=2026,
        number=1,
        title="Budget 2027",
        decision_text="Direktionen beslutar enligt förslaget.",
        is_public=True,
    )
    post_notice(federation, kind=Anslag.Kind.OTHER, title="Vägarbete", by=None)
    return published_meeting


def test_every_public_page_is_served_with_the_cache_down(
    federation, everything, diarium, monkeypatch
):
    monkeypatch.setattr(core_cache, "_breakers", {})
    slug = federation.slug
    body = everything.body
    urls = [
        "/",
        reverse("public:front", args=[slug]),
        reverse("public:calendar", args=[slug]),
        reverse("public:body_calendar", args=[slug, body.pk]),
        reverse("public:calendar_feed", args=[slug]),
        reverse("public:body_calendar_feed", args=[slug, body.pk]),
        reverse("public:meeting", args=[slug, everything.pk]),
        reverse("public:protokoll", args=[slug]),
        reverse("public:search", args=[slug]) + "?q=budget",
        reverse("public:diarium", args=[slug]),
        reverse("public:diarium", args=[slug]) + "?q=taxan",
        reverse("public:begaran", args=[slug, diarium["private"].pk]),
        reverse("public:subscribe", args=[slug]),
        reverse("public:feed", args=[slug]),
        reverse("public:body_feed", args=[slug, body.pk]),
        reverse("minutes:anslagstavla", args=[slug]),
    ]
    closed = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    client = Client()
    with override_settings(CACHES=closed):
        answers = {url: client.get(url).status_code for url in urls}
        asked = client.post(
            reverse("public:begaran", args=[slug, diarium["private"].pk]),
            {"name": "", "contact": "jag@example.se", "format": "email"},
        )

    assert answers == dict.fromkeys(urls, 200)
    assert asked.status_code == 302


def test_other_methods_and_unknown_addresses_are_no_error(federation, diarium):
    client = Client()
    slug = federation.slug

    assert client.get(f"/{slug}/finns-inte/").status_code == 404
    assert client.get(f"/{slug}/dagordning/999999/").status_code == 404
    assert client.get(f"/{slug}/kalender/organ/999999/").status_code == 404
    assert client.get(f"/{slug}/kalender/organ/999999.ics").status_code == 404
    assert client.get(f"/{slug}/nytt/organ/999999.atom").status_code == 404
    assert client.get(f"/{slug}/begaran/999999/kvitto/").status_code == 404
    assert client.post(reverse("public:feed", args=[slug])).status_code == 405
    assert client.put(reverse("public:subscribe", args=[slug])).status_code == 405
    assert client.head(reverse("public:calendar_feed", args=[slug])).status_code == 200
    assert (
        client.get(
            reverse("public:protokoll", args=[slug]), {"organ": "9" * 40, "sida": "-1"}
        ).status_code
        == 200
    )
    assert (
        client.get(
            reverse("public:calendar", args=[slug]), {"sida": "99999999999"}
        ).status_code
        == 200
    )


def test_digits_of_other_scripts_in_a_page_number_are_no_error(federation, diarium):
    """ "²".isdigit() is true, int("²") an error: a page number is ASCII digits."""
    client = Client()
    slug = federation.slug

    answers = [
        client.get(reverse("public:search", args=[slug]), {"q": "taxan", "sida": "²"}),
        client.get(reverse("public:diarium", args=[slug]), {"sida": "²"}),
        client.get(reverse("public:protokoll", args=[slug]), {"organ": "²"}),
        client.get(reverse("public:calendar", args=[slug]), {"sida": "²"}),
    ]

    assert [a.status_code for a in answers] == [200, 200, 200, 200]
