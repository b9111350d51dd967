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
) -> list[NewsItem]:
    """The newest items, newest first: at most `limit`, published after `since`."""
    items = (
        _anslag(federation, body, since, limit)
        + _kallelser(federation, body, since, limit)
        + _protokoll(federation, body, since, limit)
    )
    items.sort(key=lambda item: (item.published, item.uid), reverse=True)
    return items[:limit]


def _anslag(federation, body, since, limit) -> list[NewsItem]:
    anslag = Anslag.objects.filter(federation=federation).exclude(
        kind=Anslag.Kind.JUSTERING
    )
    if body is not None:
        # Only a kungörelse belongs to a body; the förbund's notices to none.
        anslag = anslag.filter(meeting__body=body)
    else:
        anslag = anslag.filter(
            Q(meeting__isnull=True) | Q(meeting__in=public_meetings(federation))
        )
    if since is not None:
        anslag = anslag.filter(created_at__gt=since)
    path = reverse("minutes:anslagstavla", args=[federation.slug])
    return [
        NewsItem(
            uid=f"anslag-{a.pk}",
            kind=str(a.get_kind_display()),
            title=a.heading,
            summary=a.text,
            path=path,
            published=a.created_at,
        )
        for a in anslag.select_related("meeting__body").order_by("-created_at")[:limit]
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
