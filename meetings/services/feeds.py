"""Calendar feeds: the secret address of a person's meetings as iCalendar."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core import history
from federation.models import Federation, Person
from meetings.models import CalendarToken


@transaction.atomic
def issue_calendar_token(person: Person, *, by: User | None = None) -> CalendarToken:
    """A new secret feed address; any earlier one stops working."""
    for old in CalendarToken.objects.select_for_update().filter(
        person=person, revoked_at__isnull=True
    ):
        revoke_calendar_token(old, by=by)
    token = CalendarToken(person=person)
    history.save(token, by=by, reason="issue_calendar_token")
    return token


def revoke_calendar_token(token: CalendarToken, *, by: User | None = None) -> None:
    token.revoked_at = timezone.now()
    history.save(
        token, by=by, reason="revoke_calendar_token", update_fields=["revoked_at"]
    )


def revoke_calendar_tokens_of(user: User, federation: Federation) -> None:
    """Every feed address of the user's person in the förbund stops working."""
    for token in CalendarToken.objects.filter(
        person__federation=federation, person__user=user, revoked_at__isnull=True
    ):
        revoke_calendar_token(token, by=user)
