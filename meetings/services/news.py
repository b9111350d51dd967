"""Nytt (inbox) for the kallade: a kallelse or kompletterande handlingar published.

The title is the one the kallade's e-mail has as its subject (services.mail): the
body's name and the date, never an ärende's title, so no sekretess text can reach the
list. Only users who may open the meeting page get an item: a kallad person's user
with a role in the förbund.
"""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from inbox.models import Item
from inbox.services import post_many
from meetings.models import KallelseVersion
from meetings.selectors import kallade_for


def post_kallelse_news(version: KallelseVersion) -> int:
    meeting = version.meeting
    federation = meeting.body.federation
    person_users = {p.user_id for p in kallade_for(meeting).persons if p.user_id}
    users = User.objects.filter(
        pk__in=person_users, role_grants__federation=federation
    ).distinct()
    with override("sv"):
        title = (
            _("Supplementary documents: %(meeting)s")
            if version.is_supplement
            else _("Kallelse: %(meeting)s")
        ) % {"meeting": f"{meeting.body.name} {date_format(meeting.date, 'Y-m-d')}"}
    kind = Item.Kind.SUPPLEMENT if version.is_supplement else Item.Kind.KALLELSE
    url = reverse("meetings:meeting_detail", args=[federation.slug, meeting.pk])
    return post_many(users, federation=federation, kind=kind, title=title, url=url)
