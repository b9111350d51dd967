"""Who may write personal notes: a person of the förbund with an uppdrag in the
meeting's body that has not ended. Who may read one: its author, nobody else
(selectors.notes_of), whatever their roles; the Administratör sets the retention."""

import datetime

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Q
from django.utils import timezone

from federation.access import access_for
from federation.models import Assignment, Body, Federation, Person
from federation.permissions import has_role
from federation.roles import Role


def note_person(
    user: User | AnonymousUser,
    body: Body,
    *,
    today: datetime.date | None = None,
) -> Person | None:
    """The user's person with an uppdrag in the body that has not ended, if any."""
    if not user.is_authenticated:
        return None
    person_ids = access_for(user).person_ids.get(body.federation_id, ())
    if not person_ids:
        return None
    today = today or timezone.localdate()
    seat = (
        Assignment.objects.filter(person_id__in=person_ids, body=body)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("person")
        .order_by("valid_from", "pk")
        .first()
    )
    return seat.person if seat else None


def can_write_notes(user: User | AnonymousUser, body: Body) -> bool:
    return note_person(user, body) is not None


def can_set_note_retention(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)
