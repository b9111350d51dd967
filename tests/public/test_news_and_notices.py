"""News of the public side at its edges: a notice dated ahead is news on its day,
not before (feed and e-mail); a line break in a body's or förbund's name does not
stop the news run."""

import datetime

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from meetings.models import KallelseVersion, Meeting
from minutes.models import Anslag
from minutes.services.anslag import post_notice
from public.models import Subscription
from public.news import news_items
from public.services import confirm_subscription, send_news, subscribe
from tests.factories import BodyFactory


def _confirmed(federation, email, body=None) -> Subscription:
    subscribe(federation, email=email, body=body)
    subscription = Subscription.objects.get(email=email)
    confirm_subscription(federation, subscription.token)
    subscription.refresh_from_db()
    return subscription


def _morning(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)))


def test_a_notice_dated_ahead_is_news_on_its_day_and_not_before(federation, chef):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    subscription = _confirmed(federation, "granne@example.se")
    post_notice(
        federation,
        kind=Anslag.Kind.OTHER,
        title="Vägarbete på Storgatan",
        posted_on=tomorrow,
        by=chef,
    )
    feed = reverse("public:feed", args=[federation.slug])

    today_feed = Client().get(feed).content.decode()
    sent_today = send_news(now=timezone.now())
    on_the_day = news_items(federation, now=_morning(tomorrow))
    sent_on_the_day = send_news(now=_morning(tomorrow))

    assert "Vägarbete" not in today_feed
    assert sent_today == 0
    assert [item.title for item in on_the_day] == ["Vägarbete på Storgatan"]
    # News from the start of its day, though written the day before.
    assert on_the_day[0].published == timezone.make_aware(
        datetime.datetime.combine(tomorrow, datetime.time())
    )
    # Mailed on its day, though written before the subscriber's last message.
    assert sent_on_the_day == 1
    (message,) = mail.outbox
    assert "Vägarbete på Storgatan" in message.body
    assert message.to == [subscription.email]
    assert send_news(now=_morning(tomorrow) + datetime.timedelta(hours=1)) == 0


def test_a_notice_of_today_is_in_the_feed(federation, chef):
    post_notice(
        federation, kind=Anslag.Kind.OTHER, title="Ny taxa för tillsyn", by=chef
    )

    feed = Client().get(reverse("public:feed", args=[federation.slug]))

    assert "Ny taxa för tillsyn" in feed.content.decode()


def test_a_line_break_in_a_body_name_does_not_stop_the_news_run(federation, chef):
    body = BodyFactory(federation=federation, name="Direktionen\r\nför Sjuhärad")
    meeting = Meeting.objects.create(
        body=body,
        date=timezone.localdate() + datetime.timedelta(days=10),
        starts_at=datetime.time(9),
        place="Kansliet",
        status=Meeting.Status.KALLELSE_PUBLISHED,
    )
    federation.name = "Sjuhärads\nkommunalförbund"
    federation.save()
    of_body = _confirmed(federation, "a@example.se", body=body)
    of_all = _confirmed(federation, "b@example.se")
    Subscription.objects.update(
        notified_until=timezone.now() - datetime.timedelta(hours=1)
    )
    KallelseVersion.objects.create(
        meeting=meeting, number=1, published_at=timezone.now(), published_by=chef
    )

    sent = send_news()

    assert sent == 2
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {
        of_body.email: "Nytt från Direktionen för Sjuhärad",
        of_all.email: "Nytt från Sjuhärads kommunalförbund",
    }
    assert all("\n" not in m.message()["Subject"] for m in mail.outbox)


def test_a_line_break_in_the_forbund_name_does_not_stop_the_confirmation(
    federation, django_capture_on_commit_callbacks
):
    federation.name = "Sjuhärads\nkommunalförbund"
    federation.save()

    with django_capture_on_commit_callbacks(execute=True):
        subscribe(federation, email="c@example.se", body=None)

    (message,) = mail.outbox
    assert message.subject.endswith("Sjuhärads kommunalförbund")
