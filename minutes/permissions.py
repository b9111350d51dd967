"""Who may do what with a protokoll: by the roles granted in its förbund."""

from django.contrib.auth.models import AnonymousUser, User

from federation.models import Federation
from federation.permissions import has_role
from federation.roles import STAFF_ROLES, Role

from .models import Approval, Minutes


def can_view_minutes(user: User | AnonymousUser, federation: Federation) -> bool:
    """Staff and förtroendevalda read protokoll (which ones: meetings' visibility)."""
    return has_role(user, federation, *STAFF_ROLES, Role.FORTROENDEVALD)


def can_edit_minutes(user: User | AnonymousUser, federation: Federation) -> bool:
    return has_role(user, federation, Role.ADMINISTRATOR)


def pending_approvals(user: User | AnonymousUser, approvals: list[Approval]) -> list:
    """The user's own justeringar still to give, from approvals already loaded."""
    if not user.is_authenticated:
        return []
    return [
        a for a in approvals if a.person.user_id == user.pk and a.approved_at is None
    ]


def can_approve_minutes(
    user: User | AnonymousUser, minutes: Minutes, approvals: list[Approval]
) -> bool:
    """The chosen justerare and the ordförande, while the protokoll is out."""
    return minutes.status == Minutes.Status.SENT and bool(
        pending_approvals(user, approvals)
    )


def can_read_protokoll(user: User | AnonymousUser, minutes: Minutes) -> bool:
    """Whether the user may read this protokoll (its page and PDFs), given they may
    read protokoll in its förbund (can_view_minutes) and see its meeting.

    A protokoll is not available before it is justerat (Swedish practice: the
    anslag of the justerat protokoll makes it public), except to the förbund's
    staff (the secretariat writing it and the kansli around it: STAFF_ROLES) and,
    once it is sent for justering, to the justerare and the ordförande asked to
    approve it (an Approval on it). A förtroendevald otherwise gets a 404, so a
    draft's existence is not revealed."""
    if minutes.status == Minutes.Status.JUSTERAT:
        return True
    if has_role(user, minutes.meeting.body.federation, *STAFF_ROLES):
        return True
    return (
        user.is_authenticated
        and minutes.status == Minutes.Status.SENT
        and minutes.approvals.filter(person__user_id=user.pk).exists()
    )
