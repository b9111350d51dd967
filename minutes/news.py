"""Nytt (inbox) for those asked to justera: the protokoll waits for them.

The title is the e-mail's subject (notifications.notify_justering): the meeting's
body and date, no paragraph text. Only a person's user with a role in the förbund
gets an item (who else could open the page).
"""

from django.contrib.auth.models import User
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import override

from inbox.models import Item
from inbox.services import post_many

from .models import Minutes


def post_justering_news(minutes: Minutes) -> int:
    meeting = minutes.meeting
    federation = meeting.body.federation
    person_users = set(
        minutes.approvals.filter(person__user__isnull=False).values_list(
            "person__user", flat=True
        )
    )
    users = User.objects.filter(
        pk__in=person_users, role_grants__federation=federation
    ).distinct()
    with override("sv"):
        title = _("Minutes to approve: %(meeting)s") % {"meeting": meeting}
    url = reverse("minutes:detail", args=[federation.slug, meeting.pk])
    return post_many(
        users, federation=federation, kind=Item.Kind.JUSTERING, title=title, url=url
    )
