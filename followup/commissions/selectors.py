"""Reads of uppdrag with the viewer's visibility: the förbund's staff see every
uppdrag, a förtroendevald those of public §§ (a sekretess §'s uppdrag may say what
the § keeps secret)."""

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q

from federation.models import Body, Federation, Person
from federation.permissions import has_role
from federation.roles import STAFF_ROLES

from .models import Commission, CommissionQuerySet


def commissions_for(
    user: User | AnonymousUser, federation: Federation
) -> CommissionQuerySet:
    commissions = Commission.objects.filter(federation=federation).select_related(
        "person",
        "report_to",
        "paragraph__minutes__meeting__body",
        "reported_in",
        "federation",
    )
    if not has_role(user, federation, *STAFF_ROLES):
        commissions = commissions.filter(paragraph__is_public=True)
    return commissions


def filter_commissions(
    commissions: CommissionQuerySet,
    *,
    today: datetime.date,
    status: str = "",
    person: Person | None = None,
    body: Body | None = None,
) -> CommissionQuerySet:
    """The list's filters: a status (försenat: ongoing and past its date; pågående:
    ongoing and not late), the person with the commission, the body it reports to."""
    if status == "overdue":
        commissions = commissions.overdue(today)
    elif status == Commission.State.ONGOING:
        commissions = commissions.open().filter(Q(due_on__gte=today) | Q(due_on=None))
    elif status in Commission.State.values:
        commissions = commissions.filter(state=status)
    if person is not None:
        commissions = commissions.filter(person=person)
    if body is not None:
        commissions = commissions.filter(report_to=body)
    return commissions
