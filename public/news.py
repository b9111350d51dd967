"""What is new on the public side of a förbund, for the Atom feeds and the e-mails:
tillkännagivanden put up, kallelser published and protokoll justerade.

Read through public.selectors only, so a feed or an e-mail shows nothing a public
page would not. A justering's own anslag is the protokoll's item (one entry, not
two); a kallelse of a meeting that is not public is not news.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from federation.models import Body, Federation
from meetings.models import KallelseVersion
from minutes.models import Anslag

from .selectors import justerade_protokoll, public_meetings

FEED_ITEMS = 30

# XML 1.0 (the Atom feed) has no place for a control character but tab and line
# breaks; Word pastes a manual line break as U+000B and a page break as U+000C.
_CONTROL = {c: None for c in range(32) if c not in (9, 10, 13)} | {11: 10, 12: 10}


def plain(text: str) -> str:
    """The text without the control characters XML refuses."""
    return text.translate(_CONTROL)


@dataclass(frozen=True)
class NewsItem:
    uid: str
    kind: str
    title: str
    summary: str
    path: str
    published: datetime.datetime

    @property
    def url(self) -> str:
        return settings.SITE_URL.rstrip("/") + self.path


def news_items(
    federation: Federation,
    body: Body | None = None,
    *,
    since: datetime.datetime | None = None,
    limit: int = FEED_ITEMS,
    now: datetime.datetime | None = None,
) -> list[NewsItem]:
    """The newest items, newest first: at most `limit`, published after `since`
    and not after `now` (a notice dated later is not news before its day)."""
    items = (
        _anslag(federation, body, since, limit, now or timezone.now())
        + _kallelser(federation, body, since, limit)
        + _protokoll(federation, body, since, limit)
    )
    items.sort(key=lambda item: (item.published, item.uid), reverse=True)
    return items[:limit]


def put_up_at(anslag: Anslag) -> datetime.datetime:
    """When a notice is news: when it was written, or the start of the day it is
    put up on the anslagstavla when that is later (a notice dated ahead)."""
    start = timezone.make_aware(
        datetime.datetime.combine(anslag.posted_on, datetime.time())
    )
    return max(anslag.created_at, start)


def _anslag(federation, body, since, limit, now) -> list[NewsItem]:
    anslag = Anslag.objects.filter(
        federation=federation, posted_on__lte=timezone.localdate(now)
    ).exclude(kind=Anslag.Kind.JUSTERING)
    if body is not None:
        # Only a kungörelse belongs to a body; the förbund's notices to none.
        anslag = anslag.filter(meeting__body=body)
    else:
        anslag = anslag.filter(
            Q(meeting__isnull=True) | Q(meeting__in=public_meetings(federation))
        )
    if since is not None:
        # Written since, or put up since (dated ahead when written).
        anslag = anslag.filter(
            Q(created_at__gt=since) | Q(posted_on__gte=timezone.localdate(since))
        )
    anslag = anslag.select_related("meeting__body")
    # The newest `limit` by the later of the two moments are among the newest
    # `limit` by each.
    rows = {
        a.pk: a
        for order in ("-created_at", "-posted_on")
        for a in anslag.order_by(order, "-pk")[:limit]
    }
    path = reverse("minutes:anslagstavla", args=[federation.slug])
    items = [
        NewsItem(
            uid=f"anslag-{a.pk}",
            kind=str(a.get_kind_display()),
            title=a.heading,
            summary=a.text,
            path=path,
            published=put_up_at(a),
        )
        for a in rows.values()
    ]
    return [
        item
        for item in items
        if item.published <= now and (since is None or item.published > since)
    ]


def _kallelser(federation, body, since, limit) -> list[NewsItem]:
    versions = KallelseVersion.objects.filter(
        meeting__in=public_meetings(federation, body)
    )
    if since is not None:
        versions = versions.filter(published_at__gt=since)
    items = []
    for version in versions.select_related("meeting__body").order_by("-published_at")[
        :limit
    ]:
        meeting = version.meeting
        title = _("Kallelse: %(body)s %(date)s") % {
            "body": meeting.body.name,
            "date": f"{meeting.date:%Y-%m-%d}",
        }
        if version.is_supplement:
            title = _("Supplementary documents: %(body)s %(date)s") % {
                "body": meeting.body.name,
                "date": f"{meeting.date:%Y-%m-%d}",
            }
        items.append(
            NewsItem(
                uid=f"kallelse-{version.pk}",
                kind=_("Kallelse"),
                title=title,
                summary=meeting.place,
                path=reverse("public:meeting", args=[federation.slug, meeting.pk]),
                published=version.published_at,
            )
        )
    return items


def _protokoll(federation, body, since, limit) -> list[NewsItem]:
    minutes = justerade_protokoll(federation, body).filter(justerat_at__isnull=False)
    if since is not None:
        minutes = minutes.filter(justerat_at__gt=since)
    return [
        NewsItem(
            uid=f"protokoll-{m.pk}",
            kind=_("Approved minutes"),
            title=_("Minutes: %(body)s %(date)s")
            % {"body": m.meeting.body.name, "date": f"{m.meeting.date:%Y-%m-%d}"},
            summary="",
            path=reverse("minutes:public_detail", args=[federation.slug, m.pk]),
            published=m.justerat_at or timezone.now(),
        )
        for m in minutes.order_by("-justerat_at")[:limit]
    ]
