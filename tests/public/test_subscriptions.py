"""E-mail subscriptions: double opt-in, news only once confirmed, an unsubscribe
link and one-click header in every message; the Atom feed and the iCal feed."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from federation.models import Body
from meetings.models import KallelseVersion, Meeting
from public.models import Subscription
from public.services import confirm_subscription, send_news, subscribe
from tests.factories import BodyFactory


@pytest.fixture
def meeting(federation, chef):
    """A published Direktion meeting, and one of an officials' group (not public)."""
    body = BodyFactory(federation=federation, name="Direktionen", short_name="Dir")
    group = BodyFactory(
        federation=federation,
        name="Tjänstepersonsgruppen Hemlig",
        short_name="TPG",
        kind=Body.Kind.OFFICIALS,
    )
    day = timezone.localdate() + datetime.timedelta(days=10)
    published = []
    for b in (body, group):
        m = Meeting.objects.create(
            body=b,
            date=day,
            starts_at=datetime.time(9),
            place="Kansliet",
            status=Meeting.Status.KALLELSE_PUBLISHED,
        )
        KallelseVersion.objects.create(
            meeting=m, number=1, published_at=timezone.now(), published_by=chef
        )
        published.append(m)
    return published[0]


def _confirmed(federation, email="granne@example.se"):
    subscribe(federation, email=email, body=None)
    subscription = Subscription.objects.get(email=email)
    confirm_subscription(federation, subscription.token)
    subscription.refresh_from_db()
    return subscription


def test_subscribing_asks_for_a_confirmation_and_a_get_confirms_nothing(
    federation, django_capture_on_commit_callbacks
):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:subscribe", args=[federation.slug]),
            {"email": "granne@example.se"},
        )
    subscription = Subscription.objects.get()
    confirm_url = reverse("public:confirm", args=[federation.slug, subscription.token])

    assert response.status_code == 200
    (message,) = mail.outbox
    assert confirm_url in message.body
    assert client.get(confirm_url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(confirm_url).status_code == 200
    subscription.refresh_from_db()
    assert subscription.is_active


def test_asking_again_tells_nothing_about_whether_the_address_subscribes(
    federation, django_capture_on_commit_callbacks
):
    _confirmed(federation)
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("public:subscribe", args=[federation.slug]),
            {"email": "granne@example.se"},
        )

    assert "Om adressen inte redan prenumererar" in response.content.decode()
    assert mail.outbox == []


def test_news_is_mailed_once_with_a_one_click_unsubscribe(federation, meeting):
    subscription = _confirmed(federation)
    Subscription.objects.filter(pk=subscription.pk).update(
        notified_until=timezone.now() - datetime.timedelta(hours=1)
    )

    assert send_news() == 1
    assert send_news() == 0  # nothing new since
    (message,) = mail.outbox
    unsubscribe = reverse(
        "public:unsubscribe", args=[federation.slug, subscription.token]
    )
    assert "Direktionen" in message.body
    assert "Hemlig" not in message.body  # the officials' group is not public
    assert unsubscribe in message.body
    assert unsubscribe in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == (
        "List-Unsubscribe=One-Click"
    )
    # The mail program's one click: a POST without a CSRF token.
    client = Client(enforce_csrf_checks=True)
    assert client.post(unsubscribe).status_code == 200
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None
    assert not subscription.is_active


def test_an_unconfirmed_address_gets_no_news(federation, meeting):
    subscribe(federation, email="okand@example.se", body=None)
    Subscription.objects.update(notified_until=None)

    assert send_news() == 0
    assert mail.outbox == []


def test_a_wrong_token_finds_nothing(federation, other_federation):
    subscription = _confirmed(federation)
    client = Client()

    wrong = client.post(reverse("public:unsubscribe", args=[federation.slug, "x"]))
    other = client.post(
        reverse("public:unsubscribe", args=[other_federation.slug, subscription.token])
    )

    assert wrong.status_code == 404
    assert other.status_code == 404
    subscription.refresh_from_db()
    assert subscription.is_active


def test_the_atom_and_ical_feeds_list_the_public_meetings_only(federation, meeting):
    client = Client()

    atom = client.get(reverse("public:feed", args=[federation.slug]))
    ical = client.get(reverse("public:calendar_feed", args=[federation.slug]))
    body_feed = client.get(
        reverse("public:body_feed", args=[federation.slug, meeting.body_id])
    )

    assert atom["Content-Type"].startswith("application/atom+xml")
    assert "Kallelse: Direktionen" in atom.content.decode()
    assert "Hemlig" not in atom.content.decode()
    assert ical["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Direktionen" in ical.content
    assert b"Hemlig" not in ical.content
    assert "Kallelse: Direktionen" in body_feed.content.decode()
